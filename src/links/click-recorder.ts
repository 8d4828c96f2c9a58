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
  /** Beyond this many waiting clicks (the database is down), the oldest are dropped. */
  maxPending?: number
  log?: Pick<Logger, 'error' | 'warn'> | undefined
}

export type ClickWriter = (batch: PendingClick[]) => Promise<void>

/**
 * Takes clicks from the redirect without waiting, and writes them in batches:
 * every `flushIntervalMs`, or at once when `batchSize` are waiting. One write
 * runs at a time; a failed batch goes back to the front and is retried.
 */
export class ClickRecorder {
  readonly flushIntervalMs: number
  readonly batchSize: number
  readonly maxPending: number
  #pending: PendingClick[] = []
  #running: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined
  #closed = false
  #written = 0
  #dropped = 0

  constructor(
    private readonly write: ClickWriter,
    private readonly options: ClickRecorderOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 200
    this.batchSize = options.batchSize ?? 500
    this.maxPending = options.maxPending ?? 200_000
    this.#timer = setInterval(() => void this.flush(), this.flushIntervalMs)
    this.#timer.unref()
  }

  /** Never waits and never throws: the redirect has already answered. */
  record(click: PendingClick): void {
    this.#pending.push(click)
    if (this.#pending.length > this.maxPending) this.#drop(this.#pending.length - this.maxPending)
    if (this.#pending.length >= this.batchSize && !this.#running) void this.flush()
  }

  get pending(): number {
    return this.#pending.length
  }

  /** Counters for /metrics and tests. */
  get stats() {
    return { pending: this.#pending.length, written: this.#written, dropped: this.#dropped }
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
      const batch = this.#pending.splice(0, this.batchSize)
      try {
        await this.write(batch)
        this.#written += batch.length
        // SQLite writes block the event loop: let waiting requests through between batches.
        if (this.#pending.length > 0) await new Promise((resolve) => setImmediate(resolve))
      } catch (error) {
        this.#pending = batch.concat(this.#pending)
        if (this.#pending.length > this.maxPending)
          this.#drop(this.#pending.length - this.maxPending)
        this.options.log?.error(
          { err: error, waiting: this.#pending.length },
          'writing clicks failed; will retry',
        )
        return
      }
    }
  }

  #drop(count: number): void {
    this.#pending.splice(0, count)
    this.#dropped += count
    this.options.log?.warn({ dropped: count }, 'click buffer full; oldest clicks dropped')
  }
}
