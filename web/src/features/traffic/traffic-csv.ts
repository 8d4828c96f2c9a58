import type { TopEntry } from '../../api/link-types.js'
import { csvFileName, downloadCsv } from '../../lib/csv.js'
import type { TopLinkRow, TopPostRow, TrafficOverview } from './traffic-api.js'

/** Revenue per currency as "EUR 24.50; USD 10.00": one cell a spreadsheet still reads. */
const revenueCell = (revenue: Record<string, number>) =>
  Object.entries(revenue)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => `${currency} ${(minor / 100).toFixed(2)}`)
    .join('; ')

export function downloadSeriesCsv(data: TrafficOverview) {
  downloadCsv(
    csvFileName('traffic-by-day'),
    ['Day', 'Clicks', 'Unique visitors', 'Bot hits'],
    data.series.map((row) => [
      row.date ?? String(row.start),
      row.clicks,
      row.unique_clicks,
      row.bot_hits,
    ]),
  )
}

export function downloadTopLinksCsv(rows: TopLinkRow[]) {
  downloadCsv(
    csvFileName('traffic-top-links'),
    ['Code', 'Destination', 'Campaign', 'Clicks', 'Unique visitors', 'Leads', 'Sales', 'Revenue'],
    rows.map((row) => [
      row.code,
      row.destination,
      row.campaign,
      row.clicks,
      row.unique_clicks,
      row.leads,
      row.sales,
      revenueCell(row.revenue),
    ]),
  )
}

export function downloadTopPostsCsv(rows: TopPostRow[]) {
  downloadCsv(
    csvFileName('traffic-top-posts'),
    ['Post', 'Campaign', 'Clicks', 'Unique visitors', 'Leads', 'Sales', 'Revenue'],
    rows.map((row) => [
      row.text,
      row.campaign,
      row.clicks,
      row.unique_clicks,
      row.leads,
      row.sales,
      revenueCell(row.revenue),
    ]),
  )
}

export function downloadDimensionCsv(what: string, label: string, rows: TopEntry[]) {
  downloadCsv(
    csvFileName(`traffic-${what}`),
    [label, 'Clicks', 'Unique visitors'],
    rows.map((row) => [row.value, row.clicks, row.unique_clicks]),
  )
}

export function downloadFunnelCsv(data: TrafficOverview) {
  const f = data.funnel
  downloadCsv(
    csvFileName('traffic-funnel'),
    ['Stage', 'Count'],
    [
      ['Published posts', f.published_posts],
      ['Clicks', f.clicks],
      ['Unique visitors', f.unique_clicks],
      ['Leads', f.leads],
      ['Customers', f.customers],
    ],
  )
}
