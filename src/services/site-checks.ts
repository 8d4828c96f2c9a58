import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import { isSafeFetchError, parseFetchableUrl } from '../net/safe-fetch/index.js'
import { compareRuns, type Finding, siteCheckDefaults } from '../seo/index.js'
import type { SiteCheckStatus, SiteChecksTable } from '../storage/tables/site-checks.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { fieldsOf, pageRow } from './pages.js'
import { type StoredSiteCheckReport, startSiteCheckRun } from './site-check-runner.js'

/** A run still "running" this long after its last progress was orphaned by a stopped process. */
export const ORPHANED_AFTER_MS = siteCheckDefaults.timeLimitMs + 3 * 60_000
const ORPHANED_FAILURE = 'Murmur stopped while this check was running; run it again.'

export interface SiteCheckSummary {
  id: string
  siteUrl: string
  homeUrl: string | null
  status: SiteCheckStatus
  maxPages: number
  pagesDone: number
  pagesTotal: number
  score: number | null
  counts: { error: number; warning: number; info: number }
  pagesChecked: number
  notChecked: number
  failure: string | null
  startedBy: string | null
  createdAt: number
  finishedAt: number | null
}

/** A finding with whether the previous finished run of the same site had it too. */
export type ComparedFinding = Finding & { isNew: boolean }

export interface SiteCheckDetail extends SiteCheckSummary {
  pages: StoredSiteCheckReport['pages']
  findings: ComparedFinding[]
  /** The last finished run of the same site before this one, and what changed since. */
  comparison: {
    previousId: string
    previousScore: number | null
    added: number
    fixed: Finding[]
  } | null
}

type Row = Omit<SiteChecksTable, 'workspace_id'>

function summaryOf(row: Row, now: number): SiteCheckSummary {
  const orphaned = row.status === 'running' && now - row.updated_at > ORPHANED_AFTER_MS
  return {
    id: row.id,
    siteUrl: row.site_url,
    homeUrl: row.home_url,
    status: orphaned ? 'failed' : row.status,
    maxPages: row.max_pages,
    pagesDone: row.pages_done,
    pagesTotal: row.pages_total,
    score: row.score,
    counts: { error: row.error_count, warning: row.warning_count, info: row.info_count },
    pagesChecked: row.pages_checked,
    notChecked: row.not_checked,
    failure: orphaned ? ORPHANED_FAILURE : row.failure,
    startedBy: row.started_by,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }
}

function readReport(text: string | null): StoredSiteCheckReport {
  if (!text) return { startedAt: '', pages: [], findings: [] }
  try {
    return JSON.parse(text) as StoredSiteCheckReport
  } catch {
    return { startedAt: '', pages: [], findings: [] }
  }
}

/** The address to check: the one given, else the website on the home page's contact details. */
async function siteToCheck(scope: WorkspaceScope, given: string | undefined): Promise<string> {
  const address = given?.trim() || fieldsOf(await pageRow(scope)).contact.website
  if (!address)
    throw invalid(
      'url: Enter your website’s address (or save it as the website in Pages › Home page).',
      [{ path: 'url', message: 'Required' }],
    )
  const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(address) ? address : `https://${address}`
  try {
    const url = parseFetchableUrl(withScheme)
    url.hash = ''
    return url.href
  } catch (error) {
    const reason = isSafeFetchError(error) ? error.message : 'not a web address'
    throw invalid(`url: ${reason}. Enter an address like https://cornerbakery.example.`, [
      { path: 'url', message: reason },
    ])
  }
}

/**
 * Starts a check of the workspace's website in the background and returns the running run. One
 * run at a time per workspace: a second start while one runs is a conflict naming it.
 */
export async function startSiteCheck(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: { url?: string | undefined; max_pages?: number | undefined },
  actorId: string | null,
): Promise<SiteCheckSummary> {
  const siteUrl = await siteToCheck(scope, input.url)
  const now = murmur.now()
  const maxPages = input.max_pages ?? siteCheckDefaults.maxPages
  const id = newId('sck', now)
  const started = await scope.transaction(async (trx) => {
    const active = await trx
      .selectFrom('site_checks')
      .select(['id', 'updated_at'])
      .where('status', '=', 'running')
      .where('updated_at', '>', now - ORPHANED_AFTER_MS)
      .executeTakeFirst()
    if (active)
      throw conflict('A site check is already running; wait for it to finish.', {
        site_check_id: active.id,
      })
    // Runs orphaned by a stopped process end here, so they never look busy again.
    await trx
      .updateTable('site_checks')
      .where('status', '=', 'running')
      .set({ status: 'failed', failure: ORPHANED_FAILURE, finished_at: now })
      .execute()
    const row: Row = {
      id,
      site_url: siteUrl,
      home_url: null,
      status: 'running',
      max_pages: maxPages,
      pages_done: 0,
      pages_total: 1,
      score: null,
      error_count: 0,
      warning_count: 0,
      info_count: 0,
      pages_checked: 0,
      not_checked: 0,
      failure: null,
      report: null,
      started_by: actorId,
      created_at: now,
      updated_at: now,
      finished_at: null,
    }
    await trx.insertInto('site_checks', row).execute()
    return row
  })
  startSiteCheckRun(murmur, scope.workspaceId, { id, siteUrl, maxPages })
  return summaryOf(started, now)
}

/** Runs, newest first, without their findings: the history and the score chart. */
export async function listSiteChecks(
  murmur: Murmur,
  scope: WorkspaceScope,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ data: SiteCheckSummary[]; nextCursor: string | null }> {
  let query = scope
    .selectFrom('site_checks')
    .select([
      'id',
      'site_url',
      'home_url',
      'status',
      'max_pages',
      'pages_done',
      'pages_total',
      'score',
      'error_count',
      'warning_count',
      'info_count',
      'pages_checked',
      'not_checked',
      'failure',
      'started_by',
      'created_at',
      'updated_at',
      'finished_at',
    ])
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
  if (page.cursor) query = query.where('id', '<', page.cursor)
  const rows = await query.execute()
  const now = murmur.now()
  const data = rows.slice(0, page.limit).map((row) => summaryOf({ ...row, report: null }, now))
  return { data, nextCursor: rows.length > page.limit ? (data.at(-1)?.id ?? null) : null }
}

/** One run with its pages and ranked findings, compared with the previous finished run of the site. */
export async function getSiteCheck(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
): Promise<SiteCheckDetail> {
  const row = await scope
    .selectFrom('site_checks')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('Site check')
  const summary = summaryOf(row, murmur.now())
  const report = readReport(row.report)
  const previous =
    row.status === 'done'
      ? await scope
          .selectFrom('site_checks')
          .select(['id', 'score', 'report'])
          .where('status', '=', 'done')
          .where('site_url', '=', row.site_url)
          .where('id', '<', row.id)
          .orderBy('id', 'desc')
          .executeTakeFirst()
      : undefined
  if (!previous)
    return {
      ...summary,
      pages: report.pages,
      findings: report.findings.map((item) => ({ ...item, isNew: false })),
      comparison: null,
    }
  const changes = compareRuns(readReport(previous.report).findings, report.findings)
  const added = new Set(changes.added)
  return {
    ...summary,
    pages: report.pages,
    findings: report.findings.map((item) => ({ ...item, isNew: added.has(item) })),
    comparison: {
      previousId: previous.id,
      previousScore: previous.score,
      added: changes.added.length,
      fixed: changes.fixed,
    },
  }
}

/** Deletes one run (not a running one: it would come back when it finishes). */
export async function deleteSiteCheck(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
): Promise<void> {
  const check = await getSiteCheck(murmur, scope, id)
  if (check.status === 'running')
    throw conflict('This site check is still running; delete it once it has finished.')
  await scope.deleteFrom('site_checks').where('id', '=', id).execute()
}
