import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// Personal share links: the nodes of word-of-mouth cascades (docs/word-of-mouth.md).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('share_links')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('parent_share_link_id', 'text')
    .addColumn('root_kind', 'text', (c) => c.notNull())
    .addColumn('root_id', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('created_by_visitor', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('is_paid', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('share_links_root_idx')
    .on('share_links')
    .columns(['workspace_id', 'root_kind', 'root_id'])
    .execute()
  await db.schema
    .createIndex('share_links_link_idx')
    .on('share_links')
    .columns(['workspace_id', 'link_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('share_links').execute()
}
