import type { MentionAuthor } from './network-mention.js'

/** How someone passed a post on, where the network says who did: Bluesky reposts and quotes, Mastodon boosts. */
export const RESHARE_KINDS = ['repost', 'quote', 'boost'] as const

export type ReshareKind = (typeof RESHARE_KINDS)[number]

/** One reshare of one post: who passed it on, and how. */
export interface NetworkReshare {
  /**
   * The network's id of the reshare. For a quote it is the quoting post, which may be reshared in
   * turn (ask `fetchReshares` about it to follow the spread); reposts and boosts are named by the
   * post and who reshared it when the network gives them no id of their own.
   */
  id: string
  kind: ReshareKind
  /** The post that was reshared: the one asked about. */
  of: string
  author: MentionAuthor
  /** Where people can see it, for quotes. */
  url?: string
  /** ISO 8601, when the network tells (quotes); absent for reposts and boosts it does not date. */
  createdAt?: string
}

export interface ReshareRequest {
  /** Cursor from the previous page; omit for the first. */
  cursor?: string
  /** Items per page; each network caps it (Bluesky 100, Mastodon 80). */
  limit?: number
}

/** One page of reshares; `cursor` leads to the next and is absent on the last page. */
export interface ResharePage {
  items: NetworkReshare[]
  cursor?: string
}
