import type { ColumnDefinitionBuilder, Kysely } from 'kysely'

/**
 * Be found: home page settings, its links (tracked links), events, attendees, old slugs kept for
 * 301s, and the announcement posts of each event. Rows that point at another workspace row use a
 * composite foreign key on (workspace_id, id), so the database itself refuses a cross-workspace
 * link. Media ids (images) carry no foreign key: a deleted image just stops showing.
 * Landed migrations are never edited: add a new file instead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const workspace = (c: ColumnDefinitionBuilder) =>
    c.notNull().references('workspaces.id').onDelete('cascade')

  await db.schema
    .createTable('pages')
    .addColumn('workspace_id', 'text', (c) => workspace(c).primaryKey())
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('seo_title', 'text')
    .addColumn('description', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('business_type', 'text', (c) => c.notNull())
    .addColumn('logo_url', 'text')
    .addColumn('image_media_id', 'text')
    .addColumn('image_url', 'text')
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('hours_note', 'text')
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('show_posts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('custom_domain', 'text', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('page_links')
    .addColumn('workspace_id', 'text', (c) => workspace(c))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('page_links_workspace_idx')
    .on('page_links')
    .columns(['workspace_id', 'position'])
    .execute()

  await db.schema
    .createTable('events')
    .addColumn('workspace_id', 'text', (c) => workspace(c))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('online_url', 'text')
    .addColumn('capacity', 'integer')
    .addColumn('attendee_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('image_media_id', 'text')
    .addColumn('image_url', 'text')
    .addColumn('image_alt', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', 'bigint')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('events_workspace_id_uq', ['workspace_id', 'id'])
    .addUniqueConstraint('events_slug_uq', ['workspace_id', 'slug'])
    .execute()
  await db.schema
    .createIndex('events_starts_idx')
    .on('events')
    .columns(['workspace_id', 'starts_at'])
    .execute()

  await db.schema
    .createTable('attendees')
    .addColumn('workspace_id', 'text', (c) => workspace(c))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('consent', 'integer', (c) => c.notNull())
    .addColumn('consent_text', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('attendees_email_uq', ['event_id', 'email_key'])
    .addForeignKeyConstraint(
      'attendees_event_fk',
      ['workspace_id', 'event_id'],
      'events',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('attendees_event_idx')
    .on('attendees')
    .columns(['workspace_id', 'event_id', 'joined_at'])
    .execute()

  await db.schema
    .createTable('page_slugs')
    .addColumn('workspace_id', 'text', (c) => workspace(c))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('page_slugs_uq', ['workspace_id', 'kind', 'slug'])
    .addForeignKeyConstraint(
      'page_slugs_event_fk',
      ['workspace_id', 'event_id'],
      'events',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  // Old workspace slugs are looked up across workspaces (the request names no workspace).
  await db.schema
    .createIndex('page_slugs_lookup_idx')
    .on('page_slugs')
    .columns(['kind', 'slug'])
    .execute()

  await db.schema
    .createTable('event_posts')
    .addColumn('workspace_id', 'text', (c) => workspace(c))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_posts_pk', ['event_id', 'post_id'])
    .addForeignKeyConstraint(
      'event_posts_event_fk',
      ['workspace_id', 'event_id'],
      'events',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'event_posts_post_fk',
      ['workspace_id', 'post_id'],
      'posts',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['event_posts', 'page_slugs', 'attendees', 'events', 'page_links', 'pages']) {
    await db.schema.dropTable(table).execute()
  }
}
