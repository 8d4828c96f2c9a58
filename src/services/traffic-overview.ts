import { DEFAULT_LOOKBACK_DAYS } from '../core/links/attribution.js'
import { startOfUtcDay } from '../core/links/visitor.js'
import { isLinkRollupKey } from '../links/click-rows.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { lastTouchConversions } from './last-touch-conversions.js'
import { type StatsInterval, type TrafficStats, trafficStats } from './link-stats.js'

/**
 * The workspace Traffic dashboard in one read: clicks over time and top lists (from the
 * rollups), leads, sales and revenue credited to the last click, the top links and posts, and a
 * funnel from published posts to customers, for a period and a filter.
 */

export interface OverviewFilter {
  /** The links' campaign (`links.campaign`; links made for posts carry the post's campaign). */
  campaign?: string | undefined
  /** Links made for this channel's deliveries. */
  channelId?: string | undefined
  /** Links made for this post's deliveries. */
  postId?: string | undefined
  linkId?: string | undefined
}

export interface OverviewQuery extends OverviewFilter {
  from: number
  to: number
  interval: StatsInterval
  timeZone: string
  top?: number
}

export interface Outcome {
  leads: number
  sales: number
  /** Per currency, minor units. */
  revenue: Record<string, number>
}

export interface TopLink extends Outcome {
  id: string
  code: string
  destination: string
  campaign: string | null
  delivery_id: string | null
  clicks: number
  unique_clicks: number
}

export interface TopPost extends Outcome {
  id: string
  text: string
  campaign: string | null
  clicks: number
  unique_clicks: number
}

export interface TrafficOverview {
  stats: TrafficStats
  conversions: Outcome & { customers: number }
  /** Leads ÷ unique clicks; null without unique clicks. */
  conversion_rate: number | null
  top_links: TopLink[]
  top_posts: TopPost[]
  funnel: {
    published_posts: number
    clicks: number
    unique_clicks: number
    leads: number
    customers: number
  }
  links_in_scope: string
}

export const OVERVIEW_ATTRIBUTION = `Each lead or sale counts once, for the last click on a tracked link in the ${DEFAULT_LOOKBACK_DAYS} days before it (last touch), in the period it happened.`
export const CUSTOMERS_BASIS =
  'Customers: distinct customer ids among the sales counted (a sale without a customer id is one customer).'
export const CONVERSION_RATE_BASIS = 'Conversion rate: leads ÷ unique clicks (bots left out).'
export const PUBLISHED_POSTS_BASIS =
  'Published posts: posts with a delivery published in the period on the filtered channel, of the filtered campaign, post or link.'

const hasFilter = (f: OverviewFilter) => Boolean(f.campaign || f.channelId || f.postId || f.linkId)

/** The links a filter covers (every filter narrows); undefined for the whole workspace. */
export async function overviewLinkIds(
  scope: WorkspaceScope,
  filter: OverviewFilter,
): Promise<string[] | undefined> {
  if (!hasFilter(filter)) return undefined
  let query = scope.selectFrom('links').select('id')
  if (filter.linkId) query = query.where('id', '=', filter.linkId)
  if (filter.campaign) query = query.where('campaign', '=', filter.campaign)
  if (filter.channelId || filter.postId) {
    // The links made for the channel's or post's deliveries, in one statement.
    let deliveries = scope.selectFrom('deliveries').select('deliveries.id')
    if (filter.channelId) deliveries = deliveries.where('channel_id', '=', filter.channelId)
    if (filter.postId) deliveries = deliveries.where('post_id', '=', filter.postId)
    query = query.where('delivery_id', 'in', deliveries)
  }
  return (await query.execute()).map((row) => row.id)
}

/** Ids bound in one `IN (…)`: far below SQLite's and PostgreSQL's parameter limits. */
const MAX_BOUND_IDS = 1000

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  )

const noOutcome = (): Outcome => ({ leads: 0, sales: 0, revenue: {} })

function addConversion(
  target: Outcome,
  conversion: { kind: string; amount: number; currency: string | null },
) {
  if (conversion.kind === 'lead') {
    target.leads++
    return
  }
  target.sales++
  if (conversion.currency)
    target.revenue[conversion.currency] =
      (target.revenue[conversion.currency] ?? 0) + conversion.amount
}

/**
 * Clicks per real link in the period, from each link's daily rows of one dimension ('via': every
 * counted click is a QR scan or a link click, so its rows sum to the link's clicks). UTC days, as
 * the other top lists (trafficStats); the hourly rows would be 24 times as many to read.
 */
async function clicksByLink(
  scope: WorkspaceScope,
  linkIds: string[] | undefined,
  period: { from: number; to: number },
) {
  let query = scope
    .selectFrom('click_daily')
    .select((eb) => [
      'link_id',
      eb.fn.sum<number>('clicks').as('clicks'),
      eb.fn.sum<number>('unique_clicks').as('unique_clicks'),
    ])
    .where('dimension', '=', 'via')
    .where('day', '>=', startOfUtcDay(period.from))
    .where('day', '<', period.to)
    .groupBy('link_id')
  // The workspace ('') and campaign ('~campaign:…') sums are rows of their own: leave them out.
  // A long list of links is filtered here rather than bound as thousands of parameters.
  const few = linkIds && linkIds.length <= MAX_BOUND_IDS
  if (few) query = query.where('link_id', 'in', linkIds)
  const wanted = linkIds && !few ? new Set(linkIds) : undefined
  const rows = await query.execute()
  return rows
    .filter((row) => isLinkRollupKey(row.link_id) && (!wanted || wanted.has(row.link_id)))
    .map((row) => ({
      linkId: row.link_id,
      clicks: Number(row.clicks),
      unique_clicks: Number(row.unique_clicks),
    }))
}

async function publishedPosts(
  scope: WorkspaceScope,
  filter: OverviewFilter,
  period: { from: number; to: number },
): Promise<number> {
  let query = scope
    .selectFrom('deliveries')
    .innerJoin('posts', (join) =>
      join
        .onRef('posts.id', '=', 'deliveries.post_id')
        .onRef('posts.workspace_id', '=', 'deliveries.workspace_id'),
    )
    .select('deliveries.post_id')
    .distinct()
    .where('deliveries.state', '=', 'published')
    .where('deliveries.published_at', '>=', period.from)
    .where('deliveries.published_at', '<', period.to)
  if (filter.channelId) query = query.where('deliveries.channel_id', '=', filter.channelId)
  if (filter.postId) query = query.where('deliveries.post_id', '=', filter.postId)
  if (filter.campaign) query = query.where('posts.campaign_id', '=', filter.campaign)
  if (filter.linkId) {
    const link = await scope
      .selectFrom('links')
      .select('delivery_id')
      .where('id', '=', filter.linkId)
      .executeTakeFirst()
    if (!link?.delivery_id) return 0
    query = query.where('deliveries.id', '=', link.delivery_id)
  }
  return (await query.execute()).length
}

export async function trafficOverview(
  scope: WorkspaceScope,
  query: OverviewQuery,
): Promise<TrafficOverview> {
  const limit = query.top ?? 10
  const period = { from: query.from, to: query.to }
  const linkIds = await overviewLinkIds(scope, query)
  // A campaign alone reads its own rollup rows: one key, however many links it has.
  const campaignOnly = query.campaign && !query.channelId && !query.postId && !query.linkId
  const [stats, byLink, conversions, published] = await Promise.all([
    trafficStats(scope, {
      ...period,
      interval: query.interval,
      timeZone: query.timeZone,
      top: limit,
      ...(campaignOnly ? { campaign: query.campaign } : { linkIds }),
    }),
    linkIds?.length === 0 ? Promise.resolve([]) : clicksByLink(scope, linkIds, period),
    lastTouchConversions(scope, linkIds && new Set(linkIds), period),
    publishedPosts(scope, query, period),
  ])

  const outcomeByLink = new Map<string, Outcome>()
  const total = noOutcome()
  const customers = new Set<string>()
  for (const conversion of conversions) {
    addConversion(total, conversion)
    const forLink = outcomeByLink.get(conversion.linkId) ?? noOutcome()
    addConversion(forLink, conversion)
    outcomeByLink.set(conversion.linkId, forLink)
    if (conversion.kind === 'sale') customers.add(conversion.customer ?? `sale:${conversion.id}`)
  }

  // Every link that brought clicks or conversions, with its post (through its delivery).
  const clicksOf = new Map(byLink.map((row) => [row.linkId, row]))
  const linkIdsSeen = [...new Set([...clicksOf.keys(), ...outcomeByLink.keys()])]
  const links = (
    await Promise.all(
      chunks(linkIdsSeen, MAX_BOUND_IDS).map((ids) =>
        scope
          .selectFrom('links')
          .leftJoin('deliveries', (join) =>
            join
              .onRef('deliveries.id', '=', 'links.delivery_id')
              .onRef('deliveries.workspace_id', '=', 'links.workspace_id'),
          )
          .select([
            'links.id',
            'links.code',
            'links.destination',
            'links.campaign',
            'links.delivery_id',
            'deliveries.post_id',
          ])
          .where('links.id', 'in', ids)
          .execute(),
      ),
    )
  ).flat()

  const topLinks: TopLink[] = links.map((link) => ({
    id: link.id,
    code: link.code,
    destination: link.destination,
    campaign: link.campaign,
    delivery_id: link.delivery_id,
    clicks: clicksOf.get(link.id)?.clicks ?? 0,
    unique_clicks: clicksOf.get(link.id)?.unique_clicks ?? 0,
    ...(outcomeByLink.get(link.id) ?? noOutcome()),
  }))
  const postOf = new Map(links.map((row) => [row.id, row.post_id]))
  const byPost = new Map<string, TopPost>()
  for (const link of topLinks) {
    const postId = postOf.get(link.id)
    if (!postId) continue
    const post = byPost.get(postId) ?? {
      id: postId,
      text: '',
      campaign: null,
      clicks: 0,
      unique_clicks: 0,
      ...noOutcome(),
    }
    post.clicks += link.clicks
    post.unique_clicks += link.unique_clicks
    post.leads += link.leads
    post.sales += link.sales
    for (const [currency, amount] of Object.entries(link.revenue))
      post.revenue[currency] = (post.revenue[currency] ?? 0) + amount
    byPost.set(postId, post)
  }
  const rank = <T extends { clicks: number; sales: number; leads: number; id: string }>(
    rows: T[],
  ) =>
    rows
      .sort(
        (a, b) =>
          b.clicks - a.clicks || b.sales - a.sales || b.leads - a.leads || (a.id < b.id ? -1 : 1),
      )
      .slice(0, limit)
  const topPosts = rank([...byPost.values()])
  await describePosts(scope, topPosts)

  const uniqueClicks = stats.totals.unique_clicks
  return {
    stats,
    conversions: { ...total, customers: customers.size },
    conversion_rate: uniqueClicks > 0 ? total.leads / uniqueClicks : null,
    top_links: rank(topLinks),
    top_posts: topPosts,
    funnel: {
      published_posts: published,
      clicks: stats.totals.clicks,
      unique_clicks: uniqueClicks,
      leads: total.leads,
      customers: customers.size,
    },
    links_in_scope:
      linkIds === undefined
        ? 'every tracked link of the workspace'
        : `${linkIds.length} tracked link${linkIds.length === 1 ? '' : 's'} matching the filter`,
  }
}

/** Fills in each post's first words (its shared content's first part) and campaign. */
async function describePosts(scope: WorkspaceScope, posts: TopPost[]): Promise<void> {
  if (posts.length === 0) return
  const ids = posts.map((post) => post.id)
  const [rows, parts] = await Promise.all([
    scope.selectFrom('posts').select(['id', 'campaign_id']).where('id', 'in', ids).execute(),
    scope
      .selectFrom('post_parts')
      .select(['post_id', 'text'])
      .where('post_id', 'in', ids)
      .where('delivery_id', 'is', null)
      .where('position', '=', 0)
      .execute(),
  ])
  const campaignOf = new Map(rows.map((row) => [row.id, row.campaign_id]))
  const textOf = new Map(parts.map((part) => [part.post_id, part.text]))
  for (const post of posts) {
    post.campaign = campaignOf.get(post.id) ?? null
    post.text = (textOf.get(post.id) ?? '').slice(0, 200)
  }
}
