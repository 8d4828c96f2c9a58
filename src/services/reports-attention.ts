import { NETWORK_NAMES } from '../networks/spec/index.js'
import { csvRows } from '../pages/attendees-csv.js'
import { html, type SafeHtml } from '../pages/html.js'
import type { EngagementAnalytics, PeriodTotals, TopPost } from './analytics.js'
import type { AttentionOutcomes } from './analytics-outcomes.js'

/** Tables of the Attention report that can be downloaded as CSV. */
export const REPORT_TABLES = ['posts', 'days', 'followers', 'weeks', 'traffic'] as const
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
  if (table === 'traffic') {
    return csvRows(
      [
        'Day',
        'Clicks',
        'Unique clicks',
        'Leads',
        'Sales',
        'Shares (word of mouth)',
        'Earned visits',
      ],
      report.outcomes.series.map((d) => [
        d.day,
        d.clicks,
        d.unique_clicks,
        d.leads,
        d.sales,
        d.shares,
        d.earned_visits,
      ]),
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

/** A daily number as an inline SVG bar chart, the previous period dashed (no script; prints as is). */
function dailyBars(
  current: Array<{ day: string; value: number }>,
  previous: number[],
  labels: { what: string; aria: string; color: string },
): SafeHtml {
  const width = 720
  const height = 160
  const max = Math.max(1, ...current.map((p) => p.value), ...previous)
  const step = width / Math.max(1, current.length)
  const bar = Math.max(1, step * 0.6)
  const bars = current.map((p, i) => {
    const h = (p.value / max) * (height - 20)
    return html`<rect x="${(i * step + (step - bar) / 2).toFixed(1)}" y="${(height - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${labels.color}"><title>${p.day}: ${p.value} ${labels.what}</title></rect>`
  })
  const line = previous
    .map(
      (value, i) =>
        `${(i * step + step / 2).toFixed(1)},${(height - (value / max) * (height - 20)).toFixed(1)}`,
    )
    .join(' ')
  return html`<svg role="img" aria-label="${labels.aria}" viewBox="0 0 ${width} ${height}" width="100%" height="${height}">
    ${bars}
    <polyline points="${line}" fill="none" stroke="#868e96" stroke-dasharray="4 3" stroke-width="1.5"/>
  </svg>
  <p class="note">Bars: ${labels.what} each day (${current[0]?.day ?? ''} to ${current.at(-1)?.day ?? ''}). Dashed line: the previous period. Most: ${max.toLocaleString('en-US')}.</p>`
}

const engagementBars = (report: EngagementAnalytics) =>
  dailyBars(
    report.series.map((p) => ({ day: p.day, value: p.engagements })),
    report.previous_series.map((p) => p.engagements),
    {
      what: 'engagements of the posts published',
      aria: 'Engagements by day of publishing',
      color: '#4c6ef5',
    },
  )

/** Revenue per currency in words: "EUR 124.50 + USD 10.00"; "—" for none. */
export function revenueText(revenue: Record<string, number>): string {
  const parts = Object.entries(revenue)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => {
      try {
        return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(minor / 100)
      } catch {
        return `${currency} ${(minor / 100).toFixed(2)}`
      }
    })
  return parts.length === 0 ? '—' : parts.join(' + ')
}

/** Whether the period or the one before has any traffic, conversion or share to show. */
export function hasOutcomes(outcomes: AttentionOutcomes): boolean {
  const any = (t: AttentionOutcomes['traffic'], w: AttentionOutcomes['word_of_mouth']) =>
    t.clicks + t.leads + t.sales + w.shares + w.earned_visits > 0
  return (
    any(outcomes.traffic, outcomes.word_of_mouth) ||
    any(outcomes.previous_traffic, outcomes.previous_word_of_mouth)
  )
}

/** The traffic, conversions and word-of-mouth section; nothing when there is none in either period. */
function outcomesSection(outcomes: AttentionOutcomes): SafeHtml {
  if (!hasOutcomes(outcomes)) return html``
  const t = outcomes.traffic
  const pt = outcomes.previous_traffic
  const w = outcomes.word_of_mouth
  const pw = outcomes.previous_word_of_mouth
  const row = (label: string, now: string, before: string, note = '') =>
    html`<tr><th scope="row">${label}</th><td class="num">${now}</td><td class="num">${before}</td><td class="note">${note}</td></tr>`
  const deepest = (g: number[]) => (g.length === 0 ? '—' : `${g.length}`)
  return html`<h2>Traffic and conversions</h2>
<table><thead><tr><th></th><th class="num">This period</th><th class="num">Previous period</th><th></th></tr></thead>
<tbody>
${row('Clicks', number(t.clicks), number(pt.clicks), 'people on your tracked links, bots left out')}
${row('Unique clicks', number(t.unique_clicks), number(pt.unique_clicks), 'a visitor counts once per link and hour')}
${row('Leads', number(t.leads), number(pt.leads))}
${row('Sales', number(t.sales), number(pt.sales))}
${row('Revenue', revenueText(t.revenue), revenueText(pt.revenue))}
</tbody></table>
<p class="note">Links: ${outcomes.links_in_scope}. ${outcomes.attribution}</p>
${dailyBars(
  outcomes.series.map((d) => ({ day: d.day, value: d.clicks })),
  outcomes.previous_series.map((d) => d.clicks),
  { what: 'clicks', aria: 'Clicks by day', color: '#12b886' },
)}
<h2>Word of mouth</h2>
<table><thead><tr><th></th><th class="num">This period</th><th class="num">Previous period</th><th></th></tr></thead>
<tbody>
${row('Shares', number(w.shares), number(pw.shares), `people who passed it on${w.network_reshares > 0 ? `, ${w.network_reshares} of them as reposts on a network` : ''}`)}
${row('Earned visits', number(w.earned_visits), number(pw.earned_visits), 'clicks through other people’s share links')}
${row('Generations deep', deepest(w.generations), deepest(pw.generations), w.generations.length > 0 ? `shares per generation: ${w.generations.join(', ')}` : '')}
${row('Cascades', number(w.cascades), number(pw.cascades), 'posts, links or campaigns passed on')}
</tbody></table>`
}

/**
 * The printable report: workspace name, period, totals against the previous period, the daily
 * chart, top posts and follower growth. Server-rendered; every value from users or networks is
 * escaped by `html`.
 */
export function attentionReportHtml(
  report: EngagementAnalytics,
  workspace: { name: string; logo?: string | null | undefined },
  filterText: string,
): string {
  // Only a PNG that Murmur re-encoded itself (reportLogo) is shown; anything else is left out.
  const logo =
    workspace.logo && /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/.test(workspace.logo)
      ? html`<img class="logo" src="${workspace.logo}" alt="${workspace.name} logo">`
      : html``
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
  header .logo { display: block; max-width: 240px; max-height: 80px; margin: 0 0 12px; }
  @media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
</style></head>
<body>
<header>${logo}<h1>${workspace.name}: attention report</h1>
<p>${period} (${report.time_zone})${filterText ? ` · ${filterText}` : ''} · compared with the ${report.series.length} days before</p></header>
<h2>Totals</h2>
<table><thead><tr><th></th><th class="num">This period</th><th class="num">Previous period</th><th></th></tr></thead>
<tbody>${totalRows(report.totals, report.previous_totals)}</tbody></table>
<p class="note">${report.definition}</p>
<h2>Engagements by day</h2>
${engagementBars(report)}
${outcomesSection(report.outcomes)}
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
