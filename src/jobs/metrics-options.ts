import { hostname } from 'node:os'

export interface MetricsSyncOptions {
  /** Names this process in the channels' leases. */
  workerId: string
  /** Pause between two rounds of the background job. */
  tickMs: number
  /** Channels read at once by this process. */
  concurrency: number
  /** Post ids per `fetchMetrics` call (adapters split further where the network needs it). */
  batchSize: number
  /** Calls per channel per run; the rest waits for the next round (keeps quotas smooth). */
  callsPerRun: number
  /** How long a channel stays reserved by the process reading it. */
  leaseMs: number
  /** Longest wait for one network call. */
  callTimeoutMs: number
  /** "Sync now" skips posts read more recently than this. */
  manualMinAgeMs: number
  backoffBaseMs: number
  backoffMaxMs: number
  /** Source of jitter (tests make it fixed). */
  random: () => number
}

export function metricsSyncOptions(
  overrides: Partial<MetricsSyncOptions> = {},
): MetricsSyncOptions {
  return {
    workerId: `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
    tickMs: 60_000,
    concurrency: 2,
    batchSize: 100,
    callsPerRun: 10,
    leaseMs: 5 * 60_000,
    callTimeoutMs: 30_000,
    manualMinAgeMs: 5 * 60_000,
    backoffBaseMs: 60_000,
    backoffMaxMs: 6 * 3_600_000,
    random: Math.random,
    ...overrides,
  }
}
