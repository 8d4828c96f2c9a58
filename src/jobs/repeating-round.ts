/**
 * A background job's clock: runs `round` now and then every `everyMs()` after the previous round
 * ends (never two at once), until stopped. `tick()` runs a round at once; callers that ask while
 * one runs share it. Failures are handed to `onError`, and the clock keeps going.
 */
export class RepeatingRound<Result> {
  readonly #round: () => Promise<Result>
  readonly #everyMs: () => number
  readonly #onError: (error: unknown) => void
  #timer: NodeJS.Timeout | undefined
  #running: Promise<Result> | undefined
  #stopped = true

  constructor(options: {
    round: () => Promise<Result>
    /** Read before each wait, so a job's options can change after it is built (tests do). */
    everyMs: () => number
    onError: (error: unknown) => void
  }) {
    this.#round = options.round
    this.#everyMs = options.everyMs
    this.#onError = options.onError
  }

  start(firstDelayMs = 0): void {
    if (!this.#stopped) return
    this.#stopped = false
    this.#schedule(firstDelayMs)
  }

  /** Stops the clock and waits for the round in progress, if any. */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#running?.catch(() => undefined)
  }

  tick(): Promise<Result> {
    this.#running ??= this.#round().finally(() => {
      this.#running = undefined
    })
    return this.#running
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      this.tick()
        .catch(this.#onError)
        .finally(() => this.#schedule(this.#everyMs()))
    }, delayMs)
  }
}
