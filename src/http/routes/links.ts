import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import QRCode from 'qrcode'
import { notFound } from '../../core/errors.js'
import { trafficStats } from '../../services/link-stats.js'
import { createLink, getLink, linkTotals, listLinks, updateLink } from '../../services/links.js'
import { findWorkspace } from '../../services/workspaces.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { errorResponses, json, jsonBody, listOf, PageQuery, WorkspaceParams } from '../schemas.js'
import {
  CreateLinkBody,
  LinkParams,
  LinkSchema,
  periodOf,
  presentLink,
  presentStats,
  StatsQuery,
  StatsSchema,
  UpdateLinkBody,
} from './link-schemas.js'

const LinkListQuery = PageQuery.extend({
  state: z.enum(['active', 'archived', 'all']).default('active'),
  campaign: z.string().max(120).optional(),
  delivery_id: z.string().max(64).optional(),
  q: z.string().max(200).optional().openapi({ description: 'Search destination, title and code' }),
})

const QrQuery = z.object({
  size: z.coerce
    .number()
    .int()
    .min(64)
    .max(2048)
    .default(512)
    .openapi({ description: 'Pixels (PNG)' }),
  download: z.enum(['0', '1']).default('0'),
})

const ms = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value))
const msOrNull = (value: string | null | undefined) =>
  value === null ? null : value === undefined ? undefined : Date.parse(value)

export function linkRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}/links'

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags: ['Links'],
      summary: 'Tracked links, newest first, with their all-time clicks',
      request: { params: WorkspaceParams, query: LinkListQuery },
      responses: { 200: json(listOf(LinkSchema, 'LinkList'), 'Links'), ...errorResponses },
    }),
    async (c) => {
      const { scope } = c.var.workspace
      const query = c.req.valid('query')
      const page = await listLinks(c.var.murmur, scope, {
        limit: query.limit,
        cursor: query.cursor,
        state: query.state,
        campaign: query.campaign,
        delivery_id: query.delivery_id,
        search: query.q,
      })
      const totals = await linkTotals(
        scope,
        page.data.map((link) => link.id),
      )
      return c.json(
        {
          data: page.data.map((link) => presentLink(link, totals.get(link.id))),
          next_cursor: page.next_cursor,
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags: ['Links'],
      summary: 'Create a tracked link (editor)',
      request: { params: WorkspaceParams, body: jsonBody(CreateLinkBody) },
      responses: { 201: json(LinkSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const auth = c.var.auth
      const link = await createLink(c.var.murmur, access.scope, {
        ...body,
        expires_at: ms(body.expires_at),
        createdBy: auth?.kind === 'session' ? auth.user.id : null,
      })
      return c.json(presentLink(link), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{link_id}`,
      tags: ['Links'],
      summary: 'One tracked link',
      request: { params: LinkParams },
      responses: { 200: json(LinkSchema, 'The link'), ...errorResponses },
    }),
    async (c) => {
      const { scope } = c.var.workspace
      const link = await getLink(c.var.murmur, scope, c.req.valid('param').link_id)
      const totals = await linkTotals(scope, [link.id])
      return c.json(presentLink(link, totals.get(link.id)), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/{link_id}`,
      tags: ['Links'],
      summary: 'Change a link: destination, back-half, preview, expiry, or archive it (editor)',
      request: { params: LinkParams, body: jsonBody(UpdateLinkBody) },
      responses: { 200: json(LinkSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const link = await updateLink(c.var.murmur, access.scope, c.req.valid('param').link_id, {
        ...body,
        expires_at: msOrNull(body.expires_at),
      })
      const totals = await linkTotals(access.scope, [link.id])
      return c.json(presentLink(link, totals.get(link.id)), 200)
    },
  )

  for (const format of ['svg', 'png'] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `${base}/{link_id}/qr.${format}`,
        tags: ['Links'],
        summary: `QR code of the short link as ${format.toUpperCase()} (scans are counted as via "qr")`,
        request: { params: LinkParams, query: QrQuery },
        responses: {
          200: {
            description: 'The QR code',
            content: { [format === 'svg' ? 'image/svg+xml' : 'image/png']: { schema: z.any() } },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const link = await getLink(
          c.var.murmur,
          c.var.workspace.scope,
          c.req.valid('param').link_id,
        )
        const { size, download } = c.req.valid('query')
        const text = `${link.short_url}?qr=1`
        const headers = {
          'cache-control': 'private, max-age=300',
          'content-disposition': `${download === '1' ? 'attachment' : 'inline'}; filename="${link.code}-qr.${format}"`,
        }
        if (format === 'svg') {
          const svg = await QRCode.toString(text, {
            type: 'svg',
            margin: 2,
            errorCorrectionLevel: 'M',
          })
          return c.body(svg, 200, { ...headers, 'content-type': 'image/svg+xml' })
        }
        const png = await QRCode.toBuffer(text, {
          type: 'png',
          width: size,
          margin: 2,
          errorCorrectionLevel: 'M',
        })
        return c.body(new Uint8Array(png), 200, { ...headers, 'content-type': 'image/png' })
      },
    )
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{link_id}/stats`,
      tags: ['Links'],
      summary: 'Clicks of one link over time, with top countries, devices and referrers',
      request: { params: LinkParams, query: StatsQuery },
      responses: { 200: json(StatsSchema, 'Statistics'), ...errorResponses },
    }),
    async (c) => {
      const { scope } = c.var.workspace
      const murmur = c.var.murmur
      const link = await getLink(murmur, scope, c.req.valid('param').link_id)
      const query = c.req.valid('query')
      const workspace = await findWorkspace(murmur, scope.workspaceId)
      if (!workspace) throw notFound('Workspace')
      const period = {
        ...periodOf(query, murmur.now()),
        interval: query.interval,
        timeZone: workspace.time_zone,
      }
      const stats = await trafficStats(scope, { ...period, linkIds: [link.id] })
      return c.json(presentStats(stats, period), 200)
    },
  )
}
