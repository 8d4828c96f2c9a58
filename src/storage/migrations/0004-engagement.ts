import type { CreateTableBuilder, Kysely } from 'kysely'

/**
 * The inbox (conversations, messages, notes, saved replies, intent rules, sync state per channel)
 * and contacts (identities, stage history, notes, conversions, erasures). The inbox list is read
 * through one index per filter, each ending in (last_activity_at, id) so the first page of any
 * filter is a short index walk however large the workspace. Landed migrations are never edited.
 */

// biome-ignore lint/suspicious/noExplicitAny: builders of any table
type Table = CreateTableBuilder<any, any>

const workspaceOwned = (table: Table): Table =>
  table.addColumn('workspace_id', 'text', (c) =>
    c.notNull().references('workspaces.id').onDelete('cascade'),
  )

export async function up(db: Kysely<unknown>): Promise<void> {
  await workspaceOwned(db.schema.createTable('contacts'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('email', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('score_points', 'double precision', (c) => c.notNull())
    .addColumn('score_at', 'bigint', (c) => c.notNull())
    .addColumn('message_count', 'integer', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('contacts_workspace_id_uq', ['workspace_id', 'id'])
    .execute()
  await db.schema
    .createIndex('contacts_stage_idx')
    .on('contacts')
    .columns(['workspace_id', 'stage', 'id'])
    .execute()
  await db.schema
    .createIndex('contacts_customer_idx')
    .on('contacts')
    .columns(['workspace_id', 'customer_id'])
    .execute()
  await db.schema
    .createIndex('contacts_email_idx')
    .on('contacts')
    .columns(['workspace_id', 'email'])
    .execute()

  await workspaceOwned(db.schema.createTable('contact_identities'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('avatar_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint')
    .addUniqueConstraint('contact_identities_account_uq', ['workspace_id', 'network', 'account_id'])
    .addForeignKeyConstraint(
      'contact_identities_contact_fk',
      ['workspace_id', 'contact_id'],
      'contacts',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('contact_identities_contact_idx')
    .on('contact_identities')
    .column('contact_id')
    .execute()
  await db.schema
    .createIndex('contact_identities_handle_idx')
    .on('contact_identities')
    .columns(['workspace_id', 'network', 'handle'])
    .execute()

  await workspaceOwned(db.schema.createTable('contact_stage_changes'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('message_id', 'text')
    .addColumn('conversion_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addForeignKeyConstraint(
      'contact_stage_changes_contact_fk',
      ['workspace_id', 'contact_id'],
      'contacts',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('contact_stage_changes_contact_idx')
    .on('contact_stage_changes')
    .columns(['contact_id', 'at'])
    .execute()

  await workspaceOwned(db.schema.createTable('contact_notes'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addForeignKeyConstraint(
      'contact_notes_contact_fk',
      ['workspace_id', 'contact_id'],
      'contacts',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('contact_notes_contact_idx')
    .on('contact_notes')
    .columns(['contact_id', 'created_at'])
    .execute()

  await workspaceOwned(db.schema.createTable('contact_conversions'))
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('conversion_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_conversions_pk', ['workspace_id', 'conversion_id'])
    .addForeignKeyConstraint(
      'contact_conversions_contact_fk',
      ['workspace_id', 'contact_id'],
      'contacts',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('contact_conversions_contact_idx')
    .on('contact_conversions')
    .columns(['contact_id', 'at'])
    .execute()

  await workspaceOwned(db.schema.createTable('contact_erasures'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('erased_at', 'bigint', (c) => c.notNull())
    .addColumn('erased_by', 'text')
    .addColumn('messages_anonymised', 'integer', (c) => c.notNull())
    .execute()

  await workspaceOwned(db.schema.createTable('conversations'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text')
    .addColumn('network', 'text')
    .addColumn('root_remote_id', 'text')
    .addColumn('root_url', 'text')
    .addColumn('post_id', 'text')
    .addColumn('delivery_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('intent', 'text')
    .addColumn('sentiment', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('contact_stage', 'text')
    .addColumn('last_message_id', 'text')
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('message_count', 'integer', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('conversations_workspace_id_uq', ['workspace_id', 'id'])
    .addUniqueConstraint('conversations_root_uq', ['channel_id', 'root_remote_id'])
    .execute()
  // One index per inbox filter, each ordered like the list (newest activity first).
  const inboxIndexes: Array<[string, string[]]> = [
    ['conversations_all_idx', ['workspace_id', 'last_activity_at', 'id']],
    ['conversations_status_idx', ['workspace_id', 'status', 'last_activity_at', 'id']],
    [
      'conversations_priority_idx',
      ['workspace_id', 'status', 'priority', 'last_activity_at', 'id'],
    ],
    [
      'conversations_channel_idx',
      ['workspace_id', 'channel_id', 'status', 'last_activity_at', 'id'],
    ],
    [
      'conversations_assignee_idx',
      ['workspace_id', 'assignee_id', 'status', 'last_activity_at', 'id'],
    ],
    ['conversations_intent_idx', ['workspace_id', 'intent', 'status', 'last_activity_at', 'id']],
    [
      'conversations_sentiment_idx',
      ['workspace_id', 'sentiment', 'status', 'last_activity_at', 'id'],
    ],
    [
      'conversations_stage_idx',
      ['workspace_id', 'contact_stage', 'status', 'last_activity_at', 'id'],
    ],
    ['conversations_contact_idx', ['contact_id']],
  ]
  for (const [name, columns] of inboxIndexes) {
    await db.schema.createIndex(name).on('conversations').columns(columns).execute()
  }

  await workspaceOwned(db.schema.createTable('messages'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text')
    .addColumn('network', 'text')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text')
    .addColumn('url', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('identity_id', 'text')
    .addColumn('author_handle', 'text')
    .addColumn('author_name', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('in_reply_to', 'text')
    .addColumn('quoted_id', 'text')
    .addColumn('sentiment', 'text')
    .addColumn('sentiment_score', 'double precision')
    .addColumn('intent', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('sent_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('edited_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .addColumn('checked_at', 'bigint')
    .addColumn('erased', 'integer', (c) => c.notNull())
    // No duplicates: one row per message per channel, however often sync sees it.
    .addUniqueConstraint('messages_remote_uq', ['channel_id', 'remote_id'])
    .addForeignKeyConstraint(
      'messages_conversation_fk',
      ['workspace_id', 'conversation_id'],
      'conversations',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('messages_conversation_idx')
    .on('messages')
    .columns(['conversation_id', 'created_at', 'id'])
    .execute()
  await db.schema
    .createIndex('messages_contact_idx')
    .on('messages')
    .columns(['contact_id', 'created_at', 'id'])
    .execute()
  await db.schema
    .createIndex('messages_recheck_idx')
    .on('messages')
    .columns(['channel_id', 'received_at'])
    .execute()

  await workspaceOwned(db.schema.createTable('conversation_notes'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addForeignKeyConstraint(
      'conversation_notes_conversation_fk',
      ['workspace_id', 'conversation_id'],
      'conversations',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('conversation_notes_conversation_idx')
    .on('conversation_notes')
    .columns(['conversation_id', 'created_at'])
    .execute()

  await workspaceOwned(db.schema.createTable('saved_replies'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('saved_replies_workspace_idx')
    .on('saved_replies')
    .columns(['workspace_id', 'name'])
    .execute()

  await workspaceOwned(db.schema.createTable('intent_rules'))
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phrases', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('intent_rules_workspace_idx')
    .on('intent_rules')
    .columns(['workspace_id', 'position'])
    .execute()

  await db.schema
    .createTable('inbox_settings')
    .addColumn('workspace_id', 'text', (c) =>
      c.primaryKey().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('rules_installed_at', 'bigint')
    .execute()

  await db.schema
    .createTable('inbox_sync_state')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.primaryKey())
    .addColumn('gap_cursor', 'text')
    .addColumn('next_sync_at', 'bigint', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('last_error_kind', 'text')
    .addColumn('last_started_at', 'bigint')
    .addColumn('last_success_at', 'bigint')
    .addColumn('items_received', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addForeignKeyConstraint(
      'inbox_sync_state_channel_fk',
      ['workspace_id', 'channel_id'],
      'channels',
      ['workspace_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('inbox_sync_state_due_idx')
    .on('inbox_sync_state')
    .column('next_sync_at')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'inbox_sync_state',
    'inbox_settings',
    'intent_rules',
    'saved_replies',
    'conversation_notes',
    'messages',
    'conversations',
    'contact_erasures',
    'contact_conversions',
    'contact_notes',
    'contact_stage_changes',
    'contact_identities',
    'contacts',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
