import type { Kysely } from 'kysely'
import { startOfUtcDay } from '../core/links/visitor.js'
import type { Schema } from '../storage/schema.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import type { PendingClick } from './click-recorder.js'
import { clickRows } from './click-rows.js'
import type { RecentUniques } from './recent-uniques.js'
import { ReusableInsert } from './reusable-insert.js'
import { lockRollupState } from './rollup-job.js'
import { chunksOfKnownSizes, type RollupWriter } from './rollup-writer.js'
import type { VisitorSalts } from './visitor-salts.js'

/**
 * Writes one batch of clicks in one transaction. The rollup job sums them
 * into the rollups later; clicks that arrive after the job has passed their
 * time (`lateBefore`, e.g. after the database was down) are added to the
 * rollups here, in the same transaction, and marked so the job skips them.
 */
export function clickWriter(
  db: Kysely<Schema>,
  salts: VisitorSalts,
  uniques: RecentUniques,
  rollups: RollupWriter,
  lateBefore: () => number,
) {
  const insertClicks = new ReusableInsert((scope, rows) =>
    scope
      .insertInto('clicks', rows as Parameters<typeof scope.insertInto<'clicks'>>[1])
      .onConflict((oc) => oc.column('id').doNothing()),
  )
  return async (batch: PendingClick[]): Promise<void> => {
    const days = [...new Set(batch.map((click) => startOfUtcDay(click.at)))]
    const saltByDay = new Map<number, string>()
    for (const day of days) saltByDay.set(day, await salts.saltFor(day))
    const { byWorkspace, lateGroups } = clickRows(
      batch,
      (day) => saltByDay.get(day) ?? '',
      uniques,
      lateBefore(),
    )
    await db.transaction().execute(async (trx) => {
      for (const [workspaceId, rows] of byWorkspace) {
        const scope = new WorkspaceScope(trx, workspaceId)
        for (const chunk of chunksOfKnownSizes(rows)) await insertClicks.execute(scope, chunk)
      }
      if (lateGroups.length > 0) {
        // In turn with the job and with links moving to another campaign (see lockRollupState),
        // so late clicks go to the campaign their link has once the move is done.
        await lockRollupState(trx, Date.now())
        await rollups.add(lateGroups, (id) => new WorkspaceScope(trx, id))
      }
    })
  }
}
