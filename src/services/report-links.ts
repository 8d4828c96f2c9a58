import { randomBytes } from 'node:crypto'
import { invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import { hashToken } from '../security/tokens.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { attentionReportHtml } from './reports-attention.js'
import { buildAttentionReport } from './reports-build.js'

/**
 * Shareable read-only report links: a public address showing the attention report of a fixed
 * period to someone without an account (a client, a partner). The token is 32 random bytes;
 * only its SHA-256 is stored, so the database alone cannot give a working link. A link can
 * expire and be revoked; a revoked, expired or altered link is a plain 404.
 */
export const REPORT_LINK_MAX_DAYS = 365
const DAY = 86_400_000
const REPORT_TOP_POSTS = 50

export interface ReportLinkView {
  id: string
  label: string | null
  period_from: number
  period_to: number
  created_at: number
  expires_at: number | null
  revoked_at: number | null
  views: number
  last_viewed_at: number | null
  /** active, expired or revoked, as of now. */
  state: 'active' | 'expired' | 'revoked'
}

const COLUMNS = [
  'id',
  'label',
  'period_from',
  'period_to',
  'created_at',
  'expires_at',
  'revoked_at',
  'views',
  'last_viewed_at',
] as const

const num = (value: number | null) => (value === null ? null : Number(value))

function view(row: Omit<ReportLinkView, 'state'>, now: number): ReportLinkView {
  const expiresAt = num(row.expires_at)
  const revokedAt = num(row.revoked_at)
  return {
    ...row,
    period_from: Number(row.period_from),
    period_to: Number(row.period_to),
    created_at: Number(row.created_at),
    expires_at: expiresAt,
    revoked_at: revokedAt,
    views: Number(row.views),
    last_viewed_at: num(row.last_viewed_at),
    state:
      revokedAt !== null
        ? 'revoked'
        : expiresAt !== null && expiresAt <= now
          ? 'expired'
          : 'active',
  }
}

export function reportLinkUrl(murmur: Murmur, token: string): string {
  return `${murmur.config.publicUrl}/shared/report/${token}`
}

export async function createReportLink(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: {
    from: number
    to: number
    label?: string | null | undefined
    expiresInDays?: number | null | undefined
  },
  createdBy: string | null,
): Promise<{ link: ReportLinkView; url: string }> {
  const days = input.expiresInDays ?? null
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > REPORT_LINK_MAX_DAYS)) {
    throw invalid(`A report link lasts 1 to ${REPORT_LINK_MAX_DAYS} days, or has no end (null).`, [
      { path: 'expires_in_days', message: 'Out of range' },
    ])
  }
  const now = murmur.now()
  const token = randomBytes(32).toString('base64url')
  const row = {
    id: newId('rpl', now),
    token_hash: hashToken(token),
    label: input.label?.trim() || null,
    period_from: input.from,
    period_to: input.to,
    created_by: createdBy,
    created_at: now,
    expires_at: days === null ? null : now + days * DAY,
    revoked_at: null,
    views: 0,
    last_viewed_at: null,
  }
  await scope.insertInto('report_links', row).execute()
  return { link: view(row, now), url: reportLinkUrl(murmur, token) }
}

export async function listReportLinks(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<ReportLinkView[]> {
  const rows = await scope
    .selectFrom('report_links')
    .select([...COLUMNS])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  const now = murmur.now()
  return rows.map((row) => view(row, now))
}

export async function revokeReportLink(
  murmur: Murmur,
  scope: WorkspaceScope,
  linkId: string,
): Promise<ReportLinkView> {
  const now = murmur.now()
  await scope
    .updateTable('report_links')
    .set({ revoked_at: now })
    .where('id', '=', linkId)
    .where('revoked_at', 'is', null)
    .execute()
  const row = await scope
    .selectFrom('report_links')
    .select([...COLUMNS])
    .where('id', '=', linkId)
    .executeTakeFirst()
  if (!row) throw notFound('Report link')
  return view(row, now)
}

/**
 * The printable report behind a public token, or null when the token is unknown (mistyped or
 * altered), revoked or expired. Counts the view.
 */
export async function openReportLink(murmur: Murmur, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const now = murmur.now()
  const link = await murmur.db
    .selectFrom('report_links')
    .select(['workspace_id', 'id', 'period_from', 'period_to', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst()
  if (!link || link.revoked_at !== null) return null
  if (link.expires_at !== null && Number(link.expires_at) <= now) return null
  const scope = new WorkspaceScope(murmur.db, link.workspace_id)
  const { report, workspace, filterText } = await buildAttentionReport(murmur, scope, {
    from: Number(link.period_from),
    to: Number(link.period_to),
    limit: REPORT_TOP_POSTS,
  })
  await scope
    .updateTable('report_links')
    .set((eb) => ({ views: eb('views', '+', 1), last_viewed_at: now }))
    .where('id', '=', link.id)
    .execute()
  return attentionReportHtml(report, workspace, filterText)
}
