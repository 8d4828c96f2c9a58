import type { Logger } from '../logger.js'

/** A click as the redirect saw it. The IP and user agent live only in memory, until the next flush. */
export interface PendingClick {
  clickId: string
  linkId: string
  workspaceId: string
  at: number
  ip: string
  userAgent: string
  referer: string | null
  isBot: boolean
  viaQr: boolean
}

export interface ClickRecorderOptions {
  /** The longest a click waits in memory: what a crash (SIGKILL) can lose. */
  flushIntervalMs?: number
  /** A flush starts as soon as this many clicks wait. */
  batchSize?: number
  /**
   * The most clicks one write takes. When the writer is behind, everything that
   * waits (up to this) goes in one write, so the writer catches up instead of
   * paying a round trip and a transaction per `batchSize` clicks.
   */
  maxBatchSize?: number
  /** Beyond this many waiting clicks the writer is behind: logged as an error (every 10 s at most). */
  warnPending?: number
  /**
   * The memory bound: with this many clicks waiting (the database has been
   * down for a long time), new clicks are not kept; each one is counted in
   * `stats.dropped` and logged as an error (every 10 s at most). About 250
   * bytes a click.
   */
  maxPending?: number
  log?: Pick<Logger, 'error' | 'warn' | 'info'> | undefined
}

export type ClickWriter = (batch: PendingClick[]) => Promise<void>

const BEHIND_LOG_EVERY_MS = 10_000

/**
 * Takes clicks from the redirect without waiting, and writes them in batches:
 * every `flushIntervalMs`, or at once when `batchSize` are waiting. One write
 * runs at a time and takes everything waiting (up to `maxBatchSize`), so the
 * batches grow when the writer falls behind; a failed batch goes back to the
 * front and is retried.
 */
export class ClickRecorder {
  readonly flushIntervalMs: number
  readonly batchSize: number
  readonly maxBatchSize: number
  readonly warnPending: number
  readonly maxPending: number
  #pending: PendingClick[] = []
  #running: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined
  #closed = false
  #written = 0
  #dropped = 0
  #highWater = 0
  #behindSince: number | undefined
  #behindLoggedAt = 0
  #droppedLoggedAt = 0
  #droppedSinceLog = 0

  constructor(
    private readonly write: ClickWriter,
    private readonly options: ClickRecorderOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 200
    this.batchSize = options.batchSize ?? 500
    this.maxBatchSize = Math.max(this.batchSize, options.maxBatchSize ?? 5_000)
    this.maxPending = options.maxPending ?? 1_000_000
    this.warnPending = Math.min(options.warnPending ?? 100_000, this.maxPending)
    this.#timer = setInterval(() => void this.flush(), this.flushIntervalMs)
    this.#timer.unref()
  }

  /** Never waits and never throws: the redirect has already answered. */
  record(click: PendingClick): void {
    if (this.#pending.length >= this.maxPending) {
      this.#drop(1)
      return
    }
    const waiting = this.#pending.push(click)
    if (waiting >= this.batchSize) {
      if (waiting >= this.warnPending) this.#behind(waiting)
      if (!this.#running) void this.flush()
    }
  }

  get pending(): number {
    return this.#pending.length
  }

  /** Counters for /metrics and tests. */
  get stats() {
    return {
      pending: this.#pending.length,
      written: this.#written,
      dropped: this.#dropped,
      highWater: this.#highWater,
    }
  }

  /** Writes everything waiting now (and whatever arrives meanwhile, in batches). */
  async flush(): Promise<void> {
    while (this.#running) await this.#running
    if (this.#pending.length === 0) return
    this.#running = this.#drain().finally(() => {
      this.#running = undefined
    })
    await this.#running
  }

  /** Stops the timer and writes every waiting click; the server calls this before closing the database. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#timer)
    for (let attempt = 1; this.#pending.length > 0 && attempt <= 3; attempt++) {
      await this.flush()
    }
    if (this.#pending.length > 0) {
      this.options.log?.error(
        { lost: this.#pending.length },
        'clicks could not be written at shutdown',
      )
    }
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      if (this.#pending.length > this.#highWater) this.#highWater = this.#pending.length
      const batch = this.#pending.splice(0, this.maxBatchSize)
      try {
        await this.write(batch)
        this.#written += batch.length
        if (this.#behindSince !== undefined && this.#pending.length < this.warnPending / 2) {
          this.options.log?.info(
            { waiting: this.#pending.length, behindMs: Date.now() - this.#behindSince },
            'click writer caught up',
          )
          this.#behindSince = undefined
        }
        // An in-process SQLite write blocks the event loop: let waiting requests through between batches.
        if (this.#pending.length > 0) await new Promise((resolve) => setImmediate(resolve))
      } catch (error) {
        this.#pending = batch.concat(this.#pending)
        if (this.#pending.length > this.maxPending) {
          this.#drop(this.#pending.length - this.maxPending)
          this.#pending.length = this.maxPending // the newest go, as in record()
        }
        this.options.log?.error(
          { err: error, waiting: this.#pending.length },
          'writing clicks failed; will retry',
        )
        return
      }
    }
  }

  /** Logs loudly (every 10 s at most) while the buffer is far above a normal batch. */
  #behind(waiting: number): void {
    const now = Date.now()
    this.#behindSince ??= now
    if (now - this.#behindLoggedAt < BEHIND_LOG_EVERY_MS) return
    this.#behindLoggedAt = now
    this.options.log?.error(
      { waiting, limit: this.maxPending, behindMs: now - this.#behindSince },
      'click writer is behind: clicks are piling up in memory',
    )
  }

  #drop(count: number): void {
    this.#dropped += count
    this.#droppedSinceLog += count
    const now = Date.now()
    if (now - this.#droppedLoggedAt < BEHIND_LOG_EVERY_MS) return
    this.options.log?.error(
      { dropped: this.#droppedSinceLog, droppedInAll: this.#dropped, limit: this.maxPending },
      'click buffer full (MURMUR_CLICK_BUFFER_MAX): clicks were not recorded',
    )
    this.#droppedLoggedAt = now
    this.#droppedSinceLog = 0
  }
}
