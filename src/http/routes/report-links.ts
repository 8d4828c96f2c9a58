import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Murmur } from '../../murmur.js'
import { html } from '../../pages/html.js'
import {
  createReportLink,
  listReportLinks,
  openReportLink,
  REPORT_LINK_MAX_DAYS,
  type ReportLinkView,
  revokeReportLink,
} from '../../services/report-links.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import {
  errorResponses,
  iso,
  isoOrNull,
  json,
  jsonBody,
  Timestamp,
  WorkspaceParams,
} from '../schemas.js'
import { analyticsPeriod } from './analytics.js'
import { IsoTime } from './link-schemas.js'

const LinkParams = WorkspaceParams.extend({
  report_link_id: z
    .string()
    .max(64)
    .openapi({
      param: { name: 'report_link_id', in: 'path' },
      example: 'rpl_01jb3k8x4r2m5n7p9q0s1t2v3w',
    }),
})

const ReportLinkSchema = z
  .object({
    id: z.string().openapi({ example: 'rpl_01jb3k8x4r2m5n7p9q0s1t2v3w' }),
    label: z.string().nullable(),
    period_from: Timestamp,
    period_to: Timestamp,
    created_at: Timestamp,
    expires_at: Timestamp.nullable(),
    revoked_at: Timestamp.nullable(),
    views: z.number().int(),
    last_viewed_at: Timestamp.nullable(),
    state: z.enum(['active', 'expired', 'revoked']),
  })
  .openapi('ReportLink')

const CreateBody = z
  .strictObject({
    from: IsoTime.openapi({ description: 'Start of the report’s period' }),
    to: IsoTime.openapi({ description: 'End of the period, exclusive' }),
    label: z.string().max(120).nullable().optional(),
    expires_in_days: z
      .number()
      .int()
      .min(1)
      .max(REPORT_LINK_MAX_DAYS)
      .nullable()
      .optional()
      .openapi({ description: 'Omitted or null: the link works until it is revoked' }),
  })
  .openapi('CreateReportLink', {
    example: {
      from: '2027-03-01T00:00:00+01:00',
      to: '2027-04-01T00:00:00+02:00',
      label: 'March for Dana',
      expires_in_days: 30,
    },
  })

const present = (link: ReportLinkView) => ({
  ...link,
  period_from: iso(link.period_from),
  period_to: iso(link.period_to),
  created_at: iso(link.created_at),
  expires_at: isoOrNull(link.expires_at),
  revoked_at: isoOrNull(link.revoked_at),
  last_viewed_at: isoOrNull(link.last_viewed_at),
})

/** Shareable read-only attention reports: create, list and revoke their public links. */
export function reportLinkRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}/report-links'
  const tags = ['Attention']

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags,
      summary:
        'Make a public read-only link to the attention report of a period; the address is shown this once',
      request: { params: WorkspaceParams, body: jsonBody(CreateBody) },
      responses: {
        201: json(
          ReportLinkSchema.extend({
            url: z.string().openapi({ example: 'https://murmur.example.com/shared/report/…' }),
          }).openapi('CreatedReportLink'),
          'Made',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      authorize(c.var.workspace, 'content.write')
      const body = c.req.valid('json')
      const period = analyticsPeriod(body, c.var.murmur.now())
      const { link, url } = await createReportLink(
        c.var.murmur,
        c.var.workspace.scope,
        { ...period, label: body.label, expiresInDays: body.expires_in_days },
        c.var.auth?.kind === 'session' ? c.var.auth.user.id : null,
      )
      return c.json({ ...present(link), url }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags,
      summary: 'The workspace’s report links, newest first (their addresses are not stored)',
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ data: z.array(ReportLinkSchema) }).openapi('ReportLinkList'), 'Links'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const links = await listReportLinks(c.var.murmur, c.var.workspace.scope)
      return c.json({ data: links.map(present) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/{report_link_id}`,
      tags,
      summary: 'Revoke a report link: its address answers 404 from now on',
      request: { params: LinkParams },
      responses: { 200: json(ReportLinkSchema, 'Revoked'), ...errorResponses },
    }),
    async (c) => {
      authorize(c.var.workspace, 'content.write')
      const link = await revokeReportLink(
        c.var.murmur,
        c.var.workspace.scope,
        c.req.valid('param').report_link_id,
      )
      return c.json(present(link), 200)
    },
  )
}

const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const GONE = html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow">
<title>Report not found</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:640px;margin:40px auto;padding:0 16px">
<h1 style="font-size:1.4rem">This report link does not work</h1>
<p>It may have been withdrawn, expired, or the address is incomplete. Ask the person who shared it for a new one.</p>
</body></html>`.text

/** The public page behind a report link: the printable report, no script, not indexed. */
export function reportLinkPageRoutes(app: OpenAPIHono<AppEnv>, murmur: Murmur) {
  app.get('/shared/report/:token', async (c) => {
    const page = await openReportLink(murmur, c.req.param('token'))
    const headers = {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': REPORT_CSP,
      'x-robots-tag': 'noindex, nofollow',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    }
    return c.body(page ?? GONE, page ? 200 : 404, headers)
  })
}
