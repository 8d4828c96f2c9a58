import {
  type DigestPeriod,
  type DigestSchedule,
  digestPeriod,
  nextDigestAt,
  TIME_PATTERN,
} from '../core/digests/schedule.js'
import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { MailMessage } from '../email/mailer.js'
import { emailConfigured, enqueueEmail } from '../email/outbox.js'
import type { Murmur } from '../murmur.js'
import { html } from '../pages/html.js'
import type { DigestFrequency } from '../storage/tables/email.js'
import { isUniqueViolation } from '../storage/unique-violation.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import type { PeriodTotals } from './analytics.js'
import { attentionReportHtml } from './reports-attention.js'
import { buildAttentionReport } from './reports-build.js'
import { htmlToPdf } from './reports-pdf.js'
import { findWorkspace } from './workspaces.js'

/**
 * Scheduled attention digests: weekly or monthly, an email to chosen members and addresses with
 * the period's totals, links into Murmur and the attention report as PDF. The digest job
 * (src/jobs/digest-sender.ts) sends each period once; "send now" asks it for the last full
 * period at its next round.
 */
export const MAX_DIGEST_RECIPIENTS = 50
const TOP_POSTS_IN_EMAIL = 3
const REPORT_TOP_POSTS = 50

export interface DigestSettingsView {
  enabled: boolean
  frequency: DigestFrequency
  day: number
  time: string
  time_zone: string
  member_ids: string[]
  addresses: string[]
  next_due_at: number | null
  send_requested_at: number | null
  last_sent_at: number | null
  last_error: string | null
  /** Whether this workspace has a mail server; without one nothing is sent. */
  email_configured: boolean
}

export interface DigestSettingsInput {
  enabled: boolean
  frequency: DigestFrequency
  day: number
  time: string
  member_ids: string[]
  addresses: string[]
}

const DEFAULTS = {
  enabled: 0,
  frequency: 'weekly' as DigestFrequency,
  day: 1,
  time: '09:00',
  member_ids: '[]',
  addresses: '[]',
  next_due_at: null,
  send_requested_at: null,
  last_sent_at: null,
  last_error: null,
}

const num = (value: number | null) => (value === null ? null : Number(value))

async function workspaceOf(murmur: Murmur, scope: WorkspaceScope) {
  const workspace = await findWorkspace(murmur, scope.workspaceId)
  if (!workspace) throw notFound('Workspace')
  return workspace
}

export async function getDigestSettings(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<DigestSettingsView> {
  const workspace = await workspaceOf(murmur, scope)
  const row = (await scope.selectFrom('digest_settings').selectAll().executeTakeFirst()) ?? DEFAULTS
  return {
    enabled: Number(row.enabled) === 1,
    frequency: row.frequency,
    day: Number(row.day),
    time: row.time,
    time_zone: workspace.time_zone,
    member_ids: JSON.parse(row.member_ids) as string[],
    addresses: JSON.parse(row.addresses) as string[],
    next_due_at: num(row.next_due_at),
    send_requested_at: num(row.send_requested_at),
    last_sent_at: num(row.last_sent_at),
    last_error: row.last_error,
    email_configured: await emailConfigured(murmur, scope),
  }
}

function checkSchedule(input: DigestSettingsInput): void {
  const max = input.frequency === 'weekly' ? 7 : 28
  if (!Number.isInteger(input.day) || input.day < 1 || input.day > max) {
    throw invalid(
      input.frequency === 'weekly'
        ? 'For a weekly digest, day is the weekday: 1 (Monday) to 7 (Sunday).'
        : 'For a monthly digest, day is the day of the month: 1 to 28 (every month has it).',
      [{ path: 'day', message: `1 to ${max}` }],
    )
  }
  if (!TIME_PATTERN.test(input.time)) {
    throw invalid('The time is HH:MM, 24-hour, in the workspace’s time zone (e.g. 09:00).', [
      { path: 'time', message: 'HH:MM' },
    ])
  }
  const count = new Set(input.member_ids).size + new Set(input.addresses).size
  if (count > MAX_DIGEST_RECIPIENTS) {
    throw invalid(`A digest goes to at most ${MAX_DIGEST_RECIPIENTS} recipients.`)
  }
  if (input.enabled && count === 0) {
    throw invalid('Choose at least one member or address to send the digest to.', [
      { path: 'member_ids', message: 'No recipient' },
    ])
  }
}

export async function updateDigestSettings(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: DigestSettingsInput,
  userId: string | null,
): Promise<DigestSettingsView> {
  checkSchedule(input)
  const memberIds = [...new Set(input.member_ids)]
  if (memberIds.length > 0) {
    const found = await scope
      .selectFrom('members')
      .select('user_id')
      .where('user_id', 'in', memberIds)
      .execute()
    const missing = memberIds.filter((id) => !found.some((row) => row.user_id === id))
    if (missing.length > 0) {
      throw invalid('Some recipients are not members of this workspace.', [
        { path: 'member_ids', message: `Not a member: ${missing.join(', ')}` },
      ])
    }
  }
  const addresses = [...new Set(input.addresses.map((a) => a.trim().toLowerCase()))]
  const workspace = await workspaceOf(murmur, scope)
  const now = murmur.now()
  const values = {
    enabled: input.enabled ? 1 : 0,
    frequency: input.frequency,
    day: input.day,
    time: input.time,
    member_ids: JSON.stringify(memberIds),
    addresses: JSON.stringify(addresses),
    next_due_at: input.enabled ? nextDigestAt(input, workspace.time_zone, now) : null,
    updated_by: userId,
    updated_at: now,
  }
  const updated = await scope.updateTable('digest_settings').set(values).executeTakeFirst()
  if (Number(updated.numUpdatedRows) === 0) {
    await scope
      .insertInto('digest_settings', {
        ...values,
        send_requested_at: null,
        lease_owner: null,
        lease_expires_at: null,
        last_sent_at: null,
        last_error: null,
      })
      .execute()
  }
  return getDigestSettings(murmur, scope)
}

/** "Send now": the digest job sends the last full period at its next round (a few seconds). */
export async function requestDigestNow(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<DigestSettingsView> {
  const settings = await getDigestSettings(murmur, scope)
  if (!settings.email_configured) {
    throw conflict(
      'No mail server: set SMTP_URL for the instance, or this workspace’s own server in Settings → Email.',
    )
  }
  if (settings.member_ids.length + settings.addresses.length === 0) {
    throw conflict('Choose who receives the digest first (members or addresses), then save.')
  }
  await scope
    .updateTable('digest_settings')
    .set({ send_requested_at: murmur.now() })
    .where('send_requested_at', 'is', null)
    .execute()
  return getDigestSettings(murmur, scope)
}

/** The addresses a digest goes to: current members' emails and the other addresses. */
export async function digestRecipients(
  scope: WorkspaceScope,
  settings: Pick<DigestSettingsView, 'member_ids' | 'addresses'>,
): Promise<string[]> {
  const members =
    settings.member_ids.length === 0
      ? []
      : await scope
          .selectFrom('members')
          .innerJoin('users', 'users.id', 'members.user_id')
          .select('users.email')
          .where('members.user_id', 'in', settings.member_ids)
          .execute()
  return [...new Set([...members.map((m) => m.email.toLowerCase()), ...settings.addresses])]
}

const count = (value: number | null) => (value === null ? '—' : value.toLocaleString('en-US'))
function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? 'same as before' : 'new this period'
  const percent = Math.round(((now - before) / before) * 100)
  return `${percent >= 0 ? '+' : ''}${percent}% on the period before`
}
const rate = (totals: PeriodTotals) => {
  const value = totals.engagement_rate.by_impressions?.value
  return value === undefined || value === null ? null : `${(value * 100).toFixed(2)}%`
}

/** The digest email of a period: a short summary, links into Murmur, the report as PDF. */
export async function buildDigestEmail(
  murmur: Murmur,
  scope: WorkspaceScope,
  period: Pick<DigestPeriod, 'from' | 'to' | 'firstDay' | 'lastDay'>,
  recipients: string[],
): Promise<MailMessage> {
  const built = await buildAttentionReport(murmur, scope, {
    from: period.from,
    to: period.to,
    limit: REPORT_TOP_POSTS,
  })
  const { report, workspace } = built
  const pdf = await htmlToPdf(attentionReportHtml(report, workspace, ''))
  const base = `${murmur.config.publicUrl}/w/${scope.workspaceId}`
  const analyticsUrl = `${base}/analytics`
  const settingsUrl = `${base}/analytics#digest`
  const range = `${period.firstDay} – ${period.lastDay}`
  const totals = report.totals
  const previous = report.previous_totals
  const top = report.top_posts.slice(0, TOP_POSTS_IN_EMAIL)
  const lines = [
    ['Posts', count(totals.posts), change(totals.posts, previous.posts)],
    ['Engagements', count(totals.engagements), change(totals.engagements, previous.engagements)],
    ['Likes', count(totals.metrics.likes.value), ''],
    ['Reposts', count(totals.metrics.reposts.value), ''],
    ['Replies', count(totals.metrics.replies.value), ''],
    ...(rate(totals) ? [['Engagement rate (÷ impressions)', rate(totals) ?? '', '']] : []),
  ] as Array<[string, string, string]>
  const excerpt = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text)
  const text = [
    `${workspace.name}: attention digest for ${range} (${workspace.time_zone})`,
    '',
    ...lines.map(([label, value, note]) => `${label}: ${value}${note ? ` (${note})` : ''}`),
    '',
    ...(top.length > 0
      ? [
          'Top posts:',
          ...top.map(
            (post, i) =>
              `${i + 1}. ${excerpt(post.text.replace(/\s+/g, ' '))} (${count(post.engagements)} engagements, @${post.handle})`,
          ),
          '',
        ]
      : ['No post was published in this period.', '']),
    `Open the numbers in Murmur: ${analyticsUrl}`,
    `The full report is attached as PDF.`,
    '',
    `You receive this because you are on the digest list of ${workspace.name}. Change it: ${settingsUrl}`,
  ].join('\n')
  const body =
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${workspace.name}: attention digest</title></head>
<body style="font:14px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#212529;max-width:600px;margin:0 auto;padding:16px">
<h1 style="font-size:18px;margin:0 0 4px">${workspace.name}: attention digest</h1>
<p style="margin:0 0 16px;color:#495057">${range} (${workspace.time_zone})</p>
<table style="border-collapse:collapse;width:100%">${lines.map(
      ([label, value, note]) =>
        html`<tr><th scope="row" style="text-align:left;padding:4px 8px;border-bottom:1px solid #e9ecef">${label}</th><td style="text-align:right;padding:4px 8px;border-bottom:1px solid #e9ecef">${value}</td><td style="padding:4px 8px;border-bottom:1px solid #e9ecef;color:#868e96;font-size:12px">${note}</td></tr>`,
    )}</table>
${
  top.length > 0
    ? html`<h2 style="font-size:15px;margin:20px 0 6px">Top posts</h2><ol style="padding-left:20px;margin:0">${top.map(
        (post) =>
          html`<li style="margin-bottom:6px">${excerpt(post.text)}<br><span style="color:#868e96;font-size:12px">${count(post.engagements)} engagements · @${post.handle}</span></li>`,
      )}</ol>`
    : html`<p>No post was published in this period.</p>`
}
<p style="margin:20px 0"><a href="${analyticsUrl}" style="background:#4c6ef5;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">Open analytics in Murmur</a></p>
<p style="color:#495057">The full report is attached as PDF.</p>
<p style="color:#868e96;font-size:12px">You receive this because you are on the digest list of ${workspace.name}. <a href="${settingsUrl}">Change who receives it</a>.</p>
</body></html>`.text
  return {
    to: recipients,
    subject: `${workspace.name}: attention digest ${range}`,
    text,
    html: body,
    attachments: [
      {
        filename: `${built.fileStem}.pdf`,
        contentType: 'application/pdf',
        content: pdf,
      },
    ],
  }
}

/**
 * Makes and queues the digest of one period, once: the run row (unique per workspace and period
 * key) and the email are written in one transaction. Returns the outbox id, or null when that
 * period was already sent.
 */
export async function sendDigest(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: { period: DigestPeriod; trigger: 'schedule' | 'manual'; recipients: string[] },
): Promise<string | null> {
  const { period, trigger } = input
  const key = trigger === 'manual' ? `manual:${newId('dgr', murmur.now())}` : period.key
  if (trigger === 'schedule') {
    const done = await scope
      .selectFrom('digest_runs')
      .select('id')
      .where('period_key', '=', key)
      .executeTakeFirst()
    if (done) return null
  }
  const message = await buildDigestEmail(murmur, scope, period, input.recipients)
  try {
    return await scope.transaction(async (trx) => {
      const outboxId = await enqueueEmail(murmur, trx, 'digest', message)
      await trx
        .insertInto('digest_runs', {
          id: newId('dgr', murmur.now()),
          period_key: key,
          period_from: period.from,
          period_to: period.to,
          trigger,
          outbox_id: outboxId,
          created_at: murmur.now(),
        })
        .execute()
      return outboxId
    })
  } catch (error) {
    if (isUniqueViolation(error)) return null
    throw error
  }
}

/** The schedule of the stored settings (for the job). */
export const scheduleOf = (settings: Pick<DigestSettingsView, 'frequency' | 'day' | 'time'>) =>
  ({
    frequency: settings.frequency,
    day: settings.day,
    time: settings.time,
  }) satisfies DigestSchedule

export { digestPeriod, nextDigestAt }
