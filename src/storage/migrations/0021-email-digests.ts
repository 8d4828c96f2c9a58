import type { CreateTableBuilder, Kysely } from 'kysely'

/**
 * Email: the outbox every message goes through (sent in the background, retried with backoff),
 * a workspace's own SMTP server (optional; its password sealed), scheduled digests and the
 * periods they were sent for (one row per period: exactly once), and shareable read-only report
 * links (token stored hashed). Landed migrations are never edited.
 */

// biome-ignore lint/suspicious/noExplicitAny: builders of any table
type Table = CreateTableBuilder<any, any>

const workspaceOwned = (table: Table): Table =>
  table.addColumn('workspace_id', 'text', (c) =>
    c.notNull().references('workspaces.id').onDelete('cascade'),
  )

export async function up(db: Kysely<unknown>): Promise<void> {
  await workspaceOwned(db.schema.createTable('email_outbox'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text')
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('email_outbox_due_idx')
    .on('email_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute()
  await db.schema
    .createIndex('email_outbox_workspace_idx')
    .on('email_outbox')
    .columns(['workspace_id', 'created_at'])
    .execute()

  await workspaceOwned(db.schema.createTable('email_settings'))
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('security', 'text', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('password', 'text')
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_settings_pk', ['workspace_id'])
    .execute()

  await workspaceOwned(db.schema.createTable('digest_settings'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('member_ids', 'text', (c) => c.notNull())
    .addColumn('addresses', 'text', (c) => c.notNull())
    .addColumn('next_due_at', 'bigint')
    .addColumn('send_requested_at', 'bigint')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('last_sent_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('digest_settings_pk', ['workspace_id'])
    .execute()
  await db.schema
    .createIndex('digest_settings_due_idx')
    .on('digest_settings')
    .columns(['next_due_at'])
    .execute()

  await workspaceOwned(db.schema.createTable('digest_runs'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('period_from', 'bigint', (c) => c.notNull())
    .addColumn('period_to', 'bigint', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('digest_runs_period_unique', ['workspace_id', 'period_key'])
    .execute()

  await workspaceOwned(db.schema.createTable('report_links'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text')
    .addColumn('period_from', 'bigint', (c) => c.notNull())
    .addColumn('period_to', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('last_viewed_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('report_links_workspace_idx')
    .on('report_links')
    .columns(['workspace_id', 'created_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'report_links',
    'digest_runs',
    'digest_settings',
    'email_settings',
    'email_outbox',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
