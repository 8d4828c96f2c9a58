/**
 * When Murmur reads a published post's numbers again. Attention comes fast and fades: a post
 * gathers most of its likes in its first hours, then little each day, then almost nothing. So the
 * schedule reads often at first (15 and 30 minutes, 1, 2, 4, 8 and 12 hours), then daily to 30
 * days, then weekly to 90 days, and stops. Missed readings (Murmur was down, the network asked to
 * wait) are not made up: the next reading is the first checkpoint after the last one done.
 */
const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS

/** How long after publishing the numbers are followed. */
export const TRACKING_WINDOW_MS = 90 * DAY_MS

function checkpoints(): readonly number[] {
  const points = [15 * MINUTE_MS, 30 * MINUTE_MS, HOUR_MS, 2 * HOUR_MS, 4 * HOUR_MS, 8 * HOUR_MS]
  points.push(12 * HOUR_MS)
  for (let day = 1; day <= 30; day++) points.push(day * DAY_MS)
  for (let day = 37; day <= 90; day += 7) points.push(day * DAY_MS)
  if (points.at(-1) !== TRACKING_WINDOW_MS) points.push(TRACKING_WINDOW_MS)
  return points
}

/** Offsets from publishing, ascending: every reading the schedule asks for. */
export const METRIC_CHECKPOINTS_MS: readonly number[] = checkpoints()

/**
 * The next reading after one done at `fetchedAt` (or, before any reading, the first checkpoint);
 * null when the schedule is over.
 */
export function nextMetricFetchAt(publishedAt: number, fetchedAt: number | null): number | null {
  const age = fetchedAt === null ? 0 : fetchedAt - publishedAt
  for (const offset of METRIC_CHECKPOINTS_MS) {
    if (offset > age) return publishedAt + offset
  }
  return null
}

/** Readings the schedule needs for a post published at `publishedAt`, up to `now`. */
export function readingsDueBy(publishedAt: number, now: number): number {
  let count = 0
  for (const offset of METRIC_CHECKPOINTS_MS) if (publishedAt + offset <= now) count++
  return count
}
