import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  getTrafficSettings,
  MAX_SITE_ORIGINS,
  type TrafficSettings,
  updateTrafficSettings,
} from '../../services/site-settings.js'
import { siteStats } from '../../services/site-stats.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { errorResponses, iso, json, jsonBody, WorkspaceParams } from '../schemas.js'
import { IsoTime, periodOf } from './link-schemas.js'

const SettingsSchema = z
  .object({
    auto_track_links: z.boolean().openapi({
      description: 'Publishing replaces each URL in a post with a tracked link per network',
    }),
    short_domain: z.string().nullable().openapi({ example: 'go.cornerbakery.example' }),
    site_key: z.string().openapi({ description: 'Public key for the site script (not a secret)' }),
    site_origins: z.array(z.string()).openapi({ example: ['https://cornerbakery.example'] }),
    script_tag: z.string().openapi({ description: 'The tag to paste into your site' }),
    updated_at: z.string(),
  })
  .openapi('TrafficSettings')

const UpdateSettingsBody = z
  .strictObject({
    auto_track_links: z.boolean().optional(),
    short_domain: z.string().max(253).nullable().optional(),
    site_origins: z.array(z.string().max(300)).max(MAX_SITE_ORIGINS).optional(),
    rotate_site_key: z.boolean().optional(),
  })
  .openapi('UpdateTrafficSettings', {
    example: {
      auto_track_links: true,
      short_domain: 'go.cornerbakery.example',
      site_origins: ['https://cornerbakery.example'],
    },
  })

const SiteStatsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    page_views: z.number().int(),
    visitors: z.number().int(),
    page_views_from_links: z.number().int(),
    top_pages: z.array(z.object({ host: z.string(), path: z.string(), page_views: z.number() })),
    top_referrers: z.array(z.object({ referrer_host: z.string(), page_views: z.number() })),
    by_link: z.array(
      z.object({
        link_id: z.string(),
        code: z.string(),
        delivery_id: z.string().nullable(),
        campaign: z.string().nullable(),
        page_views: z.number(),
        visitors: z.number(),
      }),
    ),
  })
  .openapi('SiteStats')

const tag = ['Links']
const base = '/api/v1/workspaces/{workspace_id}/traffic'

/** Traffic settings (automatic post links, short domain, site script) and the site's page views. */
export function trafficSettingsRoutes(app: OpenAPIHono<AppEnv>) {
  const present = (settings: TrafficSettings, publicUrl: string) => ({
    ...settings,
    script_tag: `<script src="${publicUrl}/t.js" data-key="${settings.site_key}" defer></script>`,
    updated_at: iso(settings.updated_at),
  })

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/settings`,
      tags: tag,
      summary: 'Traffic settings: automatic post links, short domain, site script key and origins',
      request: { params: WorkspaceParams },
      responses: { 200: json(SettingsSchema, 'Settings'), ...errorResponses },
    }),
    async (c) => {
      const murmur = c.var.murmur
      const settings = await getTrafficSettings(murmur, c.var.workspace.scope)
      return c.json(present(settings, murmur.config.publicUrl), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/settings`,
      tags: tag,
      summary: 'Change traffic settings (admins)',
      request: { params: WorkspaceParams, body: jsonBody(UpdateSettingsBody) },
      responses: { 200: json(SettingsSchema, 'Settings'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const murmur = c.var.murmur
      const settings = await updateTrafficSettings(murmur, access.scope, c.req.valid('json'))
      return c.json(present(settings, murmur.config.publicUrl), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/site`,
      tags: tag,
      summary: 'Page views the site script reported, and the links the visits came through',
      request: {
        params: WorkspaceParams,
        query: z.object({
          from: IsoTime.optional(),
          to: IsoTime.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(20),
        }),
      },
      responses: { 200: json(SiteStatsSchema, 'Site statistics'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const period = periodOf(query, c.var.murmur.now())
      const stats = await siteStats(c.var.workspace.scope, period, query.limit)
      return c.json({ from: iso(period.from), to: iso(period.to), ...stats }, 200)
    },
  )
}
