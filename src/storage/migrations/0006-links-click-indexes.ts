import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// Raw clicks are written at redirect speed. Two of 0003's indexes were keyed on
// random values (visitor hashes) or never read (link, time), and made each
// stored click several times dearer; dashboards read the rollups, and a
// conversion finds the visitor's other clicks within one day by time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('clicks_link_at_idx').ifExists().execute()
  await db.schema.dropIndex('clicks_visitor_idx').ifExists().execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('clicks_link_at_idx')
    .on('clicks')
    .columns(['link_id', 'at'])
    .execute()
  await db.schema
    .createIndex('clicks_visitor_idx')
    .on('clicks')
    .columns(['workspace_id', 'visitor_id', 'at'])
    .execute()
}
