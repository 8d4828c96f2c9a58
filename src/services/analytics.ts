import { readsFollowerCount } from '../core/metrics/audience.js'
import { daysBetween, localDay, shiftDay, weekOf } from '../core/metrics/days.js'
import {
  engagementRateOf,
  engagementsOf,
  type RateBasis,
  reachOf,
} from '../core/metrics/engagement.js'
import { ZoneTimeline } from '../core/zone-timeline.js'
import type { Murmur } from '../murmur.js'
import {
  METRIC_NAMES,
  type MetricName,
  NETWORK_NAMES,
  type NetworkId,
} from '../networks/spec/index.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { type AttentionOutcomes, attentionOutcomes } from './analytics-outcomes.js'
import {
  type AnalyticsFilter,
  type DeliveryNumbers,
  firstTextsOf,
  loadDeliveryNumbers,
  loadFollowerCounts,
  notAvailableFrom,
  offeredMetrics,
} from './analytics-rows.js'
import { networksOf } from './publishing-networks.js'

export const TOP_SORTS = [
  ...METRIC_NAMES,
  'engagements',
  'engagement_rate',
  'published_at',
] as const
export type TopSort = (typeof TOP_SORTS)[number]

export interface MetricTotal {
  /** Sum over the posts that report it; null when no post of the period reports it. */
  value: number | null
  /** Posts whose network reported this metric. */
  posts: number
  /** "not available from Bluesky", one per network of the period that does not offer it. */
  not_available: string[]
}

export interface RateSummary {
  value: number
  basis: RateBasis
  posts: number
  /** What was divided by what, in words. */
  description: string
}

export interface PeriodTotals {
  posts: number
  engagements: number
  metrics: Record<MetricName, MetricTotal>
  engagement_rate: { by_impressions: RateSummary | null; by_followers: RateSummary | null }
}

export interface SeriesPoint {
  day: string
  posts: number
  engagements: number
  impressions: number | null
  likes: number | null
  reposts: number | null
  shares: number | null
  replies: number | null
  quotes: number | null
}

export interface TopPost {
  delivery_id: string
  post_id: string
  channel_id: string
  network: NetworkId
  handle: string
  text: string
  published_at: number
  campaign: string | null
  labels: string[]
  metrics: Record<MetricName, number | null>
  not_available: MetricName[]
  engagements: number
  engagement_rate: { value: number; basis: RateBasis } | null
  readings: number
  last_read_at: number | null
  deleted: boolean
}

export interface FollowerGrowth {
  channel_id: string
  network: NetworkId
  handle: string
  points: Array<{ day: string; followers: number }>
  start: number | null
  end: number | null
  change: number | null
  /** Why there are no points: "not available from LinkedIn", or no reading yet. */
  note: string | null
}

export interface FrequencyWeek {
  week: string
  posts: number
  engagements: number
  engagements_per_post: number | null
}

export interface EngagementAnalytics {
  from: number
  to: number
  previous_from: number
  time_zone: string
  definition: string
  totals: PeriodTotals
  previous_totals: PeriodTotals
  series: SeriesPoint[]
  previous_series: SeriesPoint[]
  top_posts: TopPost[]
  followers: FollowerGrowth[]
  frequency: FrequencyWeek[]
  /** What the period brought: traffic, conversions and word of mouth, with the period before. */
  outcomes: AttentionOutcomes
}

export const ENGAGEMENT_DEFINITION =
  'Engagements = likes + reposts + shares + replies + quotes + saves + bookmarks, as each network reports them. ' +
  'Engagement rate = engagements ÷ impressions (or views) where the network reports them, otherwise ÷ the channel’s followers on the day of publishing.'

/**
 * Attention for a period and filter: totals (with what each network does not offer), the same for
 * the period just before, daily and weekly series by publishing day (each post counted with its
 * latest numbers), the top posts and follower growth per channel.
 */
export async function engagementAnalytics(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: AnalyticsFilter & { timeZone: string; sort: TopSort; limit: number },
): Promise<EngagementAnalytics> {
  const length = input.to - input.from
  const previousFrom = input.from - length
  const current = await loadDeliveryNumbers(scope, input)
  const previous = await loadDeliveryNumbers(scope, {
    ...input,
    from: previousFrom,
    to: input.from,
  })
  const tz = input.timeZone
  // Each row's local day, by arithmetic over the zone's offsets (one Intl read per row would be
  // most of the dashboard's time over a year of posts).
  const zone = new ZoneTimeline(tz, previousFrom, input.to)
  const dayOf = (instant: number) => zone.localDateOf(instant)
  const followerRows = await loadFollowerCounts(scope, {
    fromDay: shiftDay(localDay(previousFrom, tz), -30),
    toDay: localDay(input.to, tz),
    channelId: input.channelId,
  })
  const followersAt = followerLookup(followerRows)
  const rateOf = (row: DeliveryNumbers) =>
    engagementRateOf(row, followersAt(row.channel_id, dayOf(row.published_at)))
  return {
    from: input.from,
    to: input.to,
    previous_from: previousFrom,
    time_zone: tz,
    definition: ENGAGEMENT_DEFINITION,
    totals: totalsOf(murmur, current, rateOf),
    previous_totals: totalsOf(murmur, previous, rateOf),
    series: seriesOf(current, input.from, input.to, tz, dayOf),
    previous_series: seriesOf(previous, previousFrom, input.from, tz, dayOf),
    top_posts: await topPosts(murmur, scope, current, rateOf, input.sort, input.limit),
    followers: await followerGrowth(murmur, scope, followerRows, input),
    frequency: frequencyOf(current, dayOf),
    outcomes: await attentionOutcomes(scope, { ...input, previousFrom }),
  }
}

type RateOf = (row: DeliveryNumbers) => { rate: number; basis: RateBasis; divisor: number } | null

export function totalsOf(murmur: Murmur, rows: DeliveryNumbers[], rateOf: RateOf): PeriodTotals {
  const networks = [...new Set(rows.map((row) => row.network))]
  const offered = new Map(networks.map((n) => [n, offeredMetrics(murmur, n, rows)]))
  const metrics = {} as Record<MetricName, MetricTotal>
  for (const name of METRIC_NAMES) {
    const reporting = rows.filter((row) => row[name] !== null)
    metrics[name] = {
      value: reporting.length === 0 ? null : reporting.reduce((s, r) => s + Number(r[name]), 0),
      posts: reporting.length,
      not_available: networks
        .filter((network) => !offered.get(network)?.includes(name))
        .map(notAvailableFrom),
    }
  }
  let reachEngagements = 0
  let reach = 0
  let reachPosts = 0
  let followerEngagements = 0
  let followers = 0
  let followerPosts = 0
  for (const row of rows) {
    const rate = rateOf(row)
    if (!rate) continue
    const engagements = engagementsOf(row)
    if (rate.basis === 'impressions') {
      reachEngagements += engagements
      reach += rate.divisor
      reachPosts++
    } else {
      followerEngagements += engagements
      followers += rate.divisor
      followerPosts++
    }
  }
  return {
    posts: rows.length,
    engagements: rows.reduce((sum, row) => sum + engagementsOf(row), 0),
    metrics,
    engagement_rate: {
      by_impressions:
        reachPosts === 0 || reach === 0
          ? null
          : {
              value: reachEngagements / reach,
              basis: 'impressions',
              posts: reachPosts,
              description: `engagements ÷ impressions, over the ${reachPosts} post${reachPosts === 1 ? '' : 's'} whose network reports impressions or views`,
            },
      by_followers:
        followerPosts === 0 || followers === 0
          ? null
          : {
              value: followerEngagements / followers,
              basis: 'followers',
              posts: followerPosts,
              description: `engagements ÷ followers on the day of publishing, over the ${followerPosts} post${followerPosts === 1 ? '' : 's'} whose network reports no impressions`,
            },
    },
  }
}

function seriesOf(
  rows: DeliveryNumbers[],
  from: number,
  to: number,
  tz: string,
  dayOf: (instant: number) => string,
): SeriesPoint[] {
  const points = new Map<string, SeriesPoint>()
  for (const day of daysBetween(localDay(from, tz), localDay(to - 1, tz))) {
    points.set(day, {
      day,
      posts: 0,
      engagements: 0,
      impressions: null,
      likes: null,
      reposts: null,
      shares: null,
      replies: null,
      quotes: null,
    })
  }
  for (const row of rows) {
    const point = points.get(dayOf(row.published_at))
    if (!point) continue
    point.posts++
    point.engagements += engagementsOf(row)
    const reach = reachOf(row)
    if (reach !== null) point.impressions = (point.impressions ?? 0) + reach
    for (const name of ['likes', 'reposts', 'shares', 'replies', 'quotes'] as const) {
      const value = row[name]
      if (value !== null) point[name] = (point[name] ?? 0) + Number(value)
    }
  }
  return [...points.values()]
}

async function topPosts(
  murmur: Murmur,
  scope: WorkspaceScope,
  rows: DeliveryNumbers[],
  rateOf: RateOf,
  sort: TopSort,
  limit: number,
): Promise<TopPost[]> {
  const offered = new Map<NetworkId, readonly MetricName[]>()
  const offeredBy = (network: NetworkId) => {
    let metrics = offered.get(network)
    if (!metrics) {
      metrics = offeredMetrics(murmur, network, rows)
      offered.set(network, metrics)
    }
    return metrics
  }
  const key = (row: DeliveryNumbers): number | null => {
    if (sort === 'engagements') return engagementsOf(row)
    if (sort === 'engagement_rate') return rateOf(row)?.rate ?? null
    if (sort === 'published_at') return row.published_at
    return row[sort] === null ? null : Number(row[sort])
  }
  // Highest first; posts without the number (not offered, not read yet) last. Keys are computed
  // once per row, and texts are read only for the posts shown.
  const ranked = rows.map((row) => ({ row, key: key(row) }))
  ranked.sort((a, b) => {
    if (a.key === b.key) return b.row.published_at - a.row.published_at
    if (a.key === null) return 1
    if (b.key === null) return -1
    return b.key - a.key
  })
  const shown = ranked.slice(0, limit).map(({ row }) => row)
  const texts = await firstTextsOf(scope, shown)
  return shown.map((row): TopPost => {
    const text = texts.get(row.delivery_id) ?? ''
    const rate = rateOf(row)
    return {
      delivery_id: row.delivery_id,
      post_id: row.post_id,
      channel_id: row.channel_id,
      network: row.network,
      handle: row.handle,
      text: text.length > 280 ? `${text.slice(0, 279)}…` : text,
      published_at: row.published_at,
      campaign: row.campaign,
      labels: row.labels,
      metrics: Object.fromEntries(
        METRIC_NAMES.map((name) => [name, row[name] === null ? null : Number(row[name])]),
      ) as Record<MetricName, number | null>,
      not_available: METRIC_NAMES.filter((name) => !offeredBy(row.network).includes(name)),
      engagements: engagementsOf(row),
      engagement_rate: rate ? { value: rate.rate, basis: rate.basis } : null,
      readings: row.fetches,
      last_read_at: row.last_fetched_at,
      deleted: row.gone === 1,
    }
  })
}

/** Followers of a channel on a day: that day's count, else the last before, else the first after. */
function followerLookup(rows: Array<{ channel_id: string; day: string; followers: number }>) {
  const byChannel = new Map<string, Array<{ day: string; followers: number }>>()
  for (const row of rows) {
    const list = byChannel.get(row.channel_id) ?? []
    list.push(row)
    byChannel.set(row.channel_id, list)
  }
  for (const list of byChannel.values()) list.sort((a, b) => (a.day < b.day ? -1 : 1))
  return (channelId: string, day: string): number | null => {
    const list = byChannel.get(channelId)
    if (!list || list.length === 0) return null
    // The last point on or before `day` (a binary search: a row per post, a point per day).
    let low = 0
    let high = list.length
    while (low < high) {
      const middle = (low + high) >> 1
      if ((list[middle] as { day: string }).day <= day) low = middle + 1
      else high = middle
    }
    return (list[low - 1] ?? list[0])?.followers ?? null
  }
}

async function followerGrowth(
  murmur: Murmur,
  scope: WorkspaceScope,
  rows: Array<{ channel_id: string; day: string; followers: number }>,
  input: AnalyticsFilter & { timeZone: string },
): Promise<FollowerGrowth[]> {
  let query = scope
    .selectFrom('channels')
    .select(['id', 'network', 'handle'])
    .orderBy('network')
    .orderBy('handle')
  if (input.channelId) query = query.where('id', '=', input.channelId)
  const channels = await query.execute()
  const notes = new Map(
    (
      await scope
        .selectFrom('metric_channel_state')
        .select(['channel_id', 'followers_note'])
        .where('followers_note', 'is not', null)
        .execute()
    ).map((row) => [row.channel_id, row.followers_note]),
  )
  const fromDay = localDay(input.from, input.timeZone)
  const toDay = localDay(input.to - 1, input.timeZone)
  return channels.map((channel) => {
    const points = rows
      .filter((r) => r.channel_id === channel.id && r.day >= fromDay && r.day <= toDay)
      .map(({ day, followers }) => ({ day, followers }))
    const start = points[0]?.followers ?? null
    const end = points.at(-1)?.followers ?? null
    const network = networksOf(murmur).get(channel.network)
    // The network's own word first: a LinkedIn member profile has no count, a LinkedIn Page has.
    const note =
      points.length > 0
        ? null
        : (notes.get(channel.id) ??
          (network && !readsFollowerCount(network)
            ? notAvailableFrom(channel.network)
            : `no follower count from ${NETWORK_NAMES[channel.network]} in this period yet`))
    return {
      channel_id: channel.id,
      network: channel.network,
      handle: channel.handle,
      points,
      start,
      end,
      change: start === null || end === null ? null : end - start,
      note,
    }
  })
}

function frequencyOf(rows: DeliveryNumbers[], dayOf: (instant: number) => string): FrequencyWeek[] {
  const weeks = new Map<string, FrequencyWeek>()
  for (const row of rows) {
    const week = weekOf(dayOf(row.published_at))
    const entry = weeks.get(week) ?? { week, posts: 0, engagements: 0, engagements_per_post: null }
    entry.posts++
    entry.engagements += engagementsOf(row)
    entry.engagements_per_post = entry.engagements / entry.posts
    weeks.set(week, entry)
  }
  return [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week))
}
