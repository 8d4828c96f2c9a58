import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  attentionCsv,
  attentionReportHtml,
  REPORT_TABLES,
} from '../../services/reports-attention.js'
import { buildAttentionReport } from '../../services/reports-build.js'
import { htmlToPdf } from '../../services/reports-pdf.js'
import type { AppEnv } from '../env.js'
import { errorResponses, WorkspaceParams } from '../schemas.js'
import { analyticsPeriod } from './analytics.js'
import { AnalyticsQuery } from './analytics-schemas.js'

const ReportQuery = AnalyticsQuery.pick({
  from: true,
  to: true,
  channel_id: true,
  campaign: true,
  label: true,
})
const CsvQuery = ReportQuery.extend({
  table: z.enum(REPORT_TABLES).default('posts').openapi({
    description:
      'posts: every post of the period; days: the daily series; followers; weeks: posting frequency; traffic: clicks, leads, sales, shares and earned visits by day',
  }),
})

/** Posts listed in the printable report; the CSV has every post. */
const REPORT_TOP_POSTS = 50

type ReportInput = z.infer<typeof ReportQuery>

function buildReport(c: { var: AppEnv['Variables'] }, query: ReportInput, limit: number) {
  const period = analyticsPeriod(query, c.var.murmur.now())
  return buildAttentionReport(c.var.murmur, c.var.workspace.scope, {
    ...period,
    channelId: query.channel_id,
    campaign: query.campaign,
    label: query.label,
    limit,
  })
}

const fileResponse = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: z.string() } },
})

/** Attention reports to send to a partner: CSV tables, a printable HTML page and its PDF. */
export function reportRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}/reports'
  const tags = ['Attention']

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/attention.csv`,
      tags,
      summary:
        'One table of the attention report as CSV (posts, days, followers, weeks or traffic)',
      request: { params: WorkspaceParams, query: CsvQuery },
      responses: { 200: fileResponse('text/csv', 'CSV'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const { report, fileStem } = await buildReport(c, query, 100_000)
      return c.body(attentionCsv(report, query.table), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${fileStem}-${query.table}.csv"`,
      })
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/attention.html`,
      tags,
      summary: 'The attention report for a period as a printable page (no script)',
      request: { params: WorkspaceParams, query: ReportQuery },
      responses: { 200: fileResponse('text/html', 'Report'), ...errorResponses },
    }),
    async (c) => {
      const { report, workspace, filterText } = await buildReport(
        c,
        c.req.valid('query'),
        REPORT_TOP_POSTS,
      )
      return c.body(attentionReportHtml(report, workspace, filterText), 200, {
        'content-type': 'text/html; charset=utf-8',
        // The report is self-contained: nothing may load or run in it.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      })
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/attention.pdf`,
      tags,
      summary:
        'The attention report as PDF, printed by headless Chromium (503 when it is not installed)',
      request: { params: WorkspaceParams, query: ReportQuery },
      responses: { 200: fileResponse('application/pdf', 'PDF'), ...errorResponses },
    }),
    async (c) => {
      const { report, workspace, filterText, fileStem } = await buildReport(
        c,
        c.req.valid('query'),
        REPORT_TOP_POSTS,
      )
      const pdf = await htmlToPdf(attentionReportHtml(report, workspace, filterText))
      return c.body(new Uint8Array(pdf), 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${fileStem}.pdf"`,
      })
    },
  )
}
