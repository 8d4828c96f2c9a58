import type { NetworkId } from '../../networks/spec/network-id.js'

/** A channel can publish (`active`) or its credentials stopped working and a person must act. */
export type ChannelStatus = 'active' | 'needs_reconnect'

export interface ChannelsTable {
  workspace_id: string
  id: string
  network: NetworkId
  /** The network's stable id of the account (a DID on Bluesky): the same account is one channel. */
  account_id: string
  handle: string
  display_name: string
  avatar_url: string | null
  /** Where the account signs in, for networks that have several servers (Bluesky, Mastodon). */
  service_url: string | null
  /** JSON credentials sealed with murmur.secrets: never stored, logged or answered in clear. */
  credentials: string
  status: ChannelStatus
  /** Why the channel needs reconnecting, in the network's words. */
  status_reason: string | null
  status_changed_at: number | null
  /** The access token's end, for networks whose tokens expire (from the sealed credentials). */
  token_expires_at: number | null
  /** When the owner must have reconnected: the connection ends and Murmur cannot renew it. */
  reconnect_by: number | null
  /** Idle-channel token renewal: one at a time per channel across processes. */
  renewal_lease_expires_at: number | null
  created_by: string | null
  created_at: number
  updated_at: number
}

export interface PostsTable {
  workspace_id: string
  id: string
  /** The campaign's name (free text, as `links.campaign`), exposed as `campaign` by the API. */
  campaign_id: string | null
  /** JSON array of strings. */
  labels: string
  /** The first comment of the shared content (channels with a variant carry their own). */
  first_comment: string | null
  created_by: string | null
  created_at: number
  updated_at: number
}

/**
 * One part of a thread. `delivery_id` null: the post's shared content; otherwise the part
 * belongs to that delivery's variant (a channel with its own text and media).
 */
export interface PostPartsTable {
  workspace_id: string
  id: string
  post_id: string
  delivery_id: string | null
  position: number
  text: string
}

/** An image attached to a part, in order; `alt_text` overrides the media's own for this use. */
export interface PostMediaTable {
  workspace_id: string
  part_id: string
  position: number
  media_id: string
  alt_text: string | null
}

export interface MediaTable {
  workspace_id: string
  id: string
  /** Where the bytes live: `disk` (under the data folder) or `s3` (the configured bucket). */
  storage: 'disk' | 's3'
  /** The key in that store, e.g. `media/ws_…/med_….png` (relative to the data folder on disk). */
  path: string
  thumbnail_path: string | null
  mime_type: string
  size_bytes: number
  width: number | null
  height: number | null
  alt_text: string
  file_name: string | null
  sha256: string
  created_by: string | null
  created_at: number
}

export type DeliveryState =
  | 'draft'
  /** Scheduled by someone whose posts wait for approval: the scheduler never takes it. */
  | 'needs_approval'
  | 'scheduled'
  | 'publishing'
  | 'published'
  | 'failed'
  | 'unconfirmed'

/**
 * Why a delivery is failed or unconfirmed: a network error class, or Murmur's own reasons
 * (`invalid` content, `missed` its time while Murmur was down, `interrupted` mid-publish,
 * `manual` when a person decided).
 */
export type DeliveryErrorKind =
  | 'retryable'
  | 'auth_expired'
  | 'content_rejected'
  | 'outcome_unknown'
  | 'invalid'
  | 'missed'
  | 'interrupted'
  | 'manual'
  | 'internal'

/** One post going to one channel, with its own state. */
export interface DeliveriesTable {
  workspace_id: string
  id: string
  post_id: string
  channel_id: string
  /** Copied from the channel (it never changes) so the scheduler can cap each network. */
  network: NetworkId
  /** 1 when the channel has its own parts (post_parts.delivery_id = id) and first comment. */
  has_variant: number
  variant_first_comment: string | null
  state: DeliveryState
  /** When it should go out. */
  scheduled_at: number | null
  /** 1 when "add to queue" chose `scheduled_at` from the channel's slots. */
  via_queue: number
  /** When the scheduler may take it: `scheduled_at`, or later while backing off. */
  next_attempt_at: number | null
  attempts: number
  /** The network's reason (or Murmur's), in plain words, for failed and unconfirmed. */
  last_error: string | null
  last_error_kind: DeliveryErrorKind | null
  /** JSON `{id,url}[]`: parts that exist on the network, in order (kept across partial failures). */
  remote_parts: string
  /** JSON `{id,url}` of the first comment once published. */
  remote_first_comment: string | null
  /** JSON `{id,url}` of a part whose answer was lost (it may exist). */
  remote_unconfirmed: string | null
  /** JSON Problem[]: what the network did differently (unresolved mentions, re-encoded images). */
  warnings: string
  started_at: number | null
  published_at: number | null
  /** How late it went out, when Murmur was down at its time. */
  late_ms: number | null
  /** The scheduler process holding it, until `lease_expires_at`. */
  lease_owner: string | null
  lease_expires_at: number | null
  created_at: number
  updated_at: number
}

/** A weekly posting time of a channel, in the workspace's time zone. */
export interface SlotsTable {
  workspace_id: string
  id: string
  channel_id: string
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number
  /** Minutes after local midnight (570 = 09:30). */
  minute: number
  created_at: number
}

/** One row per scheduler process, beaten every tick; /readyz reads the freshest. */
export interface SchedulerHeartbeatsTable {
  worker_id: string
  host: string
  pid: number
  started_at: number
  beat_at: number
  in_flight: number
}

export interface PublishingTables {
  channels: ChannelsTable
  posts: PostsTable
  post_parts: PostPartsTable
  post_media: PostMediaTable
  media: MediaTable
  deliveries: DeliveriesTable
  slots: SlotsTable
  scheduler_heartbeats: SchedulerHeartbeatsTable
}
