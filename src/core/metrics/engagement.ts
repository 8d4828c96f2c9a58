import { METRIC_NAMES, type MetricName } from '../../networks/spec/post-metrics.js'

/**
 * What counts as an engagement: a person acted on the post (liked, reposted or shared, answered,
 * quoted, saved or bookmarked). Clicks belong to traffic, impressions and views to reach.
 */
export const ENGAGEMENT_METRICS = [
  'likes',
  'reposts',
  'shares',
  'replies',
  'quotes',
  'saves',
  'bookmarks',
] as const satisfies readonly MetricName[]

/** Metric values as stored: null when the network did not report the metric. */
export type MetricValues = { readonly [Name in MetricName]: number | null }

export function emptyMetricValues(): { [Name in MetricName]: number | null } {
  return Object.fromEntries(METRIC_NAMES.map((name) => [name, null])) as {
    [Name in MetricName]: number | null
  }
}

/** Engagements of one post: the sum of the engagement metrics it has (absent ones add nothing). */
export function engagementsOf(values: Partial<MetricValues>): number {
  let sum = 0
  for (const name of ENGAGEMENT_METRICS) sum += values[name] ?? 0
  return sum
}

/** Reach of one post: impressions, else views (video networks), else null. */
export function reachOf(values: Partial<MetricValues>): number | null {
  return values.impressions ?? values.views ?? null
}

export type RateBasis = 'impressions' | 'followers'

/**
 * Engagement rate of one post, with what it was divided by: engagements ÷ impressions (or views)
 * where the network reports them, else ÷ the channel's followers; null when neither is known or
 * the divisor is 0.
 */
export function engagementRateOf(
  values: Partial<MetricValues>,
  followers: number | null,
): { rate: number; basis: RateBasis; divisor: number } | null {
  const engagements = engagementsOf(values)
  const reach = reachOf(values)
  if (reach !== null && reach > 0) {
    return { rate: engagements / reach, basis: 'impressions', divisor: reach }
  }
  if (reach === null && followers !== null && followers > 0) {
    return { rate: engagements / followers, basis: 'followers', divisor: followers }
  }
  return null
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}
