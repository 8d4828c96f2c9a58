import type { Kysely } from 'kysely'
import type { Schema } from '../storage/schema.js'
import type { PendingClick } from './click-recorder.js'
import { clickWriter } from './click-writer.js'
import { RecentUniques } from './recent-uniques.js'
import { rollUpClicks } from './rollup-job.js'
import { RollupWriter } from './rollup-writer.js'
import { VisitorSalts } from './visitor-salts.js'

/**
 * Where buffered clicks are written and summed. The same code runs in a
 * worker thread (click-worker.ts) or, where no worker can run, in process.
 */
export interface ClickStore {
  /** Stores a batch; clicks made before `lateBefore` are summed into the rollups at once. */
  write(batch: PendingClick[], lateBefore: number): Promise<void>
  /** Sums stored clicks up to a click-id bound into the rollups; answers how many. */
  rollUp(bound: string, now: number): Promise<number>
  close(): Promise<void>
  /** Settles once the store can write (its worker has opened the database); rejects if it cannot. */
  ready(): Promise<void>
  /** True once the store cannot work any more (its worker stopped): make a new one. */
  readonly broken?: boolean
}

export function inProcessClickStore(db: Kysely<Schema>): ClickStore {
  const rollups = new RollupWriter()
  let lateBefore = 0
  const write = clickWriter(
    db,
    new VisitorSalts(db),
    new RecentUniques(),
    rollups,
    () => lateBefore,
  )
  return {
    write(batch, late) {
      lateBefore = late
      return write(batch)
    },
    rollUp: (bound, now) => rollUpClicks(db, rollups, bound, now),
    close: async () => {},
    ready: async () => {},
  }
}
