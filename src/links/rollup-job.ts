import type { Kysely } from 'kysely'
import type { Schema } from '../storage/schema.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { clickIdTimePrefix } from './click-ids.js'
import { addToGroups, type ClickGroup, rollupSums } from './click-rows.js'
import type { RollupWriter } from './rollup-writer.js'

const STATE = 'clicks'

/**
 * Clicks summed per transaction. A batch is read, summed in memory and
 * written as one rollup row per key, so a backlog (after downtime, or a bulk
 * load) moves in steps that each commit, and memory stays bounded (about
 * 20 MB at this size). Rollup rows written per batch grow with the links and
 * countries in it, not with its clicks: at 5,000 clicks over 1,000 busy links
 * the job wrote two rollup rows per click and cost more than storing the
 * clicks (bench/redirect profile, docs/benchmarks.md). The web process does
 * not stall meanwhile: its SQLite connection waits for the lock on a timer
 * (storage/sqlite-dialect.ts).
 */
export const ROLLUP_BATCH_CLICKS = 50_000

/**
 * Sums stored clicks into the rollups, from where the last run stopped (the
 * watermark) up to `upTo`, a click-id time prefix (rollupBound), in batches
 * of `batchSize` clicks taken in id order.
 *
 * Each batch is one transaction that locks the state row first, reads the
 * watermark, sums the next clicks in memory, adds them to the rollups (the
 * campaign rows under the campaign their links have in this transaction) and
 * moves the watermark past them. So every click is summed exactly once: two
 * processes take turns on the state row (the second reads the watermark the
 * first committed), and a crash rolls back only the batch in progress, which
 * the next run sums again.
 *
 * It reads across workspaces (like the purge); what it writes goes through
 * each workspace's scope.
 */
export async function rollUpClicks(
  db: Kysely<Schema>,
  rollups: RollupWriter,
  upTo: string,
  now: number,
  batchSize = ROLLUP_BATCH_CLICKS,
): Promise<number> {
  let total = 0
  for (;;) {
    const batch = await rollUpBatch(db, rollups, upTo, now, batchSize)
    total += batch.clicks
    if (batch.done) return total
  }
}

async function rollUpBatch(
  db: Kysely<Schema>,
  rollups: RollupWriter,
  upTo: string,
  now: number,
  batchSize: number,
): Promise<{ clicks: number; done: boolean }> {
  return db.transaction().execute(async (trx) => {
    // Locking the state row first makes another process wait here until this batch commits,
    // then read the watermark this one left.
    const from = await lockRollupState(trx, now)
    if (upTo <= from) return { clicks: 0, done: true }

    const clicks = await trx
      .selectFrom('clicks')
      .select([
        'workspace_id',
        'id',
        'link_id',
        'at',
        'country',
        'device',
        'browser',
        'os',
        'referrer_host',
        'via_qr',
        'is_bot',
        'is_unique',
      ])
      .where('id', '>', from)
      .where('id', '<=', upTo)
      .where('rolled', '=', 0)
      .orderBy('id')
      .limit(batchSize)
      .execute()
    // A full batch may have more after it: stop at its last click and go on in a new batch.
    const full = clicks.length === batchSize
    const until = full ? (clicks[clicks.length - 1]?.id ?? upTo) : upTo
    const groups = new Map<string, ClickGroup>()
    for (const click of clicks) addToGroups(groups, click.workspace_id, click)
    await rollups.addSums(rollupSums(groups.values()), (id) => new WorkspaceScope(trx, id))
    await trx
      .updateTable('click_rollup_state')
      .set({ watermark: until, updated_at: now })
      .where('name', '=', STATE)
      .execute()
    return { clicks: clicks.length, done: !full }
  })
}

/**
 * Takes the lock of the rollup state row (making the row if missing) and
 * answers the watermark. Whatever writes rollup rows (the job, late clicks,
 * moving a link to another campaign) takes it first in its transaction, so
 * those writes take turns: another process waits here until this
 * transaction commits, then sees what it wrote.
 */
export async function lockRollupState(trx: Kysely<Schema>, now: number): Promise<string> {
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
  return state.watermark
}

/** The bound that covers every click made before `time`. */
export const rollupBound = (time: number) => clickIdTimePrefix(time)
