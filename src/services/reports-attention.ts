import { NETWORK_NAMES } from '../networks/spec/index.js'
import { csvRows } from '../pages/attendees-csv.js'
import { html, type SafeHtml } from '../pages/html.js'
import type { EngagementAnalytics, PeriodTotals, TopPost } from './analytics.js'

/** Tables of the Attention report that can be downloaded as CSV. */
export const REPORT_TABLES = ['posts', 'days', 'followers', 'weeks'] as const
export type ReportTable = (typeof REPORT_TABLES)[number]

const POST_METRICS = [
  'impressions',
  'views',
  'likes',
  'reposts',
  'shares',
  'replies',
  'quotes',
  'saves',
  'bookmarks',
  'clicks',
] as const

const isoDate = (ms: number) => new Date(ms).toISOString()

/** One table of the report as CSV; a metric a network does not offer says so instead of 0. */
export function attentionCsv(report: EngagementAnalytics, table: ReportTable): string {
  if (table === 'days') {
    return csvRows(
      [
        'Day',
        'Posts',
        'Engagements',
        'Impressions or views',
        'Likes',
        'Reposts',
        'Shares',
        'Replies',
        'Quotes',
      ],
      report.series.map((p) => [
        p.day,
        p.posts,
        p.engagements,
        p.impressions,
        p.likes,
        p.reposts,
        p.shares,
        p.replies,
        p.quotes,
      ]),
    )
  }
  if (table === 'followers') {
    return csvRows(
      ['Channel', 'Network', 'Day', 'Followers', 'Note'],
      report.followers.flatMap((c) =>
        c.points.length === 0
          ? [[`@${c.handle}`, NETWORK_NAMES[c.network], null, null, c.note]]
          : c.points.map((p) => [
              `@${c.handle}`,
              NETWORK_NAMES[c.network],
              p.day,
              p.followers,
              null,
            ]),
      ),
    )
  }
  if (table === 'weeks') {
    return csvRows(
      ['Week of', 'Posts', 'Engagements', 'Engagements per post'],
      report.frequency.map((w) => [w.week, w.posts, w.engagements, w.engagements_per_post]),
    )
  }
  return csvRows(
    [
      'Published',
      'Network',
      'Channel',
      'Text',
      'Campaign',
      'Labels',
      'Engagements',
      'Engagement rate',
      'Rate basis',
      ...POST_METRICS.map(capitalize),
      'Readings',
      'Deleted',
    ],
    report.top_posts.map((post) => [
      isoDate(post.published_at),
      NETWORK_NAMES[post.network],
      `@${post.handle}`,
      post.text,
      post.campaign,
      post.labels.join('; '),
      post.engagements,
      post.engagement_rate?.value ?? null,
      post.engagement_rate?.basis ?? null,
      ...POST_METRICS.map((name) => metricCell(post, name)),
      post.readings,
      post.deleted ? 'yes' : 'no',
    ]),
  )
}

function metricCell(post: TopPost, name: (typeof POST_METRICS)[number]): string | number | null {
  const value = post.metrics[name]
  if (value !== null) return value
  return post.not_available.includes(name)
    ? `not available from ${NETWORK_NAMES[post.network]}`
    : null
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
const number = (value: number | null) => (value === null ? '—' : value.toLocaleString('en-US'))
const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)}%`

function totalRows(current: PeriodTotals, previous: PeriodTotals): SafeHtml[] {
  const row = (label: string, now: string, before: string, note?: string | null) =>
    html`<tr><th scope="row">${label}</th><td class="num">${now}</td><td class="num">${before}</td><td class="note">${note ?? ''}</td></tr>`
  const rate = (r: PeriodTotals['engagement_rate']['by_impressions']) => percent(r?.value)
  return [
    row('Posts', number(current.posts), number(previous.posts)),
    row('Engagements', number(current.engagements), number(previous.engagements)),
    row(
      'Engagement rate (÷ impressions)',
      rate(current.engagement_rate.by_impressions),
      rate(previous.engagement_rate.by_impressions),
      current.engagement_rate.by_impressions?.description,
    ),
    row(
      'Engagement rate (÷ followers)',
      rate(current.engagement_rate.by_followers),
      rate(previous.engagement_rate.by_followers),
      current.engagement_rate.by_followers?.description,
    ),
    ...(['impressions', 'views', 'likes', 'reposts', 'shares', 'replies', 'quotes'] as const).map(
      (name) =>
        row(
          capitalize(name),
          number(current.metrics[name].value),
          number(previous.metrics[name].value),
          current.metrics[name].not_available.join('; '),
        ),
    ),
  ]
}

/** Engagements per day as an inline SVG bar chart (no script, prints and converts to PDF as is). */
function engagementBars(report: EngagementAnalytics): SafeHtml {
  const width = 720
  const height = 160
  const points = report.series
  const max = Math.max(
    1,
    ...points.map((p) => p.engagements),
    ...report.previous_series.map((p) => p.engagements),
  )
  const step = width / Math.max(1, points.length)
  const bar = Math.max(1, step * 0.6)
  const bars = points.map((p, i) => {
    const h = (p.engagements / max) * (height - 20)
    return html`<rect x="${(i * step + (step - bar) / 2).toFixed(1)}" y="${(height - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="#4c6ef5"><title>${p.day}: ${p.engagements} engagements</title></rect>`
  })
  const previous = report.previous_series
    .map(
      (p, i) =>
        `${(i * step + step / 2).toFixed(1)},${(height - (p.engagements / max) * (height - 20)).toFixed(1)}`,
    )
    .join(' ')
  return html`<svg role="img" aria-label="Engagements by day of publishing" viewBox="0 0 ${width} ${height}" width="100%" height="${height}">
    ${bars}
    <polyline points="${previous}" fill="none" stroke="#868e96" stroke-dasharray="4 3" stroke-width="1.5"/>
  </svg>
  <p class="note">Bars: engagements of the posts published each day (${points[0]?.day ?? ''} to ${points.at(-1)?.day ?? ''}). Dashed line: the previous period. Most: ${max.toLocaleString('en-US')}.</p>`
}

/**
 * The printable report: workspace name, period, totals against the previous period, the daily
 * chart, top posts and follower growth. Server-rendered; every value from users or networks is
 * escaped by `html`.
 */
export function attentionReportHtml(
  report: EngagementAnalytics,
  workspace: { name: string },
  filterText: string,
): string {
  const period = `${report.series[0]?.day ?? ''} – ${report.series.at(-1)?.day ?? ''}`
  const posts = report.top_posts.map(
    (post) => html`<tr>
      <td>${post.text}<br><span class="note">${NETWORK_NAMES[post.network]} @${post.handle} · ${isoDate(post.published_at).slice(0, 16).replace('T', ' ')} UTC${post.deleted ? ' · deleted' : ''}</span></td>
      <td class="num">${number(post.engagements)}</td>
      <td class="num">${post.engagement_rate ? `${percent(post.engagement_rate.value)} ÷ ${post.engagement_rate.basis}` : '—'}</td>
      ${(['impressions', 'likes', 'reposts', 'replies', 'quotes'] as const).map(
        (name) =>
          html`<td class="num">${post.metrics[name] === null ? (post.not_available.includes(name) ? 'n/a' : '—') : number(post.metrics[name])}</td>`,
      )}
    </tr>`,
  )
  const followers = report.followers.map(
    (c) =>
      html`<tr><td>${NETWORK_NAMES[c.network]} @${c.handle}</td><td class="num">${number(c.start)}</td><td class="num">${number(c.end)}</td><td class="num">${c.change === null ? '—' : `${c.change >= 0 ? '+' : ''}${c.change}`}</td><td class="note">${c.note ?? ''}</td></tr>`,
  )
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${workspace.name} — Attention report ${period}</title>
<style>
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #212529; margin: 32px auto; max-width: 900px; padding: 0 16px; }
  h1 { font-size: 22px; margin: 0; } h2 { font-size: 16px; margin: 28px 0 8px; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e9ecef; vertical-align: top; }
  .num { text-align: right; white-space: nowrap; } .note { color: #868e96; font-size: 12px; }
  header p { margin: 4px 0 0; color: #495057; }
  @media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
</style></head>
<body>
<header><h1>${workspace.name}: attention report</h1>
<p>${period} (${report.time_zone})${filterText ? ` · ${filterText}` : ''} · compared with the ${report.series.length} days before</p></header>
<h2>Totals</h2>
<table><thead><tr><th></th><th class="num">This period</th><th class="num">Previous period</th><th></th></tr></thead>
<tbody>${totalRows(report.totals, report.previous_totals)}</tbody></table>
<p class="note">${report.definition}</p>
<h2>Engagements by day</h2>
${engagementBars(report)}
<h2>Top posts</h2>
<table><thead><tr><th>Post</th><th class="num">Engagements</th><th class="num">Rate</th><th class="num">Impressions</th><th class="num">Likes</th><th class="num">Reposts</th><th class="num">Replies</th><th class="num">Quotes</th></tr></thead>
<tbody>${posts.length > 0 ? posts : html`<tr><td colspan="8">No post published in this period.</td></tr>`}</tbody></table>
<p class="note">n/a: the network does not offer this number.</p>
<h2>Followers</h2>
<table><thead><tr><th>Channel</th><th class="num">Start</th><th class="num">End</th><th class="num">Change</th><th></th></tr></thead>
<tbody>${followers}</tbody></table>
<p class="note">Made by Murmur.</p>
</body></html>`.text
}
