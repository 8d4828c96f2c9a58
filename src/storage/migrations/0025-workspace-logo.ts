import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// The workspace logo shown on reports (docs/attention.md): an image of the workspace's media library.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('workspaces').addColumn('logo_media_id', 'text').execute()
}
