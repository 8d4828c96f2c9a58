import { DEFAULT_LOOKBACK_DAYS } from '../core/links/attribution.js'
import { daysBetween, localDay } from '../core/metrics/days.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import type { AnalyticsFilter } from './analytics-rows.js'
import { lastTouchConversions } from './last-touch-conversions.js'
import { trafficStats } from './link-stats.js'

/**
 * What the posts brought, next to what people noticed: traffic through tracked links (clicks,
 * conversions credited to the last click) and word of mouth (people passing it on through their
 * share links, and the visits that came through them), for the same period and filter.
 */

export interface TrafficOutcome {
  /** Clicks by people (bots left out) on the links in scope. */
  clicks: number
  /** A visitor counts once per link and hour (docs/links.md). */
  unique_clicks: number
  leads: number
  /** Sales (customers who bought). */
  sales: number
  /** Revenue of those sales per currency, in minor units (cents). */
  revenue: Record<string, number>
}

export interface WordOfMouthOutcome {
  /** Share links made by people passing it on (generation 1 and deeper), network reshares included. */
  shares: number
  /** Of `shares`, reposts, quotes and boosts seen on Bluesky and Mastodon. */
  network_reshares: number
  /** Earned reach: clicks by people through other people's share links. */
  earned_visits: number
  earned_unique_clicks: number
  /** Cascades (posts, links or campaigns) that someone passed on in the period. */
  cascades: number
  /** Shares per generation, from generation 1: `[12, 3]` = 12 from the business's link, 3 from those. */
  generations: number[]
}

export interface OutcomeDay {
  day: string
  clicks: number
  unique_clicks: number
  leads: number
  sales: number
  shares: number
  earned_visits: number
}

export interface AttentionOutcomes {
  /** Which tracked links count, in words. */
  links_in_scope: string
  attribution: string
  traffic: TrafficOutcome
  previous_traffic: TrafficOutcome
  word_of_mouth: WordOfMouthOutcome
  previous_word_of_mouth: WordOfMouthOutcome
  series: OutcomeDay[]
  previous_series: OutcomeDay[]
}

export const OUTCOME_ATTRIBUTION = `Each lead or sale counts once, for the last click on a tracked link in the ${DEFAULT_LOOKBACK_DAYS} days before it (last touch), on the day it happened.`

interface Roots {
  /** Undefined: no filter, every link and cascade of the workspace counts. */
  linkIds: string[] | undefined
  postIds: Set<string>
  campaign: string | undefined
}

const hasFilter = (f: AnalyticsFilter) => Boolean(f.channelId || f.campaign || f.label)

function parseLabels(labels: string): string[] {
  try {
    const parsed = JSON.parse(labels) as unknown
    return Array.isArray(parsed) ? parsed.filter((l): l is string => typeof l === 'string') : []
  } catch {
    return []
  }
}

/**
 * The links and cascade roots a filter covers: the links made for deliveries of the matching posts
 * (any publishing date: a link keeps bringing visits), and with a campaign filter the links and
 * cascades of that campaign too.
 */
async function rootsOf(scope: WorkspaceScope, filter: AnalyticsFilter): Promise<Roots> {
  if (!hasFilter(filter)) return { linkIds: undefined, postIds: new Set(), campaign: undefined }
  let deliveries = scope
    .selectFrom('deliveries')
    .innerJoin('posts', 'posts.id', 'deliveries.post_id')
    .select(['deliveries.id', 'deliveries.post_id', 'posts.labels'])
  if (filter.channelId)
    deliveries = deliveries.where('deliveries.channel_id', '=', filter.channelId)
  if (filter.campaign) deliveries = deliveries.where('posts.campaign_id', '=', filter.campaign)
  const matching = (await deliveries.execute()).filter(
    (row) => !filter.label || parseLabels(row.labels).includes(filter.label),
  )
  const deliveryIds = matching.map((row) => row.id)
  const linkIds = new Set<string>()
  if (deliveryIds.length > 0)
    for (const row of await scope
      .selectFrom('links')
      .select('id')
      .where('delivery_id', 'in', deliveryIds)
      .execute())
      linkIds.add(row.id)
  // A campaign's own links (not made for one post) belong to it unless a channel or label narrows.
  const campaign =
    filter.campaign && !filter.channelId && !filter.label ? filter.campaign : undefined
  if (campaign)
    for (const row of await scope
      .selectFrom('links')
      .select('id')
      .where('campaign', '=', campaign)
      .execute())
      linkIds.add(row.id)
  return {
    linkIds: [...linkIds],
    postIds: new Set(matching.map((row) => row.post_id)),
    campaign,
  }
}

const inRoots = (roots: Roots, kind: string, id: string) =>
  roots.linkIds === undefined ||
  (kind === 'post' && roots.postIds.has(id)) ||
  (kind === 'campaign' && id === roots.campaign) ||
  (kind === 'link' && roots.linkIds.includes(id))

function emptyDays(from: number, to: number, tz: string): Map<string, OutcomeDay> {
  const days = new Map<string, OutcomeDay>()
  for (const day of daysBetween(localDay(from, tz), localDay(to - 1, tz)))
    days.set(day, {
      day,
      clicks: 0,
      unique_clicks: 0,
      leads: 0,
      sales: 0,
      shares: 0,
      earned_visits: 0,
    })
  return days
}

async function trafficOutcome(
  scope: WorkspaceScope,
  roots: Roots,
  period: { from: number; to: number },
  days: Map<string, OutcomeDay>,
  tz: string,
): Promise<TrafficOutcome> {
  const stats = await trafficStats(scope, {
    ...period,
    interval: 'day',
    timeZone: tz,
    linkIds: roots.linkIds,
    top: 1,
  })
  for (const point of stats.series) {
    const day = point.date ? days.get(point.date) : undefined
    if (!day) continue
    day.clicks += point.clicks
    day.unique_clicks += point.unique_clicks
  }
  const outcome: TrafficOutcome = {
    clicks: stats.totals.clicks,
    unique_clicks: stats.totals.unique_clicks,
    leads: 0,
    sales: 0,
    revenue: {},
  }
  const inScope = roots.linkIds === undefined ? undefined : new Set(roots.linkIds)
  for (const conversion of await lastTouchConversions(scope, inScope, period)) {
    const day = days.get(localDay(conversion.occurredAt, tz))
    if (conversion.kind === 'sale') {
      outcome.sales++
      if (day) day.sales++
      if (conversion.currency)
        outcome.revenue[conversion.currency] =
          (outcome.revenue[conversion.currency] ?? 0) + conversion.amount
    } else {
      outcome.leads++
      if (day) day.leads++
    }
  }
  return outcome
}

async function wordOfMouthOutcome(
  scope: WorkspaceScope,
  roots: Roots,
  period: { from: number; to: number },
  days: Map<string, OutcomeDay>,
  tz: string,
): Promise<WordOfMouthOutcome> {
  const shares = (
    await scope
      .selectFrom('share_links')
      .select(['root_kind', 'root_id', 'generation', 'source', 'created_at'])
      .where('generation', '>=', 1)
      .where('created_at', '>=', period.from)
      .where('created_at', '<', period.to)
      .execute()
  ).filter((row) => inRoots(roots, row.root_kind, row.root_id))
  const outcome: WordOfMouthOutcome = {
    shares: shares.length,
    network_reshares: shares.filter((row) => row.source !== 'murmur').length,
    earned_visits: 0,
    earned_unique_clicks: 0,
    cascades: new Set(shares.map((row) => `${row.root_kind}\u0000${row.root_id}`)).size,
    generations: [],
  }
  for (const row of shares) {
    const generation = Number(row.generation)
    while (outcome.generations.length < generation) outcome.generations.push(0)
    outcome.generations[generation - 1]! += 1
    const day = days.get(localDay(Number(row.created_at), tz))
    if (day) day.shares++
  }
  // Visits through people's share links, from the hourly rollups (never the raw clicks). Network
  // reshares have no link of their own ('' would be the workspace's total row).
  const visits = await scope
    .selectFrom('click_hourly')
    .innerJoin('share_links', (join) =>
      join
        .onRef('share_links.link_id', '=', 'click_hourly.link_id')
        .onRef('share_links.workspace_id', '=', 'click_hourly.workspace_id'),
    )
    .select((eb) => [
      'click_hourly.hour',
      'share_links.root_kind',
      'share_links.root_id',
      eb.fn.sum<number>('click_hourly.clicks').as('clicks'),
      eb.fn.sum<number>('click_hourly.unique_clicks').as('unique_clicks'),
    ])
    .where('share_links.generation', '>=', 1)
    .where('share_links.link_id', '<>', '')
    .where('click_hourly.hour', '>=', period.from - (period.from % 3_600_000))
    .where('click_hourly.hour', '<', period.to)
    .groupBy(['click_hourly.hour', 'share_links.root_kind', 'share_links.root_id'])
    .execute()
  for (const row of visits) {
    if (!inRoots(roots, row.root_kind, row.root_id)) continue
    outcome.earned_visits += Number(row.clicks)
    outcome.earned_unique_clicks += Number(row.unique_clicks)
    const day = days.get(localDay(Number(row.hour), tz))
    if (day) day.earned_visits += Number(row.clicks)
  }
  return outcome
}

/** Traffic and word of mouth for the period and the one before it, by day in the workspace's zone. */
export async function attentionOutcomes(
  scope: WorkspaceScope,
  filter: AnalyticsFilter & { timeZone: string; previousFrom: number },
): Promise<AttentionOutcomes> {
  const tz = filter.timeZone
  const roots = await rootsOf(scope, filter)
  const current = { from: filter.from, to: filter.to }
  const previous = { from: filter.previousFrom, to: filter.from }
  const days = emptyDays(current.from, current.to, tz)
  const previousDays = emptyDays(previous.from, previous.to, tz)
  const [traffic, previousTraffic, wordOfMouth, previousWordOfMouth] = await Promise.all([
    trafficOutcome(scope, roots, current, days, tz),
    trafficOutcome(scope, roots, previous, previousDays, tz),
    wordOfMouthOutcome(scope, roots, current, days, tz),
    wordOfMouthOutcome(scope, roots, previous, previousDays, tz),
  ])
  return {
    links_in_scope:
      roots.linkIds === undefined
        ? 'every tracked link of the workspace'
        : `${roots.linkIds.length} tracked link${roots.linkIds.length === 1 ? '' : 's'} made for the matching posts${roots.campaign ? ' or the campaign' : ''}`,
    attribution: OUTCOME_ATTRIBUTION,
    traffic,
    previous_traffic: previousTraffic,
    word_of_mouth: wordOfMouth,
    previous_word_of_mouth: previousWordOfMouth,
    series: [...days.values()],
    previous_series: [...previousDays.values()],
  }
}
