import { invalid } from '../core/errors.js'
import { DAY_MS, HOUR_MS, startOfUtcDay, startOfUtcHour } from '../core/links/visitor.js'
import { addDaysToDate, ZoneTimeline } from '../core/zone-timeline.js'
import {
  campaignRollupKey,
  DIMENSIONS,
  type Dimension,
  WHOLE_WORKSPACE,
} from '../links/click-rows.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

export type StatsInterval = 'hour' | 'day'

export interface StatsQuery {
  from: number
  to: number
  interval: StatsInterval
  timeZone: string
  /** Only these links; undefined for the whole workspace (or the campaign). */
  linkIds?: string[] | undefined
  /** Only this campaign's links, read from its own rollup rows (ignored when linkIds is set). */
  campaign?: string | undefined
  /** Rows per top list. */
  top?: number
}

export interface Counts {
  clicks: number
  unique_clicks: number
  bot_hits: number
}

export interface TrafficStats {
  totals: Counts
  /** One entry per hour or per local day (workspace time zone), zeros included. */
  series: Array<Counts & { start: number; date: string | null }>
  /** Counted clicks (bots excluded) by dimension, most first. */
  top: Record<Dimension, Array<{ value: string; clicks: number; unique_clicks: number }>>
}

const MAX_HOURS = 24 * 31
const MAX_DAYS = 366 * 2

const zero = (): Counts => ({ clicks: 0, unique_clicks: 0, bot_hits: 0 })

function checkRange(query: StatsQuery): void {
  const fail = (message: string) => invalid(message, [{ path: 'from', message }])
  if (!(query.to > query.from)) throw fail('"from" must be before "to".')
  const span = query.to - query.from
  if (query.interval === 'hour' && span > MAX_HOURS * HOUR_MS)
    throw fail('Hourly figures cover at most 31 days; ask for daily ones over longer periods.')
  if (span > MAX_DAYS * DAY_MS) throw fail('A period covers at most two years.')
}

/**
 * Clicks over time and top lists for a period, read from the rollups only
 * (never the raw clicks), so a dashboard widget costs a handful of index
 * ranges whatever the traffic. Day boundaries follow the workspace time zone
 * to the hour; top lists use UTC days.
 */
export async function trafficStats(
  scope: WorkspaceScope,
  query: StatsQuery,
): Promise<TrafficStats> {
  checkRange(query)
  const linkIds = query.linkIds
  const top = Object.fromEntries(DIMENSIONS.map((d) => [d, []])) as unknown as TrafficStats['top']
  if (linkIds && linkIds.length === 0)
    return { totals: zero(), series: buckets(query, new Map()), top }

  let hourly = scope
    .selectFrom('click_hourly')
    .select((eb) => [
      'hour',
      eb.fn.sum<number>('clicks').as('clicks'),
      eb.fn.sum<number>('unique_clicks').as('unique_clicks'),
      eb.fn.sum<number>('bot_hits').as('bot_hits'),
    ])
    .where('hour', '>=', startOfUtcHour(query.from))
    .where('hour', '<', query.to)
    .groupBy('hour')
  // The whole workspace and a campaign each have rollup rows of their own: one key to read.
  const key = query.campaign ? campaignRollupKey(query.campaign) : WHOLE_WORKSPACE
  hourly = linkIds ? hourly.where('link_id', 'in', linkIds) : hourly.where('link_id', '=', key)

  let daily = scope
    .selectFrom('click_daily')
    .select((eb) => [
      'dimension',
      'value',
      eb.fn.sum<number>('clicks').as('clicks'),
      eb.fn.sum<number>('unique_clicks').as('unique_clicks'),
    ])
    .where('day', '>=', startOfUtcDay(query.from))
    .where('day', '<', query.to)
    .groupBy(['dimension', 'value'])
  daily = linkIds ? daily.where('link_id', 'in', linkIds) : daily.where('link_id', '=', key)

  const [hours, dimensions] = await Promise.all([hourly.execute(), daily.execute()])
  const byHour = new Map<number, Counts>()
  const totals = zero()
  for (const row of hours) {
    const counts = {
      clicks: Number(row.clicks),
      unique_clicks: Number(row.unique_clicks),
      bot_hits: Number(row.bot_hits),
    }
    byHour.set(Number(row.hour), counts)
    totals.clicks += counts.clicks
    totals.unique_clicks += counts.unique_clicks
    totals.bot_hits += counts.bot_hits
  }
  for (const row of dimensions) {
    const list = top[row.dimension as Dimension]
    list?.push({
      value: row.value,
      clicks: Number(row.clicks),
      unique_clicks: Number(row.unique_clicks),
    })
  }
  const limit = query.top ?? 10
  for (const dimension of DIMENSIONS) {
    top[dimension] = top[dimension]
      .sort((a, b) => b.clicks - a.clicks || a.value.localeCompare(b.value))
      .slice(0, limit)
  }
  return { totals, series: buckets(query, byHour), top }
}

function buckets(query: StatsQuery, byHour: Map<number, Counts>): TrafficStats['series'] {
  if (query.interval === 'hour') {
    const series: TrafficStats['series'] = []
    for (let hour = startOfUtcHour(query.from); hour < query.to; hour += HOUR_MS) {
      series.push({ start: hour, date: null, ...(byHour.get(hour) ?? zero()) })
    }
    return series
  }
  // Local dates by arithmetic over the zone's offsets in the period (a few dozen Intl reads
  // in all, not one per hour or per day).
  const zone = new ZoneTimeline(query.timeZone, query.from, query.to)
  const byDate = new Map<string, Counts>()
  for (const [hour, counts] of byHour) {
    const key = zone.localDateOf(hour)
    const sum = byDate.get(key) ?? zero()
    sum.clicks += counts.clicks
    sum.unique_clicks += counts.unique_clicks
    sum.bot_hits += counts.bot_hits
    byDate.set(key, sum)
  }
  const series: TrafficStats['series'] = []
  const last = zone.localDateOf(query.to - 1)
  let date = zone.localDateOf(query.from)
  for (let guard = 0; guard <= MAX_DAYS + 1; guard++) {
    series.push({
      start: zone.startOfLocalDate(date),
      date,
      ...(byDate.get(date) ?? zero()),
    })
    if (date >= last) break
    date = addDaysToDate(date, 1)
  }
  return series
}

export interface LinkFilter {
  link_id?: string | undefined
  campaign?: string | undefined
  delivery_id?: string | undefined
}

/**
 * What trafficStats reads for a stats filter: a campaign alone by its
 * campaign rollup rows (one key, however many links it has), anything else
 * by the ids of the links it names.
 */
export async function statsFilterFor(
  scope: WorkspaceScope,
  filter: LinkFilter,
): Promise<Pick<StatsQuery, 'linkIds' | 'campaign'>> {
  if (filter.campaign && !filter.link_id && !filter.delivery_id)
    return { campaign: filter.campaign }
  return { linkIds: await linkIdsFor(scope, filter) }
}

/** The ids of the links a stats filter names (campaign, delivery, or one link). */
export async function linkIdsFor(
  scope: WorkspaceScope,
  filter: LinkFilter,
): Promise<string[] | undefined> {
  if (!filter.link_id && !filter.campaign && !filter.delivery_id) return undefined
  let query = scope.selectFrom('links').select('id')
  if (filter.link_id) query = query.where('id', '=', filter.link_id)
  if (filter.campaign) query = query.where('campaign', '=', filter.campaign)
  if (filter.delivery_id) query = query.where('delivery_id', '=', filter.delivery_id)
  return (await query.execute()).map((row) => row.id)
}
