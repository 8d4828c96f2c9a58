/** Where a post import stands: previewed, creating posts, finished, or thrown away. */
export type PostImportStatus = 'ready' | 'importing' | 'done' | 'cancelled'

/**
 * A CSV file of posts, checked row by row. `preview` holds (JSON): each row's
 * values, what it resolved to and its problems; nothing is created until it is confirmed.
 */
export interface PostImportsTable {
  workspace_id: string
  id: string
  file_name: string | null
  status: PostImportStatus
  preview: string
  total_rows: number
  good_rows: number
  bad_rows: number
  duplicate_rows: number
  done_rows: number
  created_posts: number
  /** JSON: rows that passed the preview but failed while importing, with the reason. */
  failed_rows: string
  /** JSON: media fetched from the file's image URLs (removed if the import is thrown away). */
  media_ids: string
  /** While importing: the import is alive until then (a process that died lets it resume). */
  lease_expires_at: number | null
  created_by: string | null
  created_at: number
  updated_at: number
  finished_at: number | null
}

export interface PostImportKeysTable {
  workspace_id: string
  row_key: string
  post_id: string
  import_id: string
  created_at: number
}

/** What new items of a feed become: drafts, or posts in each channel's queue. */
export type FeedMode = 'draft' | 'queue'

export interface FeedsTable {
  workspace_id: string
  id: string
  url: string
  title: string | null
  /** JSON array of channel ids. */
  channel_ids: string
  template: string
  mode: FeedMode
  paused: number
  etag: string | null
  last_modified: string | null
  /** Items published before this are not posted (the first poll does not flood the channels). */
  connected_at: number
  first_polled_at: number | null
  next_poll_at: number
  last_polled_at: number | null
  last_success_at: number | null
  failures: number
  last_error: string | null
  items_posted: number
  lease_owner: string | null
  lease_expires_at: number | null
  created_by: string | null
  created_at: number
  updated_at: number
}

/** What became of a feed item: a post, skipped as older than the feed's connection, or refused. */
export type FeedItemOutcome = 'posted' | 'draft' | 'skipped_old' | 'skipped_limit'

export interface FeedItemsTable {
  workspace_id: string
  feed_id: string
  /** "guid:…" or "link:…": an item has one row for each it has. */
  item_key: string
  title: string
  link: string | null
  published_at: number | null
  post_id: string | null
  outcome: FeedItemOutcome
  problem: string | null
  seen_at: number
}

export interface PostImportFeedsTables {
  post_imports: PostImportsTable
  post_import_keys: PostImportKeysTable
  feeds: FeedsTable
  feed_items: FeedItemsTable
}
