import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// Attention (docs/attention.md): metric snapshots of published deliveries, the schedule that
// fetches them, per-channel holds when a network asks to wait, and daily follower counts.

/** One nullable column per metric: null means the network did not report it, never 0. */
const METRIC_COLUMNS = [
  'likes',
  'reposts',
  'replies',
  'quotes',
  'bookmarks',
  'impressions',
  'views',
  'clicks',
  'shares',
  'saves',
] as const

export async function up(db: Kysely<unknown>): Promise<void> {
  let tracking = db.schema
    .createTable('metric_tracking')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .addColumn('next_fetch_at', 'bigint')
    .addColumn('fetches', 'integer', (c) => c.notNull())
    .addColumn('last_fetched_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('gone', 'integer', (c) => c.notNull())
  for (const column of METRIC_COLUMNS) tracking = tracking.addColumn(column, 'bigint')
  await tracking
    .addForeignKeyConstraint(
      'metric_tracking_delivery_fk',
      ['workspace_id', 'delivery_id'],
      'deliveries',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  // The job's question: which channels have deliveries due, and which deliveries of one channel.
  await db.schema
    .createIndex('metric_tracking_due_idx')
    .on('metric_tracking')
    .columns(['channel_id', 'next_fetch_at'])
    .execute()
  await db.schema
    .createIndex('metric_tracking_next_idx')
    .on('metric_tracking')
    .column('next_fetch_at')
    .execute()
  // Analytics: a workspace's deliveries by publishing time.
  await db.schema
    .createIndex('metric_tracking_published_idx')
    .on('metric_tracking')
    .columns(['workspace_id', 'published_at'])
    .execute()

  let snapshots = db.schema
    .createTable('metric_snapshots')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'bigint', (c) => c.notNull())
  for (const column of METRIC_COLUMNS) snapshots = snapshots.addColumn(column, 'bigint')
  await snapshots
    .addPrimaryKeyConstraint('metric_snapshots_pk', ['delivery_id', 'fetched_at'])
    .addForeignKeyConstraint(
      'metric_snapshots_delivery_fk',
      ['workspace_id', 'delivery_id'],
      'deliveries',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()

  await db.schema
    .createTable('metric_channel_state')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.primaryKey())
    .addColumn('hold_until', 'bigint')
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('last_error_kind', 'text')
    .addColumn('last_run_at', 'bigint')
    .addColumn('followers_checked_on', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addForeignKeyConstraint(
      'metric_channel_state_channel_fk',
      ['workspace_id', 'channel_id'],
      'channels',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()

  await db.schema
    .createTable('follower_counts')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('followers', 'bigint', (c) => c.notNull())
    .addColumn('fetched_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('follower_counts_pk', ['channel_id', 'day'])
    .addForeignKeyConstraint(
      'follower_counts_channel_fk',
      ['workspace_id', 'channel_id'],
      'channels',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('follower_counts_workspace_idx')
    .on('follower_counts')
    .columns(['workspace_id', 'day'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'follower_counts',
    'metric_channel_state',
    'metric_snapshots',
    'metric_tracking',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
