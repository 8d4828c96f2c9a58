import type { Murmur } from '../murmur.js'
import { type MetricsSyncResult, syncChannelMetrics } from '../services/metrics-sync.js'
import { networksOf, type PublishingNetworks } from '../services/publishing-networks.js'
import {
  type ClaimedMetricsChannel,
  claimDueMetricsChannels,
  ensureTracking,
  releaseMetricsChannel,
} from './metrics-leases.js'
import { type MetricsSyncOptions, metricsSyncOptions } from './metrics-options.js'

/**
 * The background metrics job: every tick it starts following newly published deliveries, then
 * reserves the channels with readings due (leases, so several processes never read one channel
 * at once, and a rate limit on one account holds that channel only) and reads them, a few at a
 * time. The schedule itself (src/core/metrics/schedule.ts) decides how often each post is read.
 */
export class MetricsSync {
  readonly options: MetricsSyncOptions
  readonly #murmur: Murmur
  /** Fixed networks (tests); otherwise the process's current ones, read at each run. */
  readonly #networks: PublishingNetworks | undefined
  readonly #inFlight = new Map<string, Promise<MetricsSyncResult | undefined>>()
  #timer: NodeJS.Timeout | undefined
  #tick: Promise<MetricsSyncResult[]> | undefined
  #stopped = true

  constructor(
    murmur: Murmur,
    options: Partial<MetricsSyncOptions> = {},
    networks?: PublishingNetworks,
  ) {
    this.#murmur = murmur
    this.#networks = networks
    this.options = metricsSyncOptions(options)
  }

  start(): void {
    if (!this.#stopped) return
    this.#stopped = false
    this.#murmur.log.info({ worker: this.options.workerId }, 'metrics sync started')
    this.#schedule(0)
  }

  /** Stops ticking and waits for the runs in flight (each holds its lease until it ends). */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#tick?.catch(() => undefined)
    await Promise.allSettled(this.#inFlight.values())
  }

  /** One round; concurrent calls share the round in progress. Resolves when its runs end. */
  tick(): Promise<MetricsSyncResult[]> {
    this.#tick ??= this.#round().finally(() => {
      this.#tick = undefined
    })
    return this.#tick
  }

  /** Rounds until no channel has a reading due (tests, benchmarks). */
  async drain(maxRounds = 1000): Promise<MetricsSyncResult[]> {
    const results: MetricsSyncResult[] = []
    for (let round = 0; round < maxRounds; round++) {
      const done = await this.tick()
      if (done.length === 0) break
      results.push(...done)
    }
    return results
  }

  #schedule(delay: number): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.tick()
        .catch((error) => this.#murmur.log.error({ err: error }, 'metrics sync round failed'))
        .finally(() => this.#schedule(this.options.tickMs))
    }, delay)
  }

  async #round(): Promise<MetricsSyncResult[]> {
    await ensureTracking(this.#murmur)
    const claimed = await claimDueMetricsChannels(this.#murmur, {
      workerId: this.options.workerId,
      limit: this.options.concurrency - this.#inFlight.size,
      leaseMs: this.options.leaseMs,
    })
    const results = await Promise.all(claimed.map((channel) => this.#launch(channel)))
    return results.filter((result) => result !== undefined)
  }

  #launch(channel: ClaimedMetricsChannel): Promise<MetricsSyncResult | undefined> {
    const murmur = this.#murmur
    const done = syncChannelMetrics(
      murmur,
      this.#networks ?? networksOf(murmur),
      channel,
      this.options,
    )
      .then((result) => {
        if (result.error) murmur.log.warn({ ...result }, 'metrics sync')
        return result
      })
      .catch(async (error) => {
        murmur.log.error({ err: error, channel: channel.channel_id }, 'metrics sync failed')
        // Give the channel back; if storage itself is down the lease runs out instead.
        await releaseMetricsChannel(murmur, channel.channel_id, this.options.workerId).catch(
          () => undefined,
        )
        return undefined
      })
      .finally(() => this.#inFlight.delete(channel.channel_id))
    this.#inFlight.set(channel.channel_id, done)
    return done
  }
}
