/** What a cascade grows from: a post, a tracked link or a campaign (by name, as `links.campaign`). */
export type ShareRootKind = 'post' | 'link' | 'campaign'
/** Where the share was made: Murmur's share links, or a network that says who reshared. */
export type ShareSource = 'murmur' | 'bluesky' | 'mastodon'

/**
 * A personal share link: one node of a word-of-mouth cascade. Its visits are the
 * clicks of its tracked link (`link_id`); `parent_share_link_id` is the share link
 * its sharer arrived through (null for the business's original, generation 0).
 */
export interface ShareLinksTable {
  workspace_id: string
  id: string
  link_id: string
  parent_share_link_id: string | null
  root_kind: ShareRootKind
  root_id: string
  generation: number
  /** Set for links the business made for a known contact. */
  contact_id: string | null
  /** The visitor id (daily salted hash) of the visitor who asked for this link. */
  created_by_visitor: string | null
  source: ShareSource
  is_paid: number
  created_at: number
}

export interface ShareLinksTables {
  share_links: ShareLinksTable
}
