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
  /** For a network reshare (source bluesky or mastodon; link_id ''): the network's id of it. */
  network_reshare_id: string | null
  /** JSON NetworkAuthor of who reshared, for network reshares. */
  network_author: string | null
}

export type RewardMetric = 'visits' | 'people_reached' | 'leads' | 'customers' | 'revenue'

export interface RewardRulesTable {
  workspace_id: string
  id: string
  name: string
  /** What the advocate gets, in the business's words ("a free coffee"). */
  reward: string
  /** JSON `{metric, at_least}[]`: met when any one is reached. */
  conditions: string
  /** Only shares of this root count; null for all. */
  root_kind: ShareRootKind | null
  root_id: string | null
  active: number
  created_at: number
}

export type RewardState = 'due' | 'given'

export interface RewardsTable {
  workspace_id: string
  id: string
  rule_id: string
  sharer_key: string
  contact_id: string | null
  sharer: string
  earned_with: string
  state: RewardState
  earned_at: number
  given_at: number | null
}

export interface WordOfMouthSettingsTable {
  workspace_id: string
  /** Minor units (cents) per click, for earned media value. */
  cost_per_click: number | null
  /** Minor units per 1,000 impressions. */
  cpm: number | null
  currency: string
  rewards_checked_at: number | null
  rewards_checked_mark: string | null
  updated_at: number
}

export interface ShareLinksTables {
  share_links: ShareLinksTable
  reward_rules: RewardRulesTable
  rewards: RewardsTable
  word_of_mouth_settings: WordOfMouthSettingsTable
}
