import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// Site check runs of a workspace's website, with their report (docs/site-check.md).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('site_checks')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_url', 'text', (c) => c.notNull())
    .addColumn('home_url', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('max_pages', 'integer', (c) => c.notNull())
    .addColumn('pages_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pages_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('score', 'integer')
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warning_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('info_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pages_checked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('not_checked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failure', 'text')
    .addColumn('report', 'text')
    .addColumn('started_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('site_checks_workspace_idx')
    .on('site_checks')
    .columns(['workspace_id', 'id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('site_checks').execute()
}
