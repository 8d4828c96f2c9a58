import type { Kysely } from 'kysely'
import { startOfUtcDay } from '../core/links/visitor.js'
import type { Schema } from '../storage/schema.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import type { PendingClick } from './click-recorder.js'
import { clickRows } from './click-rows.js'
import type { RecentUniques } from './recent-uniques.js'
import { ReusableInsert } from './reusable-insert.js'
import type { VisitorSalts } from './visitor-salts.js'

// Rollup rows have at most 7 columns: 500 rows stay far below both databases' parameter limits.
const ROWS_PER_INSERT = 500

// Raw clicks go in statements of a few fixed sizes, so each size is compiled once (ReusableInsert).
const CLICK_CHUNK_SIZES = [250, 50, 10, 1]

function chunksOfKnownSizes<T>(items: T[]): T[][] {
  const out: T[][] = []
  let at = 0
  for (const size of CLICK_CHUNK_SIZES) {
    while (items.length - at >= size) {
      out.push(items.slice(at, at + size))
      at += size
    }
  }
  return out
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Writes one batch in one transaction: the raw clicks, then the hourly and
 * daily rollups as upserts that add to what is there (so many processes may
 * write at once without a hot row per link).
 */
export function clickWriter(db: Kysely<Schema>, salts: VisitorSalts, uniques: RecentUniques) {
  const insertClicks = new ReusableInsert((scope, rows) =>
    scope
      .insertInto('clicks', rows as Parameters<typeof scope.insertInto<'clicks'>>[1])
      .onConflict((oc) => oc.column('id').doNothing()),
  )
  return async (batch: PendingClick[]): Promise<void> => {
    const days = [...new Set(batch.map((click) => startOfUtcDay(click.at)))]
    const saltByDay = new Map<number, string>()
    for (const day of days) saltByDay.set(day, await salts.saltFor(day))
    const groups = clickRows(batch, (day) => saltByDay.get(day) ?? '', uniques)

    await db.transaction().execute(async (trx) => {
      for (const [workspaceId, group] of groups) {
        const scope = new WorkspaceScope(trx, workspaceId)
        for (const rows of chunksOfKnownSizes(group.clicks)) {
          await insertClicks.execute(scope, rows)
        }
        for (const rows of chunks(group.hourly, ROWS_PER_INSERT)) {
          await scope
            .insertInto('click_hourly', rows)
            .onConflict((oc) =>
              oc.columns(['workspace_id', 'link_id', 'hour']).doUpdateSet((eb) => ({
                clicks: eb('click_hourly.clicks', '+', eb.ref('excluded.clicks')),
                unique_clicks: eb(
                  'click_hourly.unique_clicks',
                  '+',
                  eb.ref('excluded.unique_clicks'),
                ),
                bot_hits: eb('click_hourly.bot_hits', '+', eb.ref('excluded.bot_hits')),
              })),
            )
            .execute()
        }
        for (const rows of chunks(group.daily, ROWS_PER_INSERT)) {
          await scope
            .insertInto('click_daily', rows)
            .onConflict((oc) =>
              oc
                .columns(['workspace_id', 'link_id', 'dimension', 'day', 'value'])
                .doUpdateSet((eb) => ({
                  clicks: eb('click_daily.clicks', '+', eb.ref('excluded.clicks')),
                  unique_clicks: eb(
                    'click_daily.unique_clicks',
                    '+',
                    eb.ref('excluded.unique_clicks'),
                  ),
                })),
            )
            .execute()
        }
      }
    })
  }
}
