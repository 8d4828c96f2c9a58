import type { Murmur } from '../murmur.js'
import {
  METRIC_NAMES,
  type MetricName,
  NETWORK_NAMES,
  type NetworkId,
} from '../networks/spec/index.js'
import type { MetricColumns } from '../storage/tables/attention.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { networksOf } from './publishing-networks.js'

/** What the analytics of a period look at: posts published in it, narrowed by these. */
export interface AnalyticsFilter {
  from: number
  to: number
  channelId?: string | undefined
  /** The campaign's name, as posts and links carry it. */
  campaign?: string | undefined
  label?: string | undefined
}

/** One published delivery with its latest numbers. */
export interface DeliveryNumbers extends MetricColumns {
  delivery_id: string
  post_id: string
  channel_id: string
  network: NetworkId
  handle: string
  published_at: number
  fetches: number
  last_fetched_at: number | null
  gone: number
  campaign: string | null
  labels: string[]
}

/** Every followed delivery published in [from, to) that passes the filter, oldest first. */
export async function loadDeliveryNumbers(
  scope: WorkspaceScope,
  filter: AnalyticsFilter,
): Promise<DeliveryNumbers[]> {
  let query = scope
    .selectFrom('metric_tracking')
    .innerJoin('posts', 'posts.id', 'metric_tracking.post_id')
    .innerJoin('channels', 'channels.id', 'metric_tracking.channel_id')
    .select([
      'metric_tracking.delivery_id',
      'metric_tracking.post_id',
      'metric_tracking.channel_id',
      'metric_tracking.network',
      'metric_tracking.published_at',
      'metric_tracking.fetches',
      'metric_tracking.last_fetched_at',
      'metric_tracking.gone',
      'channels.handle',
      'posts.campaign_id as campaign',
      'posts.labels',
      ...METRIC_NAMES.map((name) => `metric_tracking.${name}` as const),
    ])
    .where('metric_tracking.published_at', '>=', filter.from)
    .where('metric_tracking.published_at', '<', filter.to)
    .orderBy('metric_tracking.published_at')
    .orderBy('metric_tracking.delivery_id')
  if (filter.channelId) query = query.where('metric_tracking.channel_id', '=', filter.channelId)
  if (filter.campaign) query = query.where('posts.campaign_id', '=', filter.campaign)
  const rows = await query.execute()
  // Labels parsed in place, once per distinct value: copying rows of 20 fields with rest and
  // spread took as long as the query itself.
  const parsed = new Map<string, string[]>()
  const out = rows as unknown as DeliveryNumbers[]
  for (const row of rows) {
    let labels = parsed.get(row.labels)
    if (!labels) {
      labels = parseLabels(row.labels)
      parsed.set(row.labels, labels)
    }
    ;(row as unknown as DeliveryNumbers).labels = labels
  }
  const label = filter.label
  return label ? out.filter((row) => row.labels.includes(label)) : out
}

/**
 * The first part's text of each delivery (its own variant, else the post's): read only for the
 * rows shown (the top posts), not for every post of the period.
 */
export async function firstTextsOf(
  scope: WorkspaceScope,
  rows: ReadonlyArray<{ post_id: string; delivery_id: string }>,
): Promise<Map<string, string>> {
  const texts = await firstTexts(
    scope,
    rows.map((row) => row.post_id),
    rows.map((row) => row.delivery_id),
  )
  return new Map(
    rows.map((row) => [
      row.delivery_id,
      texts.get(row.delivery_id) ?? texts.get(row.post_id) ?? '',
    ]),
  )
}

function parseLabels(labels: string): string[] {
  try {
    const parsed = JSON.parse(labels) as unknown
    return Array.isArray(parsed) ? parsed.filter((l): l is string => typeof l === 'string') : []
  } catch {
    return []
  }
}

/** First-part texts by post id (shared content) and by delivery id (a channel's own variant). */
async function firstTexts(
  scope: WorkspaceScope,
  postIds: string[],
  deliveryIds: string[],
): Promise<Map<string, string>> {
  const texts = new Map<string, string>()
  const unique = [...new Set(postIds)]
  for (let start = 0; start < unique.length; start += 500) {
    const rows = await scope
      .selectFrom('post_parts')
      .select(['post_id', 'delivery_id', 'text'])
      .where('post_id', 'in', unique.slice(start, start + 500))
      .where('position', '=', 0)
      .execute()
    const wanted = new Set(deliveryIds)
    for (const row of rows) {
      if (row.delivery_id === null) texts.set(row.post_id, row.text)
      else if (wanted.has(row.delivery_id)) texts.set(row.delivery_id, row.text)
    }
  }
  return texts
}

/** Daily follower counts of the workspace's channels between two local days (inclusive). */
export async function loadFollowerCounts(
  scope: WorkspaceScope,
  input: { fromDay: string; toDay: string; channelId?: string | undefined },
): Promise<Array<{ channel_id: string; day: string; followers: number }>> {
  let query = scope
    .selectFrom('follower_counts')
    .select(['channel_id', 'day', 'followers'])
    .where('day', '>=', input.fromDay)
    .where('day', '<=', input.toDay)
    .orderBy('channel_id')
    .orderBy('day')
  if (input.channelId) query = query.where('channel_id', '=', input.channelId)
  return (await query.execute()).map((row) => ({ ...row, followers: Number(row.followers) }))
}

/**
 * Metrics each network offers, from its adapter's capabilities; for a network this process
 * cannot build, whatever its stored readings contain.
 */
export function offeredMetrics(
  murmur: Murmur,
  network: NetworkId,
  rows: readonly DeliveryNumbers[],
): readonly MetricName[] {
  const offered = networksOf(murmur).get(network)?.capabilities.metrics
  if (offered) return offered
  return METRIC_NAMES.filter((name) =>
    rows.some((row) => row.network === network && row[name] !== null),
  )
}

export const notAvailableFrom = (network: NetworkId) =>
  `not available from ${NETWORK_NAMES[network]}`
