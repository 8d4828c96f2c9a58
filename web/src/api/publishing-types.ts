/** Shapes of the publishing API (src/http/routes/publishing-schemas.ts is the truth). */
import type { Timestamp } from './types.js'

export type NetworkId =
  | 'x'
  | 'facebook'
  | 'instagram'
  | 'linkedin'
  | 'threads'
  | 'mastodon'
  | 'bluesky'

export type ChannelStatus = 'active' | 'needs_reconnect'

export interface Channel {
  id: string
  network: NetworkId
  account_id: string
  handle: string
  display_name: string
  avatar_url: string | null
  service_url: string | null
  status: ChannelStatus
  status_reason: string | null
  status_changed_at: Timestamp | null
  /** When the connection ends and Murmur cannot renew it (LinkedIn's 60 days). */
  reconnect_by: Timestamp | null
  /** From 7 days before `reconnect_by`: show "reconnect soon". */
  reconnect_soon: boolean
  reconnect_message: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'

export interface Slot {
  id: string
  channel_id: string
  weekday: Weekday
  /** HH:MM in the workspace's time zone. */
  time: string
}

export interface SlotList {
  time_zone: string
  data: Slot[]
  /** The next free slots from now: what "add to queue" takes first. */
  next_free: string[]
}

export interface Media {
  id: string
  mime_type: string
  size_bytes: number
  width: number | null
  height: number | null
  alt_text: string
  file_name: string | null
  sha256: string
  url: string
  thumbnail_url: string | null
  created_at: Timestamp
}

export interface MediaRef {
  media_id: string
  /** This post's own alt text; null or absent: the media's. */
  alt_text?: string | null
}

export interface PostPart {
  text: string
  media: MediaRef[]
}

export interface PostContent {
  parts: PostPart[]
  first_comment?: string | null
}

export type ProblemSeverity = 'error' | 'warning'

export interface Problem {
  severity: ProblemSeverity
  code: string
  message: string
  part?: number
  media?: number
  firstComment?: boolean
}

export interface TextCounter {
  part: number | null
  first_comment: boolean
  length: number
  max: number
  counted_as: string
}

export interface ChannelCheck {
  channel_id: string
  network: NetworkId
  /** "Bluesky @cornerbakery.bsky.social" */
  channel: string
  ok: boolean
  problems: Problem[]
  counters: TextCounter[]
}

export interface Validation {
  ok: boolean
  channels: ChannelCheck[]
}

export type DeliveryState =
  | 'draft'
  | 'needs_approval'
  | 'scheduled'
  | 'publishing'
  | 'published'
  | 'failed'
  | 'unconfirmed'

export interface PublishedRef {
  id: string
  url: string
}

export interface Delivery {
  id: string
  channel_id: string
  network: NetworkId
  content: PostContent | null
  state: DeliveryState
  scheduled_at: Timestamp | null
  via_queue: boolean
  next_attempt_at: Timestamp | null
  attempts: number
  error: { kind: string | null; message: string } | null
  url: string | null
  remote: {
    parts: PublishedRef[]
    first_comment: PublishedRef | null
    unconfirmed: PublishedRef | null
  }
  warnings: Problem[]
  late_ms: number | null
  started_at: Timestamp | null
  published_at: Timestamp | null
  updated_at: Timestamp
}

export interface Post {
  id: string
  content: PostContent
  labels: string[]
  campaign: string | null
  state: DeliveryState
  deliveries: Delivery[]
  created_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface PostWithChecks extends Post {
  checks: ChannelCheck[]
}

export interface ChannelChoice {
  channel_id: string
  /** This channel's own version; null: the shared content; absent on update: keep. */
  content?: PostContent | null
}

export type When = { type: 'at'; at: string } | { type: 'queue' } | { type: 'now' }

export interface PostInput {
  content: PostContent
  channels: ChannelChoice[]
  labels?: string[]
  campaign?: string | null
}

export interface PublishingStatus {
  scheduler: { ok: boolean; heartbeat_age_ms: number | null; workers: number; message: string }
  overdue: Array<{ delivery_id: string; post_id: string; channel_id: string; due_at: Timestamp }>
  failed: number
  unconfirmed: number
  channels_needing_reconnect: Array<{
    channel_id: string
    network: NetworkId
    handle: string
    reason: string | null
  }>
}
