/**
 * Fixed-window counters kept in memory, per key. Enough for sign-in attempts
 * on one process; a cluster of processes would each allow the limit.
 */
export class RateLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again, or 0 if it may now. */
  retryAfter(key: string): number {
    const window = this.#windows.get(key)
    if (!window || window.resetAt <= this.now() || window.count < this.limit) return 0
    return Math.ceil((window.resetAt - this.now()) / 1000)
  }

  hit(key: string): { remaining: number; resetSeconds: number } {
    const now = this.now()
    let window = this.#windows.get(key)
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs }
      this.#windows.set(key, window)
    }
    window.count++
    if (this.#windows.size > 10_000) this.#sweep(now)
    return {
      remaining: Math.max(0, this.limit - window.count),
      resetSeconds: Math.ceil((window.resetAt - now) / 1000),
    }
  }

  reset(key: string): void {
    this.#windows.delete(key)
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key)
  }
}
