import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import { type FeedPollResult, type FeedPollSettings, pollFeed } from '../services/feeds-poll.js'
import { type ClaimedFeed, claimDueFeeds, claimFeed } from './feed-leases.js'

export interface FeedPollerOptions extends FeedPollSettings {
  workerId: string
  /** How often the poller looks for feeds that are due. */
  tickMs: number
  /** How long a poll may hold its feed before another process may take it. */
  leaseMs: number
  /** Feeds polled at once by this process. */
  concurrency: number
}

export const feedPollerOptions = (options: Partial<FeedPollerOptions> = {}): FeedPollerOptions => ({
  workerId: options.workerId ?? newId('feedpoller'),
  tickMs: options.tickMs ?? 30_000,
  leaseMs: options.leaseMs ?? 2 * 60_000,
  concurrency: options.concurrency ?? 4,
  intervalMs: options.intervalMs ?? 15 * 60_000,
  ...(options.fetch && { fetch: options.fetch }),
})

/**
 * The background reader of RSS and Atom feeds: every tick it leases the feeds that are due (so
 * several processes never read one feed at once) and polls them. Each feed then waits the
 * interval, or its backoff after failures.
 */
export class FeedPoller {
  readonly options: FeedPollerOptions
  readonly #murmur: Murmur
  readonly #inFlight = new Map<string, Promise<FeedPollResult | undefined>>()
  #timer: NodeJS.Timeout | undefined
  #tick: Promise<void> | undefined
  #stopped = true

  constructor(murmur: Murmur, options: Partial<FeedPollerOptions> = {}) {
    this.#murmur = murmur
    this.options = feedPollerOptions(options)
  }

  start(): void {
    if (!this.#stopped) return
    this.#stopped = false
    this.#schedule(0)
  }

  /** Stops ticking and waits for the polls in flight. */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#tick?.catch(() => undefined)
    await Promise.allSettled(this.#inFlight.values())
  }

  /** One round; concurrent calls share the round in progress. Resolves when its polls end. */
  tick(): Promise<void> {
    this.#tick ??= this.#round().finally(() => {
      this.#tick = undefined
    })
    return this.#tick
  }

  /** Polls one feed now ("check now"), whatever its schedule; undefined while it is busy. */
  async pollNow(workspaceId: string, feedId: string): Promise<FeedPollResult | undefined> {
    const claimed = await claimFeed(this.#murmur, {
      workspaceId,
      feedId,
      workerId: this.options.workerId,
      leaseMs: this.options.leaseMs,
    })
    if (!claimed) return undefined
    return this.#launch({ workspace_id: workspaceId, id: feedId })
  }

  #schedule(delay: number): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.tick()
        .catch((error) => this.#murmur.log.error({ err: error }, 'feed poll round failed'))
        .finally(() => this.#schedule(this.options.tickMs))
    }, delay)
  }

  async #round(): Promise<void> {
    const claimed = await claimDueFeeds(this.#murmur, {
      workerId: this.options.workerId,
      limit: this.options.concurrency - this.#inFlight.size,
      leaseMs: this.options.leaseMs,
    })
    await Promise.allSettled(claimed.map((feed) => this.#launch(feed)))
  }

  #launch(feed: ClaimedFeed): Promise<FeedPollResult | undefined> {
    const murmur = this.#murmur
    const done = pollFeed(murmur, feed, this.options.workerId, this.options)
      .then((result) => {
        if (result.error) murmur.log.warn({ feed: feed.id, error: result.error }, 'feed poll')
        return result
      })
      .catch(async (error: unknown) => {
        murmur.log.error({ err: error, feed: feed.id }, 'feed poll failed')
        // Give the feed back; if storage itself is down the lease runs out instead.
        await murmur.db
          .updateTable('feeds')
          .set({ lease_owner: null, lease_expires_at: null })
          .where('id', '=', feed.id)
          .where('lease_owner', '=', this.options.workerId)
          .execute()
          .catch(() => undefined)
        return undefined
      })
      .finally(() => this.#inFlight.delete(feed.id))
    this.#inFlight.set(feed.id, done)
    return done
  }
}
