import type { Kysely } from 'kysely'

/**
 * OAuth connections: a workspace's own developer apps (and the apps Murmur registered on Mastodon
 * instances), sign-ins waiting for the network's callback, and per-channel network limits (a
 * Mastodon instance sets its own). Secrets are sealed with murmur.secrets.
 * Landed migrations are never edited: add a new file instead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('network_apps')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network', 'text', (c) => c.notNull())
    // '' for networks with one app; the instance's origin for Mastodon registrations.
    .addColumn('instance_url', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret', 'text')
    .addColumn('redirect_uri', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('network_apps_uq', ['workspace_id', 'network', 'instance_url'])
    .execute()

  await db.schema
    .createTable('oauth_pending')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network', 'text', (c) => c.notNull())
    // SHA-256 of the OAuth state: the callback finds its sign-in by it.
    .addColumn('state_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('accounts', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('oauth_pending_expires_idx')
    .on('oauth_pending')
    .column('expires_at')
    .execute()

  await db.schema
    .createTable('channel_limits')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('limits', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_limits_pk', ['workspace_id', 'channel_id'])
    .addForeignKeyConstraint(
      'channel_limits_channel_fk',
      ['workspace_id', 'channel_id'],
      'channels',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('channel_limits').execute()
  await db.schema.dropTable('oauth_pending').execute()
  await db.schema.dropTable('network_apps').execute()
}
