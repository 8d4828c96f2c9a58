import { hostname } from 'node:os'
import type { Config } from '../config.js'
import type { NetworkId } from '../networks/spec/index.js'

export interface SchedulerOptions {
  /** Names this process in leases and heartbeats. */
  workerId: string
  /** Pause between two rounds (claim, heartbeat, lease renewal, recovery). */
  tickMs: number
  /** Publishes in flight in this process, all networks together. */
  concurrency: number
  /** Publishes in flight in this process per network (networks rate-limit per account and app). */
  networkConcurrency: Partial<Record<NetworkId, number>>
  defaultNetworkConcurrency: number
  /** How long a claimed delivery stays reserved before it is started. */
  claimLeaseMs: number
  /**
   * Deliveries claimed ahead per network, started the moment a slot frees instead of after a
   * new probe and claim (two database round trips on every publish of a busy queue). Their claim
   * lease keeps other workers off them; 0 claims only for free slots.
   */
  prefetch: number
  /** How long a publish may go without its lease being renewed before it counts as interrupted. */
  publishLeaseMs: number
  /** Longest wait for one network call; past it the outcome is unknown. */
  publishTimeoutMs: number
  /** A delivery due longer ago than this (Murmur was down) fails as missed instead of going out. */
  lateGraceMs: number
  /** Deliveries that go out later than this after their time are marked late. */
  lateThresholdMs: number
  /** Attempts before a retryable failure becomes final. */
  maxAttempts: number
  backoffBaseMs: number
  backoffMaxMs: number
  /** Longest wait for publishes in flight when stopping. */
  stopTimeoutMs: number
  /** Source of jitter (tests make it fixed). */
  random: () => number
}

export function defaultSchedulerOptions(
  config: Pick<Config, 'lateGraceMs'>,
  overrides: Partial<SchedulerOptions> = {},
): SchedulerOptions {
  return {
    workerId: `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
    tickMs: 1000,
    concurrency: 16,
    networkConcurrency: {},
    defaultNetworkConcurrency: 4,
    claimLeaseMs: 30_000,
    prefetch: 4,
    publishLeaseMs: 60_000,
    publishTimeoutMs: 90_000,
    lateGraceMs: config.lateGraceMs,
    lateThresholdMs: 60_000,
    maxAttempts: 8,
    backoffBaseMs: 30_000,
    backoffMaxMs: 3_600_000,
    stopTimeoutMs: 30_000,
    random: Math.random,
    ...overrides,
  }
}

/** Heartbeats older than this mean no scheduler is alive (readyz fails). */
export const HEARTBEAT_STALE_MS = 30_000
/** A scheduled delivery this far past its time means posts are stuck (readyz reports it). */
export const OVERDUE_ALERT_MS = 120_000

/**
 * How long to wait before retry number `attempt + 1`: exponential from `backoffBaseMs`, capped,
 * with "equal jitter" (half fixed, half random) so a burst of failures does not retry in step,
 * and never sooner than the network asked.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  options: Pick<SchedulerOptions, 'backoffBaseMs' | 'backoffMaxMs' | 'random'>,
): number {
  const exponential = Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** (attempt - 1))
  const jittered = exponential / 2 + (options.random() * exponential) / 2
  if (retryAfterMs === undefined) return Math.round(jittered)
  return Math.round(Math.max(jittered, retryAfterMs + options.random() * 1000))
}
