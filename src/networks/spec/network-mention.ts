/** Why a message reached the account: it names the account, answers one of its posts, or quotes one. */
export const MENTION_KINDS = ['mention', 'reply', 'quote', 'comment'] as const

export type MentionKind = (typeof MENTION_KINDS)[number]

export interface MentionAuthor {
  /** The network's stable id of the person (a DID on Bluesky). */
  id: string
  handle: string
  displayName?: string
  avatarUrl?: string
}

/** One mention, reply, quote or comment received by a channel. */
export interface NetworkMention {
  /** The network's id of the message itself (usable with `fetchPost`, and as a `replyTo` target). */
  id: string
  url: string
  author: MentionAuthor
  text: string
  /** ISO 8601, as claimed by the author's client. */
  createdAt: string
  kind: MentionKind
  /** Id of the post this message answers directly. */
  inReplyTo?: string
  /** Id of the first post of the conversation it belongs to. */
  rootId?: string
  /** Id of the post it quotes (`kind: 'quote'`). */
  quotedId?: string
}

export interface MentionRequest {
  /** Cursor from the previous page; omit for the newest page. */
  cursor?: string
  /** Items per page; each network caps it (Bluesky: 100). */
  limit?: number
}

/**
 * One page, newest first. `cursor` leads to older items and is absent on the last page.
 * Pollers keep paging until they meet an id they already stored.
 */
export interface MentionPage {
  items: NetworkMention[]
  cursor?: string
}
