import type { CreateTableBuilder, Kysely } from 'kysely'

/**
 * Team workflow: approval settings and requests (with every decision kept), in-app notifications,
 * client review links and their answers, webhook endpoints, deliveries and attempts.
 * Landed migrations are never edited.
 */

// biome-ignore lint/suspicious/noExplicitAny: builders of any table
type Table = CreateTableBuilder<any, any>

const workspaceOwned = (table: Table): Table =>
  table.addColumn('workspace_id', 'text', (c) =>
    c.notNull().references('workspaces.id').onDelete('cascade'),
  )

export async function up(db: Kysely<unknown>): Promise<void> {
  await workspaceOwned(db.schema.createTable('approval_settings'))
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('approval_settings_pk', ['workspace_id'])
    .execute()

  await workspaceOwned(db.schema.createTable('approval_requests'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_by_name', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('overdue_at', 'bigint')
    .addColumn('decided_by', 'text')
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('comment', 'text')
    .execute()
  await db.schema
    .createIndex('approval_requests_post_idx')
    .on('approval_requests')
    .columns(['workspace_id', 'post_id', 'submitted_at'])
    .execute()
  await db.schema
    .createIndex('approval_requests_status_idx')
    .on('approval_requests')
    .columns(['status', 'due_at'])
    .execute()

  await workspaceOwned(db.schema.createTable('notifications'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['workspace_id', 'user_id', 'created_at'])
    .execute()

  await workspaceOwned(db.schema.createTable('review_links'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('review_links_post_idx')
    .on('review_links')
    .columns(['workspace_id', 'post_id'])
    .execute()

  await workspaceOwned(db.schema.createTable('review_responses'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_link_id', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('reviewer_name', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('review_responses_post_idx')
    .on('review_responses')
    .columns(['workspace_id', 'post_id', 'created_at'])
    .execute()

  await workspaceOwned(db.schema.createTable('webhook_endpoints'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('failing_since', 'bigint')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await workspaceOwned(db.schema.createTable('webhook_deliveries'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('webhook_deliveries_due_idx')
    .on('webhook_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute()
  await db.schema
    .createIndex('webhook_deliveries_endpoint_idx')
    .on('webhook_deliveries')
    .columns(['workspace_id', 'endpoint_id', 'created_at'])
    .execute()

  await workspaceOwned(db.schema.createTable('webhook_attempts'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_excerpt', 'text')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('webhook_attempts_delivery_idx')
    .on('webhook_attempts')
    .columns(['workspace_id', 'delivery_id', 'attempt'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'webhook_attempts',
    'webhook_deliveries',
    'webhook_endpoints',
    'review_responses',
    'review_links',
    'notifications',
    'approval_requests',
    'approval_settings',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
