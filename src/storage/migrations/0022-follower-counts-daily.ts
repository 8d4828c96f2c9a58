import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// Follower counts every day per channel (docs/attention.md): when the next reading is due, even
// for a channel with no post to read, and why a network gives none ("not available from …").
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('metric_channel_state')
    .addColumn('followers_due_at', 'bigint')
    .execute()
  await db.schema.alterTable('metric_channel_state').addColumn('followers_note', 'text').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('metric_channel_state').dropColumn('followers_note').execute()
  await db.schema.alterTable('metric_channel_state').dropColumn('followers_due_at').execute()
}
