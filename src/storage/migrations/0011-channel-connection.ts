import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// When each channel's connection ends, so idle channels are renewed in time and owners are told
// before a connection Murmur cannot renew (LinkedIn's 60 days) stops working.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('channels')
    // The access token's end, for networks whose tokens expire (copied from the sealed credentials).
    .addColumn('token_expires_at', 'bigint')
    .execute()
  await db.schema
    .alterTable('channels')
    // When the owner must have reconnected: the connection ends and Murmur cannot renew it.
    .addColumn('reconnect_by', 'bigint')
    .execute()
  await db.schema
    .alterTable('channels')
    // One renewal at a time per channel across worker processes.
    .addColumn('renewal_lease_expires_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('channels_token_expires_idx')
    .on('channels')
    .columns(['token_expires_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('channels_token_expires_idx').execute()
  for (const column of ['renewal_lease_expires_at', 'reconnect_by', 'token_expires_at']) {
    await db.schema.alterTable('channels').dropColumn(column).execute()
  }
}
