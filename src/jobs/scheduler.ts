import { hostname } from 'node:os'
import type { Murmur } from '../murmur.js'
import type { NetworkId } from '../networks/spec/index.js'
import { flagLateApprovals } from '../services/approvals.js'
import { networksOf, type PublishingNetworks } from '../services/publishing-networks.js'
import {
  type ClaimedDelivery,
  claimDue,
  markInterrupted,
  networksWithDueWork,
  releaseClaims,
  renewLeases,
} from './delivery-leases.js'
import { type PublishOutcome, publishDelivery } from './publish-delivery.js'
import { publishMetrics } from './scheduler-metrics.js'
import { defaultSchedulerOptions, type SchedulerOptions } from './scheduler-options.js'

const HEARTBEAT_KEEP_MS = 7 * 24 * 3_600_000
const HEARTBEAT_SWEEP_MS = 3_600_000

const running = new WeakMap<Murmur, Scheduler>()

/** The scheduler this process runs for `murmur`, if any (for /readyz). */
export function runningScheduler(murmur: Murmur): Scheduler | undefined {
  return running.get(murmur)
}

/**
 * The process-local publisher. Every tick it beats its heartbeat, renews the leases of its
 * publishes in flight, turns publishes whose worker died into `unconfirmed`, then claims due
 * deliveries per network up to its caps and publishes them. Any number of processes can run
 * one against PostgreSQL; claims never overlap (see claimDue).
 */
export class Scheduler {
  readonly options: SchedulerOptions
  readonly #murmur: Murmur
  readonly #networks: PublishingNetworks
  readonly #inFlight = new Map<string, { network: NetworkId; done: Promise<PublishOutcome> }>()
  /** Claimed ahead (options.prefetch), oldest first, with when they were claimed. */
  readonly #ready = new Map<NetworkId, Array<{ delivery: ClaimedDelivery; claimedAt: number }>>()
  readonly #startedAt: number
  #timer: NodeJS.Timeout | undefined
  #tick: Promise<void> | undefined
  #stopped = true
  /** stop() was called: finish what is in flight, claim nothing new. */
  #closed = false
  /** The last round filled a cap: more work may be waiting, so go again as soon as a slot frees. */
  #saturated = false
  #lastHousekeeping = Number.NEGATIVE_INFINITY
  #lastSweep = Number.NEGATIVE_INFINITY

  constructor(
    murmur: Murmur,
    options: Partial<SchedulerOptions> = {},
    networks: PublishingNetworks = networksOf(murmur),
  ) {
    this.#murmur = murmur
    this.#networks = networks
    this.options = defaultSchedulerOptions(murmur.config, options)
    this.#startedAt = murmur.now()
  }

  get workerId(): string {
    return this.options.workerId
  }

  get inFlight(): number {
    return this.#inFlight.size
  }

  /** Starts ticking: the first round (which publishes anything missed while down) runs now. */
  start(): void {
    if (!this.#stopped) return
    this.#stopped = false
    this.#closed = false
    running.set(this.#murmur, this)
    this.#murmur.log.debug({ worker: this.workerId }, 'scheduler started')
    this.#schedule(0)
  }

  /**
   * Stops claiming, waits for publishes in flight (up to `stopTimeoutMs`; any still running then
   * will be marked unconfirmed by the next scheduler), and removes this worker's heartbeat.
   */
  async stop(): Promise<void> {
    this.#stopped = true
    this.#closed = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    if (running.get(this.#murmur) === this) running.delete(this.#murmur)
    await this.#tick?.catch(() => undefined)
    await this.#releaseReady()
    const waiting = Promise.allSettled([...this.#inFlight.values()].map((f) => f.done))
    let timeout: NodeJS.Timeout | undefined
    await Promise.race([
      waiting,
      new Promise((resolve) => {
        timeout = setTimeout(resolve, this.options.stopTimeoutMs)
      }),
    ])
    clearTimeout(timeout)
    await this.#murmur.db
      .deleteFrom('scheduler_heartbeats')
      .where('worker_id', '=', this.workerId)
      .execute()
      .catch(() => undefined)
  }

  /** One round; concurrent calls share the round in progress. */
  tick(): Promise<void> {
    this.#tick ??= this.#round().finally(() => {
      this.#tick = undefined
    })
    return this.#tick
  }

  /** Resolves when every publish started so far has finished (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) {
      await Promise.allSettled([...this.#inFlight.values()].map((f) => f.done))
    }
  }

  /** Ticks until nothing is due and nothing is in flight (tests). */
  async drain(maxRounds = 1000): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      await this.tick()
      await this.idle()
      if ((await networksWithDueWork(this.#murmur)).length === 0) return
    }
  }

  #schedule(delay: number): void {
    if (this.#stopped) return
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.tick()
        .catch((error) => this.#murmur.log.error({ err: error }, 'scheduler round failed'))
        .finally(() => this.#schedule(this.options.tickMs))
    }, delay)
  }

  async #round(): Promise<void> {
    const murmur = this.#murmur
    // Busy queues start extra rounds as publishes finish; the bookkeeping needs one per tick.
    if (murmur.now() - this.#lastHousekeeping >= this.options.tickMs) {
      this.#lastHousekeeping = murmur.now()
      await this.#beat()
      await renewLeases(
        murmur,
        this.workerId,
        [...this.#inFlight.keys()],
        this.options.publishLeaseMs,
      )
      const interrupted = await markInterrupted(murmur)
      if (interrupted > 0) {
        murmur.log.warn(
          { count: interrupted },
          'publishes interrupted by a stopped worker are now unconfirmed',
        )
      }
      // Posts still waiting for approval at their time are never published: tell both sides.
      await flagLateApprovals(murmur)
    }
    this.#saturated = false
    // A network this process cannot reach is claimed too: publishDelivery fails its deliveries
    // with a clear message instead of leaving them stuck.
    for (const network of await networksWithDueWork(murmur)) {
      if (this.#closed) return
      let free = this.#freeSlots(network)
      while (free > 0 && this.#launchReady(network)) free--
      const ahead = this.options.prefetch - (this.#ready.get(network)?.length ?? 0)
      const limit = Math.max(0, free) + Math.max(0, ahead)
      if (limit <= 0) {
        this.#saturated = true
        continue
      }
      const claimed = await claimDue(murmur, {
        workerId: this.workerId,
        network,
        limit,
        leaseMs: this.options.claimLeaseMs,
      })
      if (claimed.length === limit || free <= 0) this.#saturated = true
      const now = murmur.now()
      for (const delivery of claimed) {
        if (free > 0 && !this.#closed) {
          this.#launch(delivery)
          free--
        } else {
          const queue = this.#ready.get(network) ?? []
          queue.push({ delivery, claimedAt: now })
          this.#ready.set(network, queue)
        }
      }
      if (this.#closed) await this.#releaseReady()
    }
  }

  #freeSlots(network: NetworkId): number {
    return Math.min(
      this.options.concurrency - this.#inFlight.size,
      this.#networkCap(network) - this.#inFlightFor(network),
    )
  }

  /**
   * Starts the oldest delivery claimed ahead for `network`, if any is still fresh: one held past
   * half its claim lease is let go (another worker may take it once the lease ends).
   */
  #launchReady(network: NetworkId): boolean {
    const queue = this.#ready.get(network)
    const now = this.#murmur.now()
    while (queue && queue.length > 0) {
      const next = queue.shift() as { delivery: ClaimedDelivery; claimedAt: number }
      if (now - next.claimedAt < this.options.claimLeaseMs / 2) {
        this.#launch(next.delivery)
        return true
      }
    }
    return false
  }

  /** Gives back deliveries claimed ahead (stopping): other workers need not wait for the lease. */
  async #releaseReady(): Promise<void> {
    const ids = [...this.#ready.values()].flat().map((entry) => entry.delivery.id)
    this.#ready.clear()
    if (ids.length === 0) return
    await releaseClaims(this.#murmur, this.workerId, ids).catch((error: unknown) =>
      this.#murmur.log.warn(
        { err: error },
        'could not release claimed deliveries; their lease ends',
      ),
    )
  }

  #launch(delivery: ClaimedDelivery): void {
    const murmur = this.#murmur
    const done = publishDelivery(murmur, this.#networks, this.options, delivery)
      .catch((error): PublishOutcome => {
        // Storage trouble mid-job: the lease runs out and recovery settles the row honestly.
        murmur.log.error({ err: error, delivery: delivery.id }, 'publish job failed')
        return 'skipped'
      })
      .then((outcome) => {
        publishMetrics(murmur).outcomes.inc({ network: delivery.network, outcome })
        return outcome
      })
      .finally(() => {
        this.#inFlight.delete(delivery.id)
        // A delivery claimed ahead takes the slot at once; the round refills behind it.
        if (!this.#closed && this.#freeSlots(delivery.network) > 0)
          this.#launchReady(delivery.network)
        if (this.#saturated && !this.#stopped) this.#schedule(0)
      })
    this.#inFlight.set(delivery.id, { network: delivery.network, done })
  }

  #networkCap(network: NetworkId): number {
    return this.options.networkConcurrency[network] ?? this.options.defaultNetworkConcurrency
  }

  #inFlightFor(network: NetworkId): number {
    let count = 0
    for (const flight of this.#inFlight.values()) if (flight.network === network) count++
    return count
  }

  async #beat(): Promise<void> {
    const now = this.#murmur.now()
    const row = {
      worker_id: this.workerId,
      host: hostname(),
      pid: process.pid,
      started_at: this.#startedAt,
      beat_at: now,
      in_flight: this.#inFlight.size,
    }
    await this.#murmur.db
      .insertInto('scheduler_heartbeats')
      .values(row)
      .onConflict((oc) =>
        oc.column('worker_id').doUpdateSet({ beat_at: now, in_flight: this.#inFlight.size }),
      )
      .execute()
    publishMetrics(this.#murmur).inFlight.set(this.#inFlight.size)
    // Workers that died without stopping leave a row; after a week it only clutters.
    if (now - this.#lastSweep > HEARTBEAT_SWEEP_MS) {
      this.#lastSweep = now
      await this.#murmur.db
        .deleteFrom('scheduler_heartbeats')
        .where('beat_at', '<', now - HEARTBEAT_KEEP_MS)
        .execute()
    }
  }
}
