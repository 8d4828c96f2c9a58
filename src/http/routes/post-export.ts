import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { invalid } from '../../core/errors.js'
import { exportPosts } from '../../services/post-export.js'
import type { AppEnv } from '../env.js'
import { errorResponses, WorkspaceParams } from '../schemas.js'
import { IsoTime } from './publishing-schemas.js'

const ExportQuery = z.object({
  format: z.enum(['csv', 'json']).default('csv').openapi({ example: 'csv' }),
  from: IsoTime.optional().openapi({
    description: 'Posts whose time (published, else scheduled, else created) is at or after this',
    example: '2026-12-01T00:00:00+01:00',
  }),
  to: IsoTime.optional().openapi({
    description: '… and before this (exclusive)',
    example: '2027-01-01T00:00:00+01:00',
  }),
})

/** Posts of a period as a file, with each channel's state and link (docs/import-export.md). */
export function postExportRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/post-export',
      tags: ['Posts'],
      summary:
        'Download the posts of a period as CSV or JSON, with each channel’s state and link; the import reads the file back',
      request: { params: WorkspaceParams, query: ExportQuery },
      responses: {
        200: {
          description: 'The file',
          content: {
            'text/csv': { schema: z.string() },
            'application/json': { schema: z.object({ posts: z.array(z.unknown()) }) },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const from = query.from === undefined ? undefined : Date.parse(query.from)
      const to = query.to === undefined ? undefined : Date.parse(query.to)
      if (from !== undefined && to !== undefined && to <= from) {
        throw invalid('`to` must be after `from`.', [{ path: 'to', message: 'Before from' }])
      }
      const file = await exportPosts(c.var.workspace.scope, { format: query.format, from, to })
      const day = new Date(c.var.murmur.now()).toISOString().slice(0, 10)
      return c.body(file, 200, {
        'content-type':
          query.format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="posts-${day}.${query.format}"`,
      })
    },
  )
}
