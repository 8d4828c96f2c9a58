import type { Kysely } from 'kysely'

/**
 * Channels, posts with their parts and media, deliveries (one post to one channel), queue slots
 * and the scheduler's heartbeat. Rows that point at another workspace row use a composite
 * foreign key on (workspace_id, id), so the database itself refuses a cross-workspace link.
 * Landed migrations are never edited: add a new file instead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const workspaceColumn = 'workspace_id'
  await db.schema
    .createTable('channels')
    .addColumn(workspaceColumn, 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('avatar_url', 'text')
    .addColumn('service_url', 'text')
    .addColumn('credentials', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', 'bigint')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('channels_workspace_id_uq', ['workspace_id', 'id'])
    .addUniqueConstraint('channels_account_uq', ['workspace_id', 'network', 'account_id'])
    .execute()

  await db.schema
    .createTable('media')
    .addColumn(workspaceColumn, 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('storage', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('thumbnail_path', 'text')
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('alt_text', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('media_workspace_id_uq', ['workspace_id', 'id'])
    .execute()

  await db.schema
    .createTable('posts')
    .addColumn(workspaceColumn, 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text')
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('first_comment', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('posts_workspace_id_uq', ['workspace_id', 'id'])
    .execute()

  await db.schema
    .createTable('deliveries')
    .addColumn(workspaceColumn, 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('has_variant', 'integer', (c) => c.notNull())
    .addColumn('variant_first_comment', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'bigint')
    .addColumn('via_queue', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('last_error_kind', 'text')
    .addColumn('remote_parts', 'text', (c) => c.notNull())
    .addColumn('remote_first_comment', 'text')
    .addColumn('remote_unconfirmed', 'text')
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('published_at', 'bigint')
    .addColumn('late_ms', 'bigint')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('deliveries_workspace_id_uq', ['workspace_id', 'id'])
    .addUniqueConstraint('deliveries_post_channel_uq', ['post_id', 'channel_id'])
    .addForeignKeyConstraint(
      'deliveries_post_fk',
      ['workspace_id', 'post_id'],
      'posts',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'deliveries_channel_fk',
      ['workspace_id', 'channel_id'],
      'channels',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  // The scheduler's claim: due rows by state and time, across workspaces.
  await db.schema
    .createIndex('deliveries_due_idx')
    .on('deliveries')
    .columns(['state', 'next_attempt_at'])
    .execute()
  // The calendar: a workspace's deliveries by time.
  await db.schema
    .createIndex('deliveries_calendar_idx')
    .on('deliveries')
    .columns(['workspace_id', 'scheduled_at'])
    .execute()
  await db.schema
    .createIndex('deliveries_channel_idx')
    .on('deliveries')
    .columns(['channel_id', 'state'])
    .execute()

  await db.schema
    .createTable('post_parts')
    .addColumn(workspaceColumn, 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addUniqueConstraint('post_parts_workspace_id_uq', ['workspace_id', 'id'])
    .addForeignKeyConstraint(
      'post_parts_post_fk',
      ['workspace_id', 'post_id'],
      'posts',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'post_parts_delivery_fk',
      ['workspace_id', 'delivery_id'],
      'deliveries',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('post_parts_post_idx')
    .on('post_parts')
    .columns(['post_id', 'delivery_id', 'position'])
    .execute()
  await db.schema
    .createIndex('post_parts_delivery_idx')
    .on('post_parts')
    .column('delivery_id')
    .execute()

  await db.schema
    .createTable('post_media')
    .addColumn(workspaceColumn, 'text', (c) => c.notNull())
    .addColumn('part_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('media_id', 'text', (c) => c.notNull())
    .addColumn('alt_text', 'text')
    .addPrimaryKeyConstraint('post_media_pk', ['part_id', 'position'])
    .addForeignKeyConstraint(
      'post_media_part_fk',
      ['workspace_id', 'part_id'],
      'post_parts',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    // No cascade: media still used by a post cannot disappear under it.
    .addForeignKeyConstraint('post_media_media_fk', ['workspace_id', 'media_id'], 'media', [
      'workspace_id',
      'id',
    ])
    .execute()
  await db.schema.createIndex('post_media_media_idx').on('post_media').column('media_id').execute()

  await db.schema
    .createTable('slots')
    .addColumn(workspaceColumn, 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('minute', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('slots_time_uq', ['channel_id', 'weekday', 'minute'])
    .addForeignKeyConstraint(
      'slots_channel_fk',
      ['workspace_id', 'channel_id'],
      'channels',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()

  await db.schema
    .createTable('scheduler_heartbeats')
    .addColumn('worker_id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('beat_at', 'bigint', (c) => c.notNull())
    .addColumn('in_flight', 'integer', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'scheduler_heartbeats',
    'slots',
    'post_media',
    'post_parts',
    'deliveries',
    'posts',
    'media',
    'channels',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
