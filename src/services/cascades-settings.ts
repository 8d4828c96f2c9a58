import type { WordOfMouthSettingsTable } from '../storage/tables/share-links.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

/** The workspace's own rates for earned media value (docs/word-of-mouth.md). */
export interface WordOfMouthSettings {
  /** Minor units (cents) the workspace would pay per click; null when not set. */
  cost_per_click: number | null
  /** Minor units per 1,000 impressions; null when not set. */
  cpm: number | null
  currency: string
  updated_at: number | null
}

export async function getWordOfMouthSettings(scope: WorkspaceScope): Promise<WordOfMouthSettings> {
  const row = await scope
    .selectFrom('word_of_mouth_settings')
    .select(['cost_per_click', 'cpm', 'currency', 'updated_at'])
    .executeTakeFirst()
  return {
    cost_per_click: row?.cost_per_click == null ? null : Number(row.cost_per_click),
    cpm: row?.cpm == null ? null : Number(row.cpm),
    currency: row?.currency ?? 'EUR',
    updated_at: row ? Number(row.updated_at) : null,
  }
}

type Changes = Partial<Pick<WordOfMouthSettingsTable, 'cost_per_click' | 'cpm' | 'currency'>> & {
  rewards_checked_mark?: string | null
  rewards_checked_at?: number | null
}

/** Creates the workspace's row on first use; only the given fields change. */
export async function updateWordOfMouthSettings(
  scope: WorkspaceScope,
  changes: Changes,
  now: number,
): Promise<void> {
  const row = {
    cost_per_click: null,
    cpm: null,
    currency: 'EUR',
    rewards_checked_at: null,
    rewards_checked_mark: null,
    ...changes,
    updated_at: now,
  }
  await scope
    .insertInto('word_of_mouth_settings', row)
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...changes, updated_at: now }))
    .execute()
}
