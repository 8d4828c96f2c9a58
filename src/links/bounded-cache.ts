/**
 * A small map with a size bound and a time to live, that keeps recently used
 * keys ("second chance", or CLOCK, an approximation of LRU). A hit only marks
 * its entry as used: moving the key to the end of the Map on every hit (true
 * LRU) cost the redirect, which reads the link cache once per request, more
 * than the rest of its lookup. When the map is full, the oldest key goes,
 * unless it was used since it was last looked at: then it moves to the end
 * and loses its mark.
 */
export class BoundedCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number; used: boolean }>()

  constructor(
    readonly maxEntries: number,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value, or undefined when absent or expired. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt <= this.now()) {
      this.#entries.delete(key)
      return undefined
    }
    entry.used = true
    return entry.value
  }

  set(key: string, value: V, ttlMs = this.ttlMs): void {
    this.#entries.delete(key)
    this.#entries.set(key, { value, expiresAt: this.now() + ttlMs, used: false })
    // Each pass over a used entry clears its mark, so this ends within two rounds of the map.
    // The entry just stored is never the one that goes (unless nothing else is there).
    while (this.#entries.size > this.maxEntries) {
      const [oldest, entry] = this.#entries.entries().next().value ?? []
      if (oldest === undefined || entry === undefined) break
      this.#entries.delete(oldest)
      if ((entry.used || oldest === key) && this.#entries.size > 0) {
        entry.used = false
        this.#entries.set(oldest, entry)
      }
    }
  }

  delete(key: string): void {
    this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
  }

  get size(): number {
    return this.#entries.size
  }
}
