import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// Bulk CSV import of posts (docs/import-export.md) and RSS/Atom auto-posting (docs/rss.md).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('post_imports')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('good_rows', 'integer', (c) => c.notNull())
    .addColumn('bad_rows', 'integer', (c) => c.notNull())
    .addColumn('duplicate_rows', 'integer', (c) => c.notNull())
    .addColumn('done_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_posts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_rows', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('media_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('post_imports_workspace_idx')
    .on('post_imports')
    .columns(['workspace_id', 'created_at'])
    .execute()
  // One row per imported CSV row: the same row imported again finds its post here.
  await db.schema
    .createTable('post_import_keys')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('row_key', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_import_keys_pk', ['workspace_id', 'row_key'])
    .execute()

  await db.schema
    .createTable('feeds')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('channel_ids', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('connected_at', 'bigint', (c) => c.notNull())
    .addColumn('first_polled_at', 'bigint')
    .addColumn('next_poll_at', 'bigint', (c) => c.notNull())
    .addColumn('last_polled_at', 'bigint')
    .addColumn('last_success_at', 'bigint')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('items_posted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('feeds_due_idx').on('feeds').columns(['next_poll_at']).execute()
  await db.schema
    .createIndex('feeds_workspace_idx')
    .on('feeds')
    .columns(['workspace_id', 'created_at'])
    .execute()
  // An item is known by its GUID and by its link (one row each), so it is posted once.
  await db.schema
    .createTable('feed_items')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('feed_id', 'text', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('published_at', 'bigint')
    .addColumn('post_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('problem', 'text')
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_items_pk', ['feed_id', 'item_key'])
    .execute()
  await db.schema
    .createIndex('feed_items_recent_idx')
    .on('feed_items')
    .columns(['feed_id', 'seen_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feed_items').execute()
  await db.schema.dropTable('feeds').execute()
  await db.schema.dropTable('post_import_keys').execute()
  await db.schema.dropTable('post_imports').execute()
}
