import { median } from './engagement.js'

/** One published post, placed in the week: ISO weekday (1 Monday … 7 Sunday) and local hour. */
export interface PlacedPost {
  weekday: number
  hour: number
  /** The post's score: its engagement rate, or its engagements (see `measure`). */
  value: number
}

export interface BestTimeCell {
  weekday: number
  hour: number
  /** Posts behind this cell. */
  posts: number
  /** Median score of those posts; null when there are none. */
  median: number | null
  /** False when too few posts stand behind the cell to trust it (shown greyed out). */
  enough: boolean
}

/**
 * The weekly heat map: for each weekday × hour, the median score of the posts published then,
 * with the count behind it. A median, not a mean, so one viral post does not paint its hour.
 * Suggested slots are the best cells with at least `minPosts` posts.
 */
export function bestTimeGrid(
  posts: readonly PlacedPost[],
  minPosts: number,
  suggestions = 3,
): { cells: BestTimeCell[]; suggested: BestTimeCell[] } {
  const buckets = new Map<number, number[]>()
  for (const post of posts) {
    const key = post.weekday * 24 + post.hour
    const bucket = buckets.get(key) ?? []
    bucket.push(post.value)
    buckets.set(key, bucket)
  }
  const cells: BestTimeCell[] = []
  for (let weekday = 1; weekday <= 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) {
      const values = buckets.get(weekday * 24 + hour) ?? []
      cells.push({
        weekday,
        hour,
        posts: values.length,
        median: median(values),
        enough: values.length >= minPosts,
      })
    }
  }
  const suggested = cells
    .filter((cell) => cell.enough && cell.median !== null)
    .sort((a, b) => (b.median as number) - (a.median as number) || b.posts - a.posts)
    .slice(0, suggestions)
  return { cells, suggested }
}
