/**
 * Runs tasks one at a time per key, in arrival order; different keys run in parallel. In-process
 * only: Murmur runs one worker process per database, so this is enough to keep two jobs of the
 * same channel from spending the same refresh token.
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
