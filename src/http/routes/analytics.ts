import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { invalid, notFound } from '../../core/errors.js'
import { engagementAnalytics } from '../../services/analytics.js'
import { bestTimeToPost } from '../../services/best-time.js'
import { metricReadings } from '../../services/metric-readings.js'
import { findWorkspace } from '../../services/workspaces.js'
import type { AppEnv } from '../env.js'
import { errorResponses, iso, isoOrNull, json, WorkspaceParams } from '../schemas.js'
import {
  AnalyticsQuery,
  BestTimeQuery,
  BestTimeSchema,
  EngagementAnalyticsSchema,
  ReadingsSchema,
} from './analytics-schemas.js'
import { periodOf } from './link-schemas.js'

const DeliveryParams = WorkspaceParams.extend({
  delivery_id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'delivery_id', in: 'path' }, example: 'dlv_01jb3k8x4r2m5n7p9q0s' }),
})

const MAX_PERIOD_MS = 2 * 366 * 24 * 3_600_000

/** The period a query asks for, refused plainly when it is upside down or longer than 2 years. */
export function analyticsPeriod(
  query: { from?: string | undefined; to?: string | undefined },
  now: number,
) {
  const period = periodOf(query, now)
  if (period.from >= period.to) throw invalid('`from` must be before `to`.')
  if (period.to - period.from > MAX_PERIOD_MS) throw invalid('A period may cover at most 2 years.')
  return period
}

/** Attention: engagement analytics for a period and filter, and one post's readings over time. */
export function analyticsRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/analytics/engagement',
      tags: ['Attention'],
      summary:
        'Impressions, likes, reposts, replies, quotes and engagement rate for a period and filter, the period before, top posts, follower growth, posting frequency',
      request: { params: WorkspaceParams, query: AnalyticsQuery },
      responses: {
        200: json(EngagementAnalyticsSchema, 'Engagement analytics'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { scope } = c.var.workspace
      const murmur = c.var.murmur
      const query = c.req.valid('query')
      const workspace = await findWorkspace(murmur, scope.workspaceId)
      if (!workspace) throw notFound('Workspace')
      const period = analyticsPeriod(query, murmur.now())
      const result = await engagementAnalytics(murmur, scope, {
        ...period,
        channelId: query.channel_id,
        campaign: query.campaign,
        label: query.label,
        timeZone: workspace.time_zone,
        sort: query.sort,
        limit: query.limit,
      })
      return c.json(
        {
          ...result,
          from: iso(result.from),
          to: iso(result.to),
          previous_from: iso(result.previous_from),
          top_posts: result.top_posts.map((post) => ({
            ...post,
            published_at: iso(post.published_at),
            last_read_at: isoOrNull(post.last_read_at),
          })),
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/analytics/posts/{delivery_id}/readings',
      tags: ['Attention'],
      summary: "Every reading of one delivery's numbers, oldest first (its curve over time)",
      request: { params: DeliveryParams },
      responses: { 200: json(ReadingsSchema, 'Readings'), ...errorResponses },
    }),
    async (c) => {
      const readings = await metricReadings(
        c.var.murmur,
        c.var.workspace.scope,
        c.req.valid('param').delivery_id,
      )
      return c.json(
        {
          ...readings,
          published_at: iso(readings.published_at),
          next_reading_at: isoOrNull(readings.next_reading_at),
          readings: readings.readings.map((r) => ({ at: iso(r.at), metrics: r.metrics })),
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/analytics/best-time',
      tags: ['Attention'],
      summary:
        "Best time to post: median engagement by weekday × hour in the workspace's time zone, the posts behind each cell, suggested slots",
      request: { params: WorkspaceParams, query: BestTimeQuery },
      responses: { 200: json(BestTimeSchema, 'Best time to post'), ...errorResponses },
    }),
    async (c) => {
      const { scope } = c.var.workspace
      const murmur = c.var.murmur
      const query = c.req.valid('query')
      const workspace = await findWorkspace(murmur, scope.workspaceId)
      if (!workspace) throw notFound('Workspace')
      const to = query.to ? Date.parse(query.to) : murmur.now()
      const from = query.from ? Date.parse(query.from) : to - 180 * 24 * 3_600_000
      const period = analyticsPeriod(
        { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
        murmur.now(),
      )
      const result = await bestTimeToPost(scope, {
        ...period,
        timeZone: workspace.time_zone,
        channelId: query.channel_id,
        minPosts: query.min_posts,
        now: murmur.now(),
      })
      return c.json({ ...result, from: iso(result.from), to: iso(result.to) }, 200)
    },
  )
}
