import type { NetworkId } from './publishing-types.js'

/** Mirrors src/http/routes/inbox-schemas.ts (docs/inbox.md). */
export type Sentiment = 'positive' | 'neutral' | 'negative'
export type Intent = 'complaint' | 'purchase' | 'question' | 'praise'
export type ContactStage = 'audience' | 'engaged' | 'lead' | 'customer' | 'lost'
export type ConversationStatus = 'open' | 'done'

export const INTENTS: Intent[] = ['complaint', 'purchase', 'question', 'praise']
export const SENTIMENTS: Sentiment[] = ['positive', 'neutral', 'negative']
export const STAGES: ContactStage[] = ['audience', 'engaged', 'lead', 'customer', 'lost']

export interface Label {
  type: 'sentiment' | 'intent'
  value: string
  reason: string
  rule_id?: string
  rule_name?: string
  matched?: string
}

export interface Message {
  id: string
  conversation_id: string
  direction: 'in' | 'out'
  kind: 'mention' | 'reply' | 'quote' | 'comment' | 'sent' | 'logged'
  channel_id: string | null
  network: NetworkId | null
  remote_id: string | null
  url: string | null
  author: { contact_id: string | null; handle: string | null; name: string | null } | null
  text: string
  in_reply_to: string | null
  quoted_id: string | null
  sentiment: Sentiment | null
  sentiment_score: number | null
  intent: Intent | null
  priority: number
  labels: Label[]
  sent_by: string | null
  created_at: string
  edited_at: string | null
  deleted_at: string | null
}

export interface Conversation {
  id: string
  kind: 'post' | 'thread' | 'logged'
  channel_id: string | null
  network: NetworkId | null
  root_remote_id: string | null
  root_url: string | null
  post_id: string | null
  delivery_id: string | null
  status: ConversationStatus
  assignee_id: string | null
  intent: Intent | null
  sentiment: Sentiment | null
  priority: number
  contact: {
    id: string
    display_name: string
    stage: ContactStage
    handle: string | null
    avatar_url: string | null
  } | null
  last_message: Message | null
  last_activity_at: string
  message_count: number
  unread: boolean
  created_at: string
  updated_at: string
}

export interface Note {
  id: string
  body: string
  author_id: string | null
  created_at: string
}

export interface ConversationDetail extends Conversation {
  root_text: string | null
  messages: Message[]
  more_messages: boolean
  notes: Note[]
}

export interface ConversationFilter {
  status: 'open' | 'done' | 'all'
  channel_id?: string
  assignee_id?: string
  sentiment?: Sentiment
  intent?: Intent | 'none'
  stage?: ContactStage
  sort: 'recent' | 'priority'
}

export interface SavedReply {
  id: string
  name: string
  body: string
  created_by: string | null
  created_at: string
  updated_at: string
}

export interface IntentRule {
  id: string
  intent: Intent
  name: string
  phrases: string[]
  enabled: boolean
  position: number
}

export interface TryResult {
  sentiment: Sentiment
  sentiment_score: number
  intent: Intent | null
  priority: number
  labels: Label[]
}

export interface SyncResult {
  channels: Array<{
    channel_id: string
    network: NetworkId
    handle: string
    status: string
    received: number
    error: string | null
    retry_at: string | null
  }>
}
