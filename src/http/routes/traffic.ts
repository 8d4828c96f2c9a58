import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { notFound } from '../../core/errors.js'
import type { Murmur } from '../../murmur.js'
import { attributionReport } from '../../services/conversions.js'
import { type StatsInterval, statsFilterFor, trafficStats } from '../../services/link-stats.js'
import { findWorkspace } from '../../services/workspaces.js'
import type { WorkspaceScope } from '../../storage/workspace-scope.js'
import type { AppEnv } from '../env.js'
import { errorResponses, json, WorkspaceParams } from '../schemas.js'
import {
  AttributionModelSchema,
  IsoTime,
  periodOf,
  presentStats,
  StatsQuery,
  StatsSchema,
} from './link-schemas.js'

const TrafficQuery = StatsQuery.extend({
  link_id: z.string().max(64).optional(),
  campaign: z.string().max(120).optional(),
  delivery_id: z.string().max(64).optional(),
})

const AttributionQuery = z.object({
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  model: AttributionModelSchema.default('last_touch'),
  lookback_days: z.coerce.number().int().min(1).max(90).default(30),
  group_by: z.enum(['link', 'campaign', 'delivery']).default('link'),
})

const Credited = {
  leads: z.number().openapi({ description: 'Credited leads (fractions under multi-touch models)' }),
  sales: z.number(),
  revenue: z.record(z.string(), z.number()).openapi({
    description: 'Credited revenue per currency, in minor units',
    example: { EUR: 12450 },
  }),
}

const AttributionSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    model: AttributionModelSchema,
    lookback_days: z.number().int(),
    group_by: z.enum(['link', 'campaign', 'delivery']),
    rows: z.array(z.object({ key: z.string().nullable(), ...Credited })),
    unattributed: z.object(Credited),
  })
  .openapi('Attribution')

/** Workspace-wide traffic: clicks for any filter, and conversions credited to links. */
export function trafficRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/traffic/stats',
      tags: ['Links'],
      summary: 'Clicks over time and top lists, for the workspace or a link, campaign or delivery',
      request: { params: WorkspaceParams, query: TrafficQuery },
      responses: { 200: json(StatsSchema, 'Statistics'), ...errorResponses },
    }),
    async (c) => {
      const { scope } = c.var.workspace
      const query = c.req.valid('query')
      const period = await statsPeriod(c.var.murmur, scope, query)
      const filter = await statsFilterFor(scope, query)
      const stats = await trafficStats(scope, { ...period, ...filter })
      return c.json(presentStats(stats, period), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/traffic/attribution',
      tags: ['Conversions'],
      summary: 'Leads, sales and revenue credited to links, campaigns or deliveries',
      request: { params: WorkspaceParams, query: AttributionQuery },
      responses: { 200: json(AttributionSchema, 'Attribution'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const { from, to } = periodOf(query, c.var.murmur.now())
      const report = await attributionReport(c.var.workspace.scope, {
        from,
        to,
        model: query.model,
        lookbackDays: query.lookback_days,
        groupBy: query.group_by,
      })
      return c.json(
        {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          model: query.model,
          lookback_days: query.lookback_days,
          group_by: query.group_by,
          ...report,
        },
        200,
      )
    },
  )
}

/** A stats request's period and interval, with local days in the workspace's time zone. */
export async function statsPeriod(
  murmur: Murmur,
  scope: WorkspaceScope,
  query: { from?: string | undefined; to?: string | undefined; interval: StatsInterval },
) {
  const workspace = await findWorkspace(murmur, scope.workspaceId)
  if (!workspace) throw notFound('Workspace')
  return {
    ...periodOf(query, murmur.now()),
    interval: query.interval,
    timeZone: workspace.time_zone,
  }
}
