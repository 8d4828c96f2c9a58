import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// Raw clicks carry few indexes on purpose: they are written in batches at
// redirect speed, and dashboards read the rollup tables instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('domain', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('utm_source', 'text')
    .addColumn('utm_medium', 'text')
    .addColumn('utm_campaign', 'text')
    .addColumn('utm_term', 'text')
    .addColumn('utm_content', 'text')
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('image_url', 'text')
    .addColumn('campaign', 'text')
    .addColumn('delivery_id', 'text')
    .addColumn('track_conversions', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('expires_at', 'bigint')
    .addColumn('archived_at', 'bigint')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('links_domain_code_unique', ['domain', 'code'])
    .execute()
  await db.schema
    .createIndex('links_workspace_idx')
    .on('links')
    .columns(['workspace_id', 'id'])
    .execute()
  await db.schema
    .createIndex('links_delivery_idx')
    .on('links')
    .columns(['workspace_id', 'delivery_id'])
    .execute()

  await db.schema
    .createTable('clicks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('referrer_host', 'text')
    .addColumn('country', 'text')
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('browser', 'text')
    .addColumn('os', 'text')
    .addColumn('is_bot', 'integer', (c) => c.notNull())
    .addColumn('is_unique', 'integer', (c) => c.notNull())
    .addColumn('via_qr', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('clicks_workspace_at_idx')
    .on('clicks')
    .columns(['workspace_id', 'at'])
    .execute()
  await db.schema
    .createIndex('clicks_link_at_idx')
    .on('clicks')
    .columns(['link_id', 'at'])
    .execute()
  await db.schema
    .createIndex('clicks_visitor_idx')
    .on('clicks')
    .columns(['workspace_id', 'visitor_id', 'at'])
    .execute()

  await db.schema
    .createTable('click_hourly')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .addColumn('clicks', 'bigint', (c) => c.notNull())
    .addColumn('unique_clicks', 'bigint', (c) => c.notNull())
    .addColumn('bot_hits', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('click_hourly_pk', ['workspace_id', 'link_id', 'hour'])
    .execute()

  await db.schema
    .createTable('click_daily')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('clicks', 'bigint', (c) => c.notNull())
    .addColumn('unique_clicks', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('click_daily_pk', [
      'workspace_id',
      'link_id',
      'dimension',
      'day',
      'value',
    ])
    .execute()

  await db.schema
    .createTable('visitor_salts')
    .addColumn('day', 'bigint', (c) => c.primaryKey())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('conversions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text')
    .addColumn('amount', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('click_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('external_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('conversions_external_unique', ['workspace_id', 'kind', 'external_id'])
    .execute()
  await db.schema
    .createIndex('conversions_workspace_at_idx')
    .on('conversions')
    .columns(['workspace_id', 'occurred_at'])
    .execute()
  await db.schema
    .createIndex('conversions_customer_idx')
    .on('conversions')
    .columns(['workspace_id', 'customer_id'])
    .execute()

  await db.schema
    .createTable('conversion_touchpoints')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('conversion_id', 'text', (c) =>
      c.notNull().references('conversions.id').onDelete('cascade'),
    )
    .addColumn('click_id', 'text', (c) => c.notNull())
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversion_touchpoints_pk', ['conversion_id', 'click_id'])
    .execute()
  await db.schema
    .createIndex('conversion_touchpoints_link_idx')
    .on('conversion_touchpoints')
    .columns(['workspace_id', 'link_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'conversion_touchpoints',
    'conversions',
    'visitor_salts',
    'click_daily',
    'click_hourly',
    'clicks',
    'links',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
