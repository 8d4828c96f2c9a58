/** Every engagement number a network may report for one post. */
export const METRIC_NAMES = [
  'likes',
  'reposts',
  'replies',
  'quotes',
  'bookmarks',
  'impressions',
  'views',
  'clicks',
  'shares',
  'saves',
] as const

export type MetricName = (typeof METRIC_NAMES)[number]

/**
 * The numbers one network reported for one post. A metric the network does not offer is absent,
 * never 0: "no impressions on Bluesky" and "0 impressions" are different facts.
 */
export type PostMetrics = { readonly [Name in MetricName]?: number }

/** Metrics by post id. A post that no longer exists (deleted) is absent. */
export type MetricsById = Readonly<Record<string, PostMetrics>>
