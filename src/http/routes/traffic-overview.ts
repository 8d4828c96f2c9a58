import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  CONVERSION_RATE_BASIS,
  CUSTOMERS_BASIS,
  OVERVIEW_ATTRIBUTION,
  PUBLISHED_POSTS_BASIS,
  trafficOverview,
} from '../../services/traffic-overview.js'
import type { AppEnv } from '../env.js'
import { errorResponses, json, WorkspaceParams } from '../schemas.js'
import { presentStats, StatsQuery, StatsSchema } from './link-schemas.js'
import { statsPeriod } from './traffic.js'

const OverviewQuery = StatsQuery.extend({
  campaign: z.string().max(120).optional().openapi({ description: "The links' campaign" }),
  channel_id: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: "Links made for this channel's posts" }),
  post_id: z.string().max(64).optional().openapi({ description: 'Links made for this post' }),
  link_id: z.string().max(64).optional(),
  top: z.coerce.number().int().min(1).max(100).default(10),
}).openapi({
  example: {
    from: '2027-03-01T00:00:00+01:00',
    to: '2027-04-01T00:00:00+02:00',
    interval: 'day',
    campaign: 'Spring 2027',
    top: 10,
  },
})

const Revenue = z.record(z.string(), z.number()).openapi({
  description: 'Revenue per currency, in minor units (cents)',
  example: { EUR: 12450 },
})
const Outcome = { leads: z.number().int(), sales: z.number().int(), revenue: Revenue }
const Clicks = { clicks: z.number().int(), unique_clicks: z.number().int() }

const OverviewSchema = z
  .object({
    ...StatsSchema.shape,
    conversions: z.object({
      ...Outcome,
      customers: z.number().int().openapi({ description: CUSTOMERS_BASIS }),
    }),
    conversion_rate: z
      .number()
      .nullable()
      .openapi({ description: `${CONVERSION_RATE_BASIS} null without unique clicks.` }),
    top_links: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        destination: z.string(),
        campaign: z.string().nullable(),
        delivery_id: z.string().nullable(),
        ...Clicks,
        ...Outcome,
      }),
    ),
    top_posts: z.array(
      z.object({
        id: z.string(),
        text: z.string().openapi({ description: 'The first 200 characters of the post' }),
        campaign: z.string().nullable(),
        ...Clicks,
        ...Outcome,
      }),
    ),
    funnel: z.object({
      published_posts: z.number().int().openapi({ description: PUBLISHED_POSTS_BASIS }),
      ...Clicks,
      leads: z.number().int(),
      customers: z.number().int().openapi({ description: CUSTOMERS_BASIS }),
    }),
    links_in_scope: z.string().openapi({ description: 'Which tracked links count, in words' }),
    attribution: z.string(),
    bases: z.array(z.string()).openapi({ description: 'How each figure is counted, in words' }),
  })
  .openapi('TrafficOverview')

/** The workspace Traffic dashboard: clicks, conversions, top links and posts, and the funnel. */
export function trafficOverviewRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/traffic/overview',
      tags: ['Links'],
      summary:
        'Clicks, conversions, top links and posts and a funnel, for a period and a campaign, channel, post or link',
      request: { params: WorkspaceParams, query: OverviewQuery },
      responses: { 200: json(OverviewSchema, 'Traffic overview'), ...errorResponses },
    }),
    async (c) => {
      const { scope } = c.var.workspace
      const query = c.req.valid('query')
      const period = await statsPeriod(c.var.murmur, scope, query)
      const overview = await trafficOverview(scope, {
        ...period,
        top: query.top,
        campaign: query.campaign,
        channelId: query.channel_id,
        postId: query.post_id,
        linkId: query.link_id,
      })
      return c.json(
        {
          ...presentStats(overview.stats, period),
          conversions: overview.conversions,
          conversion_rate: overview.conversion_rate,
          top_links: overview.top_links,
          top_posts: overview.top_posts,
          funnel: overview.funnel,
          links_in_scope: overview.links_in_scope,
          attribution: OVERVIEW_ATTRIBUTION,
          bases: [PUBLISHED_POSTS_BASIS, CONVERSION_RATE_BASIS, CUSTOMERS_BASIS],
        },
        200,
      )
    },
  )
}
