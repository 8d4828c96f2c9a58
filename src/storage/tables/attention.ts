import type { NetworkId } from '../../networks/spec/network-id.js'

/** Metric columns: null when the network did not report that metric (never stored as 0). */
export interface MetricColumns {
  likes: number | null
  reposts: number | null
  replies: number | null
  quotes: number | null
  bookmarks: number | null
  impressions: number | null
  views: number | null
  clicks: number | null
  shares: number | null
  saves: number | null
}

/**
 * One published delivery whose metrics Murmur follows, with its latest numbers. `next_fetch_at`
 * null: the schedule is over (90 days) or the post is gone from the network.
 */
export interface MetricTrackingTable extends MetricColumns {
  workspace_id: string
  delivery_id: string
  post_id: string
  channel_id: string
  network: NetworkId
  /** The network's id of the first part: what `fetchMetrics` takes. */
  remote_id: string
  published_at: number
  next_fetch_at: number | null
  fetches: number
  last_fetched_at: number | null
  last_error: string | null
  /** 1 when the network no longer has the post (deleted). */
  gone: number
}

/** The numbers of one delivery at one moment: curves over time are made of these. */
export interface MetricSnapshotsTable extends MetricColumns {
  workspace_id: string
  delivery_id: string
  fetched_at: number
}

/** The metrics job's state per channel: its lease, and how long the network asked to wait. */
export interface MetricChannelStateTable {
  workspace_id: string
  channel_id: string
  /** No call to this channel's network before this time (rate limit, outage, expired access). */
  hold_until: number | null
  failures: number
  last_error: string | null
  last_error_kind: string | null
  last_run_at: number | null
  /** The workspace-local day the follower count was last stored (YYYY-MM-DD). */
  followers_checked_on: string | null
  /** When the follower count is next read (the workspace's next midnight); null: at once. */
  followers_due_at: number | null
  /** Why the network gives no follower count for this channel ("not available from …"). */
  followers_note: string | null
  lease_owner: string | null
  lease_expires_at: number | null
}

/** A channel's follower count, one row per day (the last reading of that day). */
export interface FollowerCountsTable {
  workspace_id: string
  channel_id: string
  /** YYYY-MM-DD in the workspace's time zone. */
  day: string
  followers: number
  fetched_at: number
}

export interface AttentionTables {
  metric_tracking: MetricTrackingTable
  metric_snapshots: MetricSnapshotsTable
  metric_channel_state: MetricChannelStateTable
  follower_counts: FollowerCountsTable
}
