/** Longest wait between two polls of a failing feed. */
export const MAX_FEED_BACKOFF_MS = 24 * 60 * 60 * 1000

/** After `failures` failures in a row, the wait before the next poll: doubling from the interval. */
export function feedBackoffMs(failures: number, intervalMs: number): number {
  return Math.min(intervalMs * 2 ** Math.min(failures, 20), MAX_FEED_BACKOFF_MS)
}
