import { sql } from 'kysely'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { type CampaignOf, campaignRollupKey } from './click-rows.js'

/** Link ids per lookup: well below both databases' parameter limits. */
const LOOKUP_CHUNK = 500

/**
 * The campaigns of the links some rollup sums hold, read through each
 * workspace's (transaction-bound) scope, in the transaction that writes the
 * sums: a link moved to another campaign before it commits is summed under
 * the new one (the move and the writers take the rollup state lock first).
 */
export async function linkCampaigns(
  linkIds: Map<string, Set<string>>,
  scopeOf: (workspaceId: string) => WorkspaceScope,
): Promise<CampaignOf> {
  const byWorkspace = new Map<string, Map<string, string | null>>()
  for (const [workspaceId, ids] of linkIds) {
    const campaigns = new Map<string, string | null>()
    byWorkspace.set(workspaceId, campaigns)
    const all = [...ids]
    for (let at = 0; at < all.length; at += LOOKUP_CHUNK) {
      const rows = await scopeOf(workspaceId)
        .selectFrom('links')
        .select(['id', 'campaign'])
        .where('id', 'in', all.slice(at, at + LOOKUP_CHUNK))
        .execute()
      for (const row of rows) campaigns.set(row.id, row.campaign)
    }
  }
  return (workspace, linkId) => byWorkspace.get(workspace)?.get(linkId)
}

/**
 * Moves a link's clicks so far from one campaign's rollup rows to another's
 * (either may be none): its hourly and daily rows are subtracted from the old
 * key and added to the new one, and old-key rows left at zero are deleted.
 * Run it in the transaction that changes the link's campaign, after taking
 * the rollup state lock (lockRollupState), so no rollup write interleaves.
 */
export async function moveLinkHistory(
  scope: WorkspaceScope,
  linkId: string,
  from: string | null,
  to: string | null,
): Promise<void> {
  if ((from || null) === (to || null)) return
  if (from) await addLinkRows(scope, linkId, campaignRollupKey(from), -1)
  if (to) await addLinkRows(scope, linkId, campaignRollupKey(to), 1)
  if (!from) return
  const key = campaignRollupKey(from)
  await scope
    .deleteFrom('click_hourly')
    .where('link_id', '=', key)
    .where('clicks', '=', 0)
    .where('unique_clicks', '=', 0)
    .where('bot_hits', '=', 0)
    .execute()
  await scope
    .deleteFrom('click_daily')
    .where('link_id', '=', key)
    .where('clicks', '=', 0)
    .where('unique_clicks', '=', 0)
    .execute()
}

/** Adds (sign 1) or subtracts (sign -1) a link's rollup rows to those of `key`. */
async function addLinkRows(
  scope: WorkspaceScope,
  linkId: string,
  key: string,
  sign: 1 | -1,
): Promise<void> {
  // `where link_id = …` also keeps SQLite from reading `on conflict` as a join constraint.
  await scope.db
    .insertInto('click_hourly')
    .columns(['workspace_id', 'link_id', 'hour', 'clicks', 'unique_clicks', 'bot_hits'])
    .expression(
      scope
        .selectFrom('click_hourly')
        .select((eb) => [
          'workspace_id',
          sql<string>`cast(${key} as text)`.as('link_id'),
          'hour',
          eb('clicks', '*', sign).as('clicks'),
          eb('unique_clicks', '*', sign).as('unique_clicks'),
          eb('bot_hits', '*', sign).as('bot_hits'),
        ])
        .where('link_id', '=', linkId),
    )
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'link_id', 'hour']).doUpdateSet((eb) => ({
        clicks: eb('click_hourly.clicks', '+', eb.ref('excluded.clicks')),
        unique_clicks: eb('click_hourly.unique_clicks', '+', eb.ref('excluded.unique_clicks')),
        bot_hits: eb('click_hourly.bot_hits', '+', eb.ref('excluded.bot_hits')),
      })),
    )
    .execute()
  await scope.db
    .insertInto('click_daily')
    .columns(['workspace_id', 'link_id', 'day', 'dimension', 'value', 'clicks', 'unique_clicks'])
    .expression(
      scope
        .selectFrom('click_daily')
        .select((eb) => [
          'workspace_id',
          sql<string>`cast(${key} as text)`.as('link_id'),
          'day',
          'dimension',
          'value',
          eb('clicks', '*', sign).as('clicks'),
          eb('unique_clicks', '*', sign).as('unique_clicks'),
        ])
        .where('link_id', '=', linkId),
    )
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'link_id', 'dimension', 'day', 'value']).doUpdateSet((eb) => ({
        clicks: eb('click_daily.clicks', '+', eb.ref('excluded.clicks')),
        unique_clicks: eb('click_daily.unique_clicks', '+', eb.ref('excluded.unique_clicks')),
      })),
    )
    .execute()
}
