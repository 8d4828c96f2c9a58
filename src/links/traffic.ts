import type { Murmur } from '../murmur.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { ClickRecorder, type ClickRecorderOptions } from './click-recorder.js'
import { clickWriter } from './click-writer.js'
import { LinkResolver, type LinkResolverOptions } from './link-resolver.js'
import { RecentUniques } from './recent-uniques.js'
import { VisitorSalts } from './visitor-salts.js'

export interface TrafficOptions {
  resolver?: LinkResolverOptions
  recorder?: Omit<ClickRecorderOptions, 'log'>
  /** Days raw clicks are kept (rollups are kept forever); 0 keeps them forever. */
  rawClickRetentionDays?: number
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
    recorder: { flushIntervalMs: Math.min(250, Math.max(10, whole('MURMUR_CLICK_FLUSH_MS', 200))) },
  }
}

const PURGE_EVERY_MS = 3_600_000

/**
 * The redirect's moving parts for one process: the link cache, the click
 * buffer and its writer, and the hourly purge of expired raw clicks.
 */
export class LinkTraffic {
  readonly links: LinkResolver
  readonly recorder: ClickRecorder
  readonly #purgeTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly murmur: Murmur,
    private readonly options: TrafficOptions = {},
  ) {
    this.links = new LinkResolver(murmur.db, { now: murmur.now, ...options.resolver })
    this.recorder = new ClickRecorder(
      clickWriter(murmur.db, new VisitorSalts(murmur.db), new RecentUniques()),
      { ...options.recorder, log: murmur.log },
    )
    if (options.rawClickRetentionDays) {
      this.#purgeTimer = setInterval(() => void this.purgeRawClicks(), PURGE_EVERY_MS)
      this.#purgeTimer.unref()
    }
  }

  /** Call after a link is created, edited or archived. */
  forget(code: string): void {
    this.links.forget(code)
  }

  flush(): Promise<void> {
    return this.recorder.flush()
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
    await this.recorder.close()
  }
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
