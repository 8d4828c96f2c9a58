import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// The scheduler asks, every round, which networks have due deliveries, then claims the oldest due
// ones of each network. On (state, next_attempt_at) alone both read every due row of every
// network: with 10,000 posts due at once each round read 10,000 rows, once per publish. Keyed by
// network too, each question is a few index steps whatever the backlog (bench/scheduler).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('deliveries_due_network_idx')
    .on('deliveries')
    .columns(['state', 'network', 'next_attempt_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_due_network_idx').ifExists().execute()
}
