import { sql } from 'kysely'
import { Gauge } from 'prom-client'
import type { Murmur } from '../murmur.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { cutClickIds } from './click-ids.js'
import { ClickRecorder, type ClickRecorderOptions } from './click-recorder.js'
import { type ClickStore, inProcessClickStore } from './click-store.js'
import { LinkResolver, type LinkResolverOptions } from './link-resolver.js'
import { rollupBound } from './rollup-job.js'
import { WorkerClickStore } from './worker-click-store.js'

export interface TrafficOptions {
  resolver?: LinkResolverOptions
  recorder?: Omit<ClickRecorderOptions, 'log'>
  /** Days raw clicks are kept (rollups are kept forever); 0 keeps them forever. */
  rawClickRetentionDays?: number
  /** Store clicks from a worker thread (default), so SQLite writes never block the redirect. */
  clickWorker?: boolean
}

/** Settings read from the environment (docs/links.md lists them). */
export function trafficOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TrafficOptions {
  const whole = (name: string, fallback: number) => {
    const value = env[name]
    if (value === undefined || value === '') return fallback
    const parsed = Number(value)
    if (!Number.isInteger(parsed) || parsed < 0)
      throw new Error(`${name} must be a whole number, got "${value}"`)
    return parsed
  }
  return {
    rawClickRetentionDays: whole('MURMUR_CLICK_RETENTION_DAYS', 90),
    recorder: {
      flushIntervalMs: Math.min(250, Math.max(10, whole('MURMUR_CLICK_FLUSH_MS', 200))),
      maxPending: Math.max(10_000, whole('MURMUR_CLICK_BUFFER_MAX', 1_000_000)),
    },
    clickWorker: env.MURMUR_CLICK_WORKER !== 'false',
  }
}

const PURGE_EVERY_MS = 3_600_000
/** The rollup job sums clicks made more than ROLLUP_LAG_MS ago, every ROLLUP_EVERY_MS. */
const ROLLUP_EVERY_MS = 5_000
const ROLLUP_LAG_MS = 5_000

/**
 * The redirect's moving parts for one process: the link cache, the click
 * buffer and its writer, and the hourly purge of expired raw clicks.
 */
export class LinkTraffic {
  readonly links: LinkResolver
  readonly recorder: ClickRecorder
  readonly #purgeTimer: NodeJS.Timeout | undefined
  readonly #rollupTimer: NodeJS.Timeout
  #store: Promise<ClickStore>
  #rollingUp: Promise<number> | undefined

  constructor(
    private readonly murmur: Murmur,
    private readonly options: TrafficOptions = {},
  ) {
    this.links = new LinkResolver(murmur.db, { now: murmur.now, ...options.resolver })
    const worker = usesClickWorker(murmur, options.clickWorker ?? true)
    this.#store = openClickStore(murmur, worker)
    this.recorder = new ClickRecorder(
      // Clicks older than half the lag may already be behind the rollup job: they are summed as stored.
      async (batch) => (await this.#liveStore()).write(batch, murmur.now() - ROLLUP_LAG_MS / 2),
      {
        // Written on the main thread, a big batch would hold up the redirects for its whole write.
        ...(worker ? {} : { maxBatchSize: options.recorder?.batchSize ?? 500 }),
        ...options.recorder,
        log: murmur.log,
      },
    )
    this.#registerMetrics()
    this.#rollupTimer = setInterval(() => void this.rollUp(), ROLLUP_EVERY_MS)
    this.#rollupTimer.unref()
    if (options.rawClickRetentionDays) {
      this.#purgeTimer = setInterval(() => void this.purgeRawClicks(), PURGE_EVERY_MS)
      this.#purgeTimer.unref()
    }
  }

  /**
   * Settles once clicks can be stored. The server waits for it before it listens: until the
   * worker has opened the database, clicks live only in memory, and a crash would lose them all.
   */
  async ready(): Promise<void> {
    await (await this.#store).ready()
  }

  /** Where clicks are written (a worker thread unless turned off). */
  get store(): Promise<ClickStore> {
    return this.#store
  }

  /** The click store, replaced if its worker stopped (the failed batch is retried by the recorder). */
  async #liveStore(): Promise<ClickStore> {
    const store = await this.#store
    if (!store.broken) return store
    this.murmur.log.warn('the click worker stopped; starting a new one')
    this.#store = openClickStore(this.murmur, true)
    return this.#store
  }

  /** Gauges read at each scrape of /metrics (once per registry). */
  #registerMetrics(): void {
    const registry = this.murmur.metrics?.registry
    if (!registry || registry.getSingleMetric('murmur_click_buffer_size')) return
    const recorder = this.recorder
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read())
        },
      })
    gauge(
      'murmur_click_buffer_size',
      'Clicks waiting in memory to be stored',
      () => recorder.stats.pending,
    )
    gauge(
      'murmur_clicks_stored',
      'Clicks stored since the process started',
      () => recorder.stats.written,
    )
    gauge(
      'murmur_clicks_dropped',
      'Clicks not recorded because the buffer was full (MURMUR_CLICK_BUFFER_MAX)',
      () => recorder.stats.dropped,
    )
    gauge(
      'murmur_click_buffer_high_water',
      'The most clicks that waited in memory at once since the process started',
      () => recorder.stats.highWater,
    )
    gauge('murmur_link_cache_size', 'Links held in the redirect cache', () => this.links.size)
  }

  /** Call after a link is created, edited or archived. */
  forget(code: string): void {
    this.links.forget(code)
  }

  /** Writes the buffered clicks (the rollups follow within seconds). */
  flush(): Promise<void> {
    return this.recorder.flush()
  }

  /**
   * Sums stored clicks into the rollups: by default those made more than a
   * few seconds ago (other processes may still be writing newer ones), or up
   * to a click-id time (see settle).
   */
  rollUp(upToTime?: number): Promise<number> {
    const run = async () => {
      while (this.#rollingUp) await this.#rollingUp.catch(() => 0)
      const bound = rollupBound(upToTime ?? this.murmur.now() - ROLLUP_LAG_MS)
      const now = this.murmur.now()
      this.#rollingUp = this.#liveStore().then((store) => store.rollUp(bound, now))
      try {
        return await this.#rollingUp
      } catch (error) {
        this.murmur.log.error({ err: error }, 'summing clicks into rollups failed; will retry')
        return 0
      } finally {
        this.#rollingUp = undefined
      }
    }
    return run()
  }

  /**
   * Everything this process recorded so far is stored and summed: for tests
   * and one-process tools (another process's clicks may wait for the job).
   */
  async settle(): Promise<void> {
    const cut = cutClickIds()
    await this.flush()
    await this.rollUp(cut)
  }

  /** Deletes raw clicks older than the retention, one workspace at a time (rollups stay). */
  async purgeRawClicks(): Promise<number> {
    const days = this.options.rawClickRetentionDays
    if (!days) return 0
    const cutoff = this.murmur.now() - days * 86_400_000
    let deleted = 0
    try {
      const workspaces = await this.murmur.db.selectFrom('workspaces').select('id').execute()
      for (const { id } of workspaces) {
        const result = await new WorkspaceScope(this.murmur.db, id)
          .deleteFrom('clicks')
          .where('at', '<', cutoff)
          .executeTakeFirst()
        deleted += Number(result.numDeletedRows)
      }
    } catch (error) {
      this.murmur.log.error({ err: error }, 'purging old clicks failed')
    }
    return deleted
  }

  async close(): Promise<void> {
    clearInterval(this.#purgeTimer)
    clearInterval(this.#rollupTimer)
    await this.recorder.close()
    await this.rollUp() // the rest is summed by the next start
    await (await this.#store).close()
  }
}

/** An in-memory database cannot be opened from another thread. */
const usesClickWorker = (murmur: Murmur, wanted: boolean) =>
  wanted && murmur.storage.location !== ':memory:'

async function openClickStore(murmur: Murmur, worker: boolean): Promise<ClickStore> {
  const storage = murmur.storage
  if (!worker) return inProcessClickStore(murmur.db)
  let postgresSchema: string | undefined
  if (storage.kind === 'postgres') {
    const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(
      murmur.db,
    )
    postgresSchema = result.rows[0]?.schema
  }
  return new WorkerClickStore({
    databaseUrl: murmur.config.databaseUrl,
    dataDir: murmur.config.dataDir,
    postgresSchema,
  })
}

const running = new WeakMap<Murmur, LinkTraffic>()

/** The process's LinkTraffic for this Murmur, made on first use. */
export function linkTraffic(murmur: Murmur, options?: TrafficOptions): LinkTraffic {
  let traffic = running.get(murmur)
  if (!traffic) {
    traffic = new LinkTraffic(murmur, options ?? trafficOptionsFromEnv())
    running.set(murmur, traffic)
  }
  return traffic
}

/** The LinkTraffic if one was started (the CLI never starts one). */
export function runningLinkTraffic(murmur: Murmur): LinkTraffic | undefined {
  return running.get(murmur)
}

/** Writes every buffered click and stops the timers; call before closing the database. */
export async function closeLinkTraffic(murmur: Murmur): Promise<void> {
  const traffic = running.get(murmur)
  if (!traffic) return
  running.delete(murmur)
  await traffic.close()
}
