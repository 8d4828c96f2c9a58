/**
 * Runs tasks one at a time per key, in arrival order; different keys run in parallel. In-process
 * only: across processes (several workers on PostgreSQL) the caller's `refreshLock` holds the
 * channel's row, see src/services/channel-refresh-lock.ts.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>()

  async run<Result>(key: string, task: () => Promise<Result>): Promise<Result> {
    const previous = this.#tails.get(key) ?? Promise.resolve()
    let release: () => void = () => {}
    const current = new Promise<void>((resolve) => {
      release = resolve
    })
    const tail = previous.then(() => current)
    this.#tails.set(key, tail)
    await previous
    try {
      return await task()
    } finally {
      release()
      // Forget the key once nobody queues behind us, so the map does not grow with every channel.
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    }
  }

  /** Keys with a task running or waiting; for tests and diagnostics. */
  get size(): number {
    return this.#tails.size
  }
}
