import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// A post's deliveries and parts are read through the workspace scope: `workspace_id = ? AND
// post_id IN (…)`. SQLite answered that on the (workspace_id, id) unique index, reading every
// delivery and part of the workspace for each post shown or published: with 10,000 posts, about
// 5 ms of each publish (bench/scheduler). Keyed by (workspace_id, post_id), it is a few steps.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('deliveries_workspace_post_idx')
    .on('deliveries')
    .columns(['workspace_id', 'post_id', 'id'])
    .execute()
  await db.schema
    .createIndex('post_parts_workspace_post_idx')
    .on('post_parts')
    .columns(['workspace_id', 'post_id', 'position'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('post_parts_workspace_post_idx').ifExists().execute()
  await db.schema.dropIndex('deliveries_workspace_post_idx').ifExists().execute()
}
