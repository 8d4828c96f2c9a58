import { isUniqueClick, UNIQUE_WINDOW_MS } from '../core/links/visitor.js'

/**
 * When each visitor last made a unique click on each link, for the last hour.
 * Kept in the process: after a restart a visitor's next click may count as
 * unique once more (documented in docs/links.md).
 */
export class RecentUniques {
  readonly #lastUnique = new Map<string, { at: number; clickId: string }>()

  constructor(readonly maxEntries = 500_000) {}

  /**
   * Decides whether this click is unique and remembers it if so. Asking again
   * about the same click (a batch retried after a failed write) gives the same answer.
   */
  check(linkId: string, visitorId: string, at: number, clickId: string): boolean {
    const key = `${linkId}\u0000${visitorId}`
    const last = this.#lastUnique.get(key)
    if (last?.clickId === clickId) return true
    if (!isUniqueClick(last?.at, at)) return false
    this.#lastUnique.delete(key) // re-insert at the end: the map stays ordered by time
    this.#lastUnique.set(key, { at, clickId })
    if (this.#lastUnique.size > this.maxEntries) this.#sweep(at)
    return true
  }

  #sweep(now: number): void {
    for (const [key, { at }] of this.#lastUnique) {
      if (now - at < UNIQUE_WINDOW_MS && this.#lastUnique.size <= this.maxEntries * 0.9) break
      this.#lastUnique.delete(key)
    }
  }

  get size(): number {
    return this.#lastUnique.size
  }
}
