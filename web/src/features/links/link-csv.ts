import type { Link, LinkStats, TopEntry } from '../../api/link-types.js'
import { csvFileName, downloadCsv } from '../../lib/csv.js'

export function downloadLinksCsv(links: Link[]) {
  downloadCsv(
    csvFileName('links'),
    [
      'Short link',
      'Destination',
      'Landing URL',
      'Clicks',
      'Unique clicks',
      'Campaign',
      'UTM source',
      'UTM medium',
      'UTM campaign',
      'UTM term',
      'UTM content',
      'Expires',
      'Archived',
      'Created',
    ],
    links.map((link) => [
      link.short_url,
      link.destination,
      link.final_url,
      link.clicks,
      link.unique_clicks,
      link.campaign,
      link.utm_source,
      link.utm_medium,
      link.utm_campaign,
      link.utm_term,
      link.utm_content,
      link.expires_at === null ? '' : String(link.expires_at),
      link.archived_at === null ? '' : String(link.archived_at),
      String(link.created_at),
    ]),
  )
}

export function downloadSeriesCsv(link: Link, stats: LinkStats) {
  downloadCsv(
    csvFileName(`clicks-${link.code}`),
    ['Day', 'Clicks', 'Unique clicks', 'Bot hits'],
    stats.series.map((row) => [
      row.date ?? String(row.start),
      row.clicks,
      row.unique_clicks,
      row.bot_hits,
    ]),
  )
}

export function downloadTopCsv(link: Link, what: string, label: string, rows: TopEntry[]) {
  downloadCsv(
    csvFileName(`${what}-${link.code}`),
    [label, 'Clicks', 'Unique clicks'],
    rows.map((row) => [row.value, row.clicks, row.unique_clicks]),
  )
}
