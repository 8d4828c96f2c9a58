import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// Likes sent from the inbox, and the last "sync now" of each channel (docs/inbox.md).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('liked_at', 'bigint').execute()
  await db.schema.alterTable('messages').addColumn('liked_by', 'text').execute()
  await db.schema.alterTable('inbox_sync_state').addColumn('manual_sync_at', 'bigint').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inbox_sync_state').dropColumn('manual_sync_at').execute()
  await db.schema.alterTable('messages').dropColumn('liked_by').execute()
  await db.schema.alterTable('messages').dropColumn('liked_at').execute()
}
