import type { ContactStage, Note } from './inbox-types.js'
import type { NetworkId } from './publishing-types.js'

/** Mirrors src/http/routes/contact-schemas.ts (docs/contacts.md). */
export interface Identity {
  id: string
  network: NetworkId
  account_id: string | null
  handle: string
  display_name: string | null
  avatar_url: string | null
  created_at: string
  last_seen_at: string | null
}

export interface Contact {
  id: string
  display_name: string
  first_name: string | null
  email: string | null
  customer_id: string | null
  stage: ContactStage
  stage_changed_at: string | null
  tags: string[]
  engagement_score: number
  message_count: number
  last_seen_at: string | null
  identities: Identity[]
  created_at: string
  updated_at: string
}

export interface StageChange {
  id: string
  from_stage: ContactStage | null
  to_stage: ContactStage
  source: 'rule' | 'manual' | 'import' | 'conversion' | 'merge'
  reason: string | null
  actor_id: string | null
  message_id: string | null
  conversion_id: string | null
  at: string
}

export interface ContactDetail extends Contact {
  stage_history: StageChange[]
  notes: Note[]
}

export interface TimelineItem {
  type: 'message' | 'reply' | 'stage' | 'note' | 'conversion' | 'click'
  id: string
  at: string
  conversation_id?: string | null
  network?: NetworkId | null
  text?: string | null
  url?: string | null
  sentiment?: string | null
  intent?: string | null
  from_stage?: ContactStage | null
  to_stage?: ContactStage
  reason?: string | null
  author_id?: string | null
  conversion_kind?: string | null
  amount?: number | string | null
  currency?: string | null
  event_name?: string | null
  link_id?: string | null
}

export interface ContactFilter {
  q: string
  stage?: ContactStage
  tag?: string
  network?: NetworkId
}

export interface ImportResult {
  rows: number
  created: number
  updated: number
  skipped: number
  errors: Array<{ line: number; message: string }>
}
