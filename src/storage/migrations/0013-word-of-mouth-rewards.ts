import type { Kysely } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// Word of mouth, continued (docs/word-of-mouth.md): network reshares as nodes of
// share trees, reward rules for advocates and the rewards they earned, and the
// workspace's rates for earned media value.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A Bluesky repost or quote, or a Mastodon boost: a node with no tracked link (link_id '').
  await db.schema.alterTable('share_links').addColumn('network_reshare_id', 'text').execute()
  await db.schema.alterTable('share_links').addColumn('network_author', 'text').execute()
  await db.schema
    .createIndex('share_links_network_reshare_unique')
    .on('share_links')
    .columns(['workspace_id', 'source', 'network_reshare_id'])
    .unique()
    .execute()

  await db.schema
    .createTable('reward_rules')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('reward', 'text', (c) => c.notNull())
    // JSON [{metric, at_least}]: the rule is met when any one is reached.
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('root_kind', 'text')
    .addColumn('root_id', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('reward_rules_workspace_idx')
    .on('reward_rules')
    .columns(['workspace_id'])
    .execute()

  await db.schema
    .createTable('rewards')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule_id', 'text', (c) =>
      c.notNull().references('reward_rules.id').onDelete('cascade'),
    )
    // `contact:<id>` or a visitor id: who earned it (as advocates are keyed).
    .addColumn('sharer_key', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('sharer', 'text', (c) => c.notNull())
    // JSON: the advocate's numbers when the rule was met, and which condition it was.
    .addColumn('earned_with', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('earned_at', 'bigint', (c) => c.notNull())
    .addColumn('given_at', 'bigint')
    .addUniqueConstraint('rewards_rule_sharer_unique', ['workspace_id', 'rule_id', 'sharer_key'])
    .execute()

  await db.schema
    .createTable('word_of_mouth_settings')
    .addColumn('workspace_id', 'text', (c) =>
      c.primaryKey().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('cost_per_click', 'integer')
    .addColumn('cpm', 'integer')
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('EUR'))
    // When rewards were last evaluated, and the newest click and conversion seen then.
    .addColumn('rewards_checked_at', 'bigint')
    .addColumn('rewards_checked_mark', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('word_of_mouth_settings').execute()
  await db.schema.dropTable('rewards').execute()
  await db.schema.dropTable('reward_rules').execute()
  await db.schema.dropIndex('share_links_network_reshare_unique').execute()
  await db.schema.alterTable('share_links').dropColumn('network_author').execute()
  await db.schema.alterTable('share_links').dropColumn('network_reshare_id').execute()
}
