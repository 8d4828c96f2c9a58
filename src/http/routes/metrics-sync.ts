import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { syncMetricsNow } from '../../services/metrics-sync-now.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { errorResponses, json, jsonBody, WorkspaceParams } from '../schemas.js'
import {
  MetricsSyncBody,
  MetricsSyncResultSchema,
  presentMetricsSyncResult,
} from './analytics-schemas.js'

/** Attention: read the numbers of published posts now (the background job does it on schedule). */
export function metricsSyncRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/metrics/sync',
      tags: ['Attention'],
      summary:
        'Sync metrics now: read the numbers of every followed post (not read in the last 5 minutes); channels a network asked to wait stay waiting',
      request: { params: WorkspaceParams, body: jsonBody(MetricsSyncBody) },
      responses: {
        200: json(
          z.object({ channels: z.array(MetricsSyncResultSchema) }),
          'What each channel did',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const results = await syncMetricsNow(c.var.murmur, access.scope, {
        channelId: c.req.valid('json').channel_id,
      })
      return c.json({ channels: results.map(presentMetricsSyncResult) }, 200)
    },
  )
}
