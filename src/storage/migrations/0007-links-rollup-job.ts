import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// Rollups are now summed from the raw clicks by a periodic job that remembers
// how far it got (`click_rollup_state`), instead of by every click write.
// `rolled` marks clicks that were added to the rollups as they were stored
// (those that arrive too late for the job), so the job skips them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clicks')
    .addColumn('rolled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .createTable('click_rollup_state')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('watermark', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('click_rollup_state').execute()
  await db.schema.alterTable('clicks').dropColumn('rolled').execute()
}
