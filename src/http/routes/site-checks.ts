import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { type Finding, seoRules } from '../../seo/index.js'
import {
  deleteSiteCheck,
  getSiteCheck,
  listSiteChecks,
  type SiteCheckDetail,
  type SiteCheckSummary,
  startSiteCheck,
} from '../../services/site-checks.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import {
  errorResponses,
  iso,
  isoOrNull,
  json,
  jsonBody,
  listOf,
  PageQuery,
  WorkspaceParams,
} from '../schemas.js'

const Severity = z.enum(['error', 'warning', 'info'])

const SiteCheckSchema = z
  .object({
    id: z.string().openapi({ example: 'sck_01jb3k8x4r2m5n7p9q0s' }),
    site_url: z.string().openapi({ example: 'https://cornerbakery.example/' }),
    home_url: z.string().nullable(),
    status: z.enum(['running', 'done', 'failed']),
    max_pages: z.number().int(),
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
    score: z.number().int().nullable().openapi({ example: 86 }),
    counts: z.object({
      error: z.number().int(),
      warning: z.number().int(),
      info: z.number().int(),
    }),
    pages_checked: z.number().int(),
    not_checked: z.number().int(),
    failure: z.string().nullable(),
    started_by: z.string().nullable(),
    created_at: z.string(),
    finished_at: z.string().nullable(),
  })
  .openapi('SiteCheck')

const FindingSchema = z
  .object({
    rule_id: z.string().openapi({ example: 'broken-link' }),
    severity: Severity,
    page_url: z.string(),
    message: z.string(),
    why: z.string(),
    fix: z.string(),
    subject: z.string().nullable(),
    is_new: z.boolean(),
  })
  .openapi('SiteCheckFinding')

const SiteCheckDetailSchema = SiteCheckSchema.extend({
  pages: z.array(
    z.object({
      url: z.string(),
      status: z.number().int(),
      title: z.string().nullable(),
      bytes: z.number().int(),
      first_byte_ms: z.number().nullable(),
      findings: z.number().int(),
    }),
  ),
  findings: z.array(FindingSchema),
  comparison: z
    .object({
      previous_id: z.string(),
      previous_score: z.number().int().nullable(),
      added: z.number().int(),
      fixed: z.array(FindingSchema.omit({ is_new: true })),
    })
    .nullable(),
}).openapi('SiteCheckDetail')

const StartSiteCheckBody = z
  .strictObject({
    url: z.string().trim().max(2000).optional(),
    max_pages: z.number().int().min(0).max(500).optional(),
  })
  .openapi('StartSiteCheck', { example: { url: 'https://cornerbakery.example', max_pages: 50 } })

const SiteCheckParams = WorkspaceParams.extend({
  site_check_id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'site_check_id', in: 'path' }, example: 'sck_01jb3k8x4r2m5n7p9q0s' }),
})

const presentSummary = (check: SiteCheckSummary) => ({
  id: check.id,
  site_url: check.siteUrl,
  home_url: check.homeUrl,
  status: check.status,
  max_pages: check.maxPages,
  progress: { done: check.pagesDone, total: Math.max(check.pagesDone, check.pagesTotal) },
  score: check.score,
  counts: check.counts,
  pages_checked: check.pagesChecked,
  not_checked: check.notChecked,
  failure: check.failure,
  started_by: check.startedBy,
  created_at: iso(check.createdAt),
  finished_at: isoOrNull(check.finishedAt),
})

const presentFinding = (item: Finding) => ({
  rule_id: item.ruleId,
  severity: item.severity,
  page_url: item.pageUrl,
  message: item.message,
  why: item.why,
  fix: item.fix,
  subject: item.subject ?? null,
})

const presentDetail = (check: SiteCheckDetail) => ({
  ...presentSummary(check),
  pages: check.pages.map((page) => ({
    url: page.url,
    status: page.status,
    title: page.title,
    bytes: page.bytes,
    first_byte_ms: page.firstByteMs,
    findings: page.findings,
  })),
  findings: check.findings.map((item) => ({ ...presentFinding(item), is_new: item.isNew })),
  comparison: check.comparison && {
    previous_id: check.comparison.previousId,
    previous_score: check.comparison.previousScore,
    added: check.comparison.added,
    fixed: check.comparison.fixed.map(presentFinding),
  },
})

const actorOf = (auth: AppEnv['Variables']['auth']) =>
  auth?.kind === 'session' ? auth.user.id : null

/** Site checks of the workspace's website: start one, follow it, read its findings and history. */
export function siteCheckRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}/site-checks'

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags: ['Site checks'],
      summary:
        'Start a site check (editor): runs in the background; poll the run for progress. Without url, the website saved on the home page. 409 while another runs',
      request: { params: WorkspaceParams, body: jsonBody(StartSiteCheckBody) },
      responses: { 202: json(SiteCheckSchema, 'Started'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const check = await startSiteCheck(
        c.var.murmur,
        access.scope,
        c.req.valid('json'),
        actorOf(c.var.auth),
      )
      return c.json(presentSummary(check), 202)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags: ['Site checks'],
      summary: 'Runs, newest first, with their scores and counts (no findings)',
      request: { params: WorkspaceParams, query: PageQuery },
      responses: { 200: json(listOf(SiteCheckSchema, 'SiteCheckList'), 'Runs'), ...errorResponses },
    }),
    async (c) => {
      const page = await listSiteChecks(c.var.murmur, c.var.workspace.scope, c.req.valid('query'))
      return c.json({ data: page.data.map(presentSummary), next_cursor: page.nextCursor }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/site-check-rules',
      tags: ['Site checks'],
      summary: 'Every rule the check applies, with why it matters and how to fix it',
      request: { params: WorkspaceParams },
      responses: {
        200: json(
          z.object({
            data: z.array(
              z.object({
                id: z.string(),
                severity: Severity,
                impact: z.number().int(),
                title: z.string(),
                why: z.string(),
                fix: z.string(),
              }),
            ),
          }),
          'Rules',
        ),
        ...errorResponses,
      },
    }),
    (c) =>
      c.json(
        {
          data: seoRules.map(({ id, severity, impact, title, why, fix }) => ({
            id,
            severity,
            impact,
            title,
            why,
            fix,
          })),
        },
        200,
      ),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{site_check_id}`,
      tags: ['Site checks'],
      summary:
        'One run: progress while running; then its pages and findings (most harmful first), compared with the previous run of the same site',
      request: { params: SiteCheckParams },
      responses: { 200: json(SiteCheckDetailSchema, 'The run'), ...errorResponses },
    }),
    async (c) => {
      const check = await getSiteCheck(
        c.var.murmur,
        c.var.workspace.scope,
        c.req.valid('param').site_check_id,
      )
      return c.json(presentDetail(check), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/{site_check_id}`,
      tags: ['Site checks'],
      summary: 'Delete a finished run (editor)',
      request: { params: SiteCheckParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      await deleteSiteCheck(c.var.murmur, access.scope, c.req.valid('param').site_check_id)
      return c.body(null, 204)
    },
  )
}
