import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// Traffic settings per workspace (automatic post links, a custom short domain,
// the site script's public key and allowed origins) and the page views the
// site script (/t.js) reports.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('traffic_settings')
    .addColumn('workspace_id', 'text', (c) =>
      c.primaryKey().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('auto_track_links', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('short_domain', 'text')
    .addColumn('site_key', 'text', (c) => c.notNull())
    .addColumn('site_origins', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('traffic_settings_short_domain_unique', ['short_domain'])
    .addUniqueConstraint('traffic_settings_site_key_unique', ['site_key'])
    .execute()

  await db.schema
    .createTable('page_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('click_id', 'text')
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('referrer_host', 'text')
    .execute()
  await db.schema
    .createIndex('page_views_workspace_at_idx')
    .on('page_views')
    .columns(['workspace_id', 'at'])
    .execute()
  await db.schema
    .createIndex('page_views_click_idx')
    .on('page_views')
    .columns(['workspace_id', 'click_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('page_views').execute()
  await db.schema.dropTable('traffic_settings').execute()
}
