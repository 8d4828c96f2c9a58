import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { linkCampaigns } from './campaign-rollups.js'
import { type ClickGroup, type RollupSums, rollupSums } from './click-rows.js'
import { ReusableInsert } from './reusable-insert.js'

// Rows go in statements of a few fixed sizes, so each size is compiled once (ReusableInsert);
// 250 rows of 13 columns stay far below both databases' parameter limits.
const CHUNK_SIZES = [250, 50, 10, 1]

export function chunksOfKnownSizes<T>(items: T[]): T[][] {
  const out: T[][] = []
  let at = 0
  for (const size of CHUNK_SIZES) {
    while (items.length - at >= size) {
      out.push(items.slice(at, at + size))
      at += size
    }
  }
  return out
}

/**
 * Adds click groups to the hourly and daily rollups with upserts that add to
 * what is there, so several writers never fight over a hot row.
 */
export class RollupWriter {
  readonly #hourly = new ReusableInsert((scope, rows) =>
    scope
      .insertInto('click_hourly', rows as Parameters<typeof scope.insertInto<'click_hourly'>>[1])
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'link_id', 'hour']).doUpdateSet((eb) => ({
          clicks: eb('click_hourly.clicks', '+', eb.ref('excluded.clicks')),
          unique_clicks: eb('click_hourly.unique_clicks', '+', eb.ref('excluded.unique_clicks')),
          bot_hits: eb('click_hourly.bot_hits', '+', eb.ref('excluded.bot_hits')),
        })),
      ),
  )
  readonly #daily = new ReusableInsert((scope, rows) =>
    scope
      .insertInto('click_daily', rows as Parameters<typeof scope.insertInto<'click_daily'>>[1])
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'link_id', 'dimension', 'day', 'value']).doUpdateSet((eb) => ({
          clicks: eb('click_daily.clicks', '+', eb.ref('excluded.clicks')),
          unique_clicks: eb('click_daily.unique_clicks', '+', eb.ref('excluded.unique_clicks')),
        })),
      ),
  )

  /** `scopeOf` gives the (transaction-bound) scope of each workspace. */
  async add(
    groups: Iterable<ClickGroup>,
    scopeOf: (workspaceId: string) => WorkspaceScope,
  ): Promise<void> {
    await this.#write(rollupSums(groups), scopeOf)
  }

  /** Adds sums made in memory (RollupSums): each rollup row once. */
  async addSums(sums: RollupSums, scopeOf: (workspaceId: string) => WorkspaceScope): Promise<void> {
    await this.#write(sums, scopeOf)
  }

  /** Writes the link rows, the workspace rows and the campaign rows of the links' campaigns. */
  async #write(sums: RollupSums, scopeOf: (workspaceId: string) => WorkspaceScope): Promise<void> {
    const byWorkspace = sums.rows(await linkCampaigns(sums.linkIds(), scopeOf))
    for (const [workspaceId, rows] of byWorkspace) {
      const scope = scopeOf(workspaceId)
      for (const chunk of chunksOfKnownSizes(rows.hourly)) await this.#hourly.execute(scope, chunk)
      for (const chunk of chunksOfKnownSizes(rows.daily)) await this.#daily.execute(scope, chunk)
    }
  }
}
