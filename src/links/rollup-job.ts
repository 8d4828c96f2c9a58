import { type Kysely, sql } from 'kysely'
import type { Schema } from '../storage/schema.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { clickIdTimePrefix } from './click-ids.js'
import { type ClickGroup, dimensionValues } from './click-rows.js'
import type { RollupWriter } from './rollup-writer.js'

const STATE = 'clicks'

/**
 * Sums stored clicks into the rollups, from where the last run stopped (the
 * watermark) up to `upTo`, a click-id time prefix (rollupBound).
 * The GROUP BY runs in the database, so only one row per link, hour and
 * combination of dimension values comes back. The watermark moves in the
 * same transaction as the rollups, so every click is summed exactly once,
 * and a crash only delays the sums. The state row is updated first: it is a
 * lock, so two processes never sum the same clicks.
 *
 * It reads across workspaces (like the purge); what it writes goes through
 * each workspace's scope.
 */
export async function rollUpClicks(
  db: Kysely<Schema>,
  rollups: RollupWriter,
  upTo: string,
  now: number,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('click_rollup_state')
      .values({ name: STATE, watermark: '', updated_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute()
    const state = await trx
      .updateTable('click_rollup_state')
      .set({ updated_at: now })
      .where('name', '=', STATE)
      .returning('watermark')
      .executeTakeFirstOrThrow()
    const from = state.watermark
    const until = upTo
    if (until <= from) return 0

    const hour = sql<number>`(${sql.ref('at')} / 3600000) * 3600000`
    const rows = await trx
      .selectFrom('clicks')
      .select((eb) => [
        'workspace_id',
        'link_id',
        hour.as('hour'),
        'country',
        'device',
        'browser',
        'os',
        'referrer_host',
        'via_qr',
        'is_bot',
        eb.fn.countAll<number>().as('clicks'),
        eb.fn.sum<number>('is_unique').as('unique'),
      ])
      .where('id', '>', from)
      .where('id', '<=', until)
      .where('rolled', '=', 0)
      .groupBy([
        'workspace_id',
        'link_id',
        hour,
        'country',
        'device',
        'browser',
        'os',
        'referrer_host',
        'via_qr',
        'is_bot',
      ])
      .execute()
    let clicks = 0
    const groups: ClickGroup[] = rows.map((row) => {
      const count = Number(row.clicks)
      clicks += count
      const bot = Number(row.is_bot) === 1
      return {
        workspace: row.workspace_id,
        linkId: row.link_id,
        hour: Number(row.hour),
        values: bot ? undefined : dimensionValues({ ...row, via_qr: Number(row.via_qr) }),
        clicks: bot ? 0 : count,
        unique: bot ? 0 : Number(row.unique),
        bots: bot ? count : 0,
      }
    })
    await rollups.add(groups, (id) => new WorkspaceScope(trx, id))
    await trx
      .updateTable('click_rollup_state')
      .set({ watermark: until, updated_at: now })
      .where('name', '=', STATE)
      .execute()
    return clicks
  })
}

/** The bound that covers every click made before `time`. */
export const rollupBound = (time: number) => clickIdTimePrefix(time)
