import { hostname } from 'node:os'

export interface InboxSyncOptions {
  /** Names this process in sync leases. */
  workerId: string
  /** Pause between two rounds of the background sync. */
  tickMs: number
  /** Time between two syncs of one channel, when nothing went wrong. */
  intervalMs: number
  /** Channels synced at once by this process. */
  concurrency: number
  /** Items asked for per page (each network caps it). */
  pageSize: number
  /** Pages one sync of one channel may read; the rest waits for the next sync. */
  pagesPerRun: number
  /** How far back the first sync of a channel reaches. */
  backfillMs: number
  /** How long a channel stays reserved by the process syncing it. */
  leaseMs: number
  /** Longest wait for one network call. */
  callTimeoutMs: number
  /** Recent messages asked about per sync, to reflect edits and deletions. */
  recheckPerRun: number
  /** Messages received longer ago than this are not asked about again. */
  recheckWindowMs: number
  /** A message is asked about at most this often. */
  recheckEveryMs: number
  backoffBaseMs: number
  backoffMaxMs: number
  /** Source of jitter (tests make it fixed). */
  random: () => number
}

function seconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 10)
    throw new Error(`${name} must be a whole number of seconds, 10 or more; got "${value}"`)
  return parsed * 1000
}

/** Defaults, with MURMUR_INBOX_SYNC_SECONDS (time between syncs of a channel) from the environment. */
export function inboxSyncOptions(
  overrides: Partial<InboxSyncOptions> = {},
  env: NodeJS.ProcessEnv = process.env,
): InboxSyncOptions {
  return {
    workerId: `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
    tickMs: 5_000,
    intervalMs: seconds('MURMUR_INBOX_SYNC_SECONDS', env.MURMUR_INBOX_SYNC_SECONDS, 120),
    concurrency: 4,
    pageSize: 100,
    pagesPerRun: 10,
    backfillMs: 30 * 24 * 3_600_000,
    leaseMs: 5 * 60_000,
    callTimeoutMs: 30_000,
    recheckPerRun: 20,
    recheckWindowMs: 7 * 24 * 3_600_000,
    recheckEveryMs: 3_600_000,
    backoffBaseMs: 60_000,
    backoffMaxMs: 3_600_000,
    random: Math.random,
    ...overrides,
  }
}
