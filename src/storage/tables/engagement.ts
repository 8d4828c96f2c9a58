import type { NetworkId } from '../../networks/spec/network-id.js'

/**
 * Engagement and relationships: the inbox (conversations and their messages, received from the
 * networks or sent by the business) and contacts (people, their identities on each network,
 * their lifecycle stage with its history). Times are epoch milliseconds; lists stored as JSON text.
 */

export const CONTACT_STAGES = ['audience', 'engaged', 'lead', 'customer', 'lost'] as const
export type ContactStage = (typeof CONTACT_STAGES)[number]

export const INTENTS = ['complaint', 'purchase', 'question', 'praise'] as const
export type Intent = (typeof INTENTS)[number]

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const
export type Sentiment = (typeof SENTIMENTS)[number]

export type ConversationStatus = 'open' | 'done'

/**
 * `post`: a post of the business and everything said under it. `thread`: someone else's thread
 * the business was mentioned or quoted in. `logged`: an exchange recorded by hand (phone, shop).
 */
export type ConversationKind = 'post' | 'thread' | 'logged'

/** Why a message arrived (the network's kinds), `sent` for the business's replies, `logged` by hand. */
export type MessageKind = 'mention' | 'reply' | 'quote' | 'comment' | 'sent' | 'logged'

export interface ContactsTable {
  workspace_id: string
  id: string
  display_name: string
  first_name: string | null
  email: string | null
  /** The business's own id for the person, as sent with conversions (`customer_id`). */
  customer_id: string | null
  stage: ContactStage
  stage_changed_at: number
  /** JSON array of strings, lower case. */
  tags: string
  /** Engagement points at `score_at`; they halve every 30 days (see src/engagement/score.ts). */
  score_points: number
  score_at: number
  message_count: number
  last_seen_at: number | null
  created_at: number
  updated_at: number
}

/** A contact's account on one network; one account is one identity per workspace. */
export interface ContactIdentitiesTable {
  workspace_id: string
  id: string
  contact_id: string
  network: NetworkId
  /** The network's stable id of the account (a DID on Bluesky). */
  account_id: string
  handle: string
  display_name: string | null
  avatar_url: string | null
  created_at: number
  last_seen_at: number | null
}

/** Every change of a contact's stage, and why. */
export interface ContactStageChangesTable {
  workspace_id: string
  id: string
  contact_id: string
  from_stage: ContactStage | null
  to_stage: ContactStage
  /** `rule` (automatic), `manual`, `import`, `conversion`, `merge`. */
  source: string
  reason: string
  actor_id: string | null
  message_id: string | null
  conversion_id: string | null
  at: number
}

export interface ContactNotesTable {
  workspace_id: string
  id: string
  contact_id: string
  body: string
  author_id: string | null
  created_at: number
}

/** Conversions (from the traffic area) tied to a contact, for the timeline and the stage rule. */
export interface ContactConversionsTable {
  workspace_id: string
  contact_id: string
  conversion_id: string
  at: number
}

/** What is left of an erased contact: when, by whom, how much was anonymised. No personal data. */
export interface ContactErasuresTable {
  workspace_id: string
  id: string
  erased_at: number
  erased_by: string | null
  messages_anonymised: number
}

export interface ConversationsTable {
  workspace_id: string
  id: string
  kind: ConversationKind
  /** Null for logged conversations. */
  channel_id: string | null
  network: NetworkId | null
  /** The network's id of the first post of the thread. */
  root_remote_id: string | null
  root_url: string | null
  /** The business's post, when the root is one of its deliveries. */
  post_id: string | null
  delivery_id: string | null
  status: ConversationStatus
  assignee_id: string | null
  /** Most urgent intent among its messages received since it was last marked done. */
  intent: Intent | null
  /** Sentiment of the latest message received. */
  sentiment: Sentiment | null
  /** Higher first: complaints, then purchase intent, questions, the rest (see understanding). */
  priority: number
  /** The author of the latest message received, and their stage (kept in step for filters). */
  contact_id: string | null
  contact_stage: ContactStage | null
  last_message_id: string | null
  /** When the latest message (received or sent) was created: the inbox's order. */
  last_activity_at: number
  message_count: number
  read_at: number | null
  created_at: number
  updated_at: number
}

export interface MessagesTable {
  workspace_id: string
  id: string
  conversation_id: string
  channel_id: string | null
  network: NetworkId | null
  direction: 'in' | 'out'
  kind: MessageKind
  /** The network's id of the message; unique per channel. Null for logged messages. */
  remote_id: string | null
  url: string | null
  contact_id: string | null
  identity_id: string | null
  /** Snapshot of the author as the network showed them (erased with the contact). */
  author_handle: string | null
  author_name: string | null
  text: string
  in_reply_to: string | null
  quoted_id: string | null
  sentiment: Sentiment | null
  sentiment_score: number | null
  intent: Intent | null
  priority: number
  /** JSON `Label[]`: every label given and the reason for it. */
  labels: string
  /** The member who sent it (replies) or logged it. */
  sent_by: string | null
  created_at: number
  received_at: number
  edited_at: number | null
  /** The author deleted it on the network: its text is gone. */
  deleted_at: number | null
  /** Last time sync asked the network whether it was edited or deleted. */
  checked_at: number | null
  /** 1 once its author was erased: nothing personal is left on the row. */
  erased: number
  /** When a member liked it on the network from the inbox, and who. */
  liked_at: number | null
  liked_by: string | null
}

export interface ConversationNotesTable {
  workspace_id: string
  id: string
  conversation_id: string
  body: string
  author_id: string | null
  created_at: number
}

export interface SavedRepliesTable {
  workspace_id: string
  id: string
  name: string
  /** May hold placeholders: {first_name}, {name}, {handle}. */
  body: string
  created_by: string | null
  created_at: number
  updated_at: number
}

/** A transparent intent rule: any of its phrases in a message gives the message its intent. */
export interface IntentRulesTable {
  workspace_id: string
  id: string
  intent: Intent
  name: string
  /** JSON array of phrases (whole words, any case and accents) or /regular expressions/. */
  phrases: string
  enabled: number
  position: number
  created_at: number
  updated_at: number
}

/** Per-workspace inbox state that is not a list: whether the default rules were installed. */
export interface InboxSettingsTable {
  workspace_id: string
  rules_installed_at: number | null
}

/** Where the inbox sync of each channel stands. */
export interface InboxSyncStateTable {
  workspace_id: string
  channel_id: string
  /** Resume point of a walk through older items that stopped on its page budget. */
  gap_cursor: string | null
  next_sync_at: number
  /** Failures in a row (backoff grows with it). */
  failures: number
  last_error: string | null
  last_error_kind: string | null
  last_started_at: number | null
  last_success_at: number | null
  items_received: number
  lease_owner: string | null
  lease_expires_at: number | null
  /** Last "sync now" asked by a person: the next one waits a little (docs/inbox.md). */
  manual_sync_at: number | null
}

export interface EngagementTables {
  contacts: ContactsTable
  contact_identities: ContactIdentitiesTable
  contact_stage_changes: ContactStageChangesTable
  contact_notes: ContactNotesTable
  contact_conversions: ContactConversionsTable
  contact_erasures: ContactErasuresTable
  conversations: ConversationsTable
  messages: MessagesTable
  conversation_notes: ConversationNotesTable
  saved_replies: SavedRepliesTable
  intent_rules: IntentRulesTable
  inbox_settings: InboxSettingsTable
  inbox_sync_state: InboxSyncStateTable
}
