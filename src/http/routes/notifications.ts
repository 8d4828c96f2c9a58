import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { listNotifications, markNotificationsRead } from '../../services/notifications.js'
import type { AppEnv } from '../env.js'
import { requireSession } from '../middleware/workspace-access.js'
import {
  errorResponses,
  iso,
  isoOrNull,
  json,
  jsonBody,
  Timestamp,
  WorkspaceParams,
} from '../schemas.js'

const NotificationSchema = z
  .object({
    id: z.string().openapi({ example: 'ntf_01jb3k8x4r2m5n7p9q0s1t2v3w' }),
    kind: z.string().openapi({ example: 'approval.requested' }),
    post_id: z.string().nullable(),
    title: z.string(),
    body: z.string().nullable(),
    created_at: Timestamp,
    read_at: Timestamp.nullable(),
  })
  .openapi('Notification')

const NotificationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  cursor: z.string().max(200).optional(),
  unread: z.enum(['true', 'false']).optional().openapi({ example: 'true' }),
})

const MarkReadBody = z
  .strictObject({
    ids: z.array(z.string().max(64)).max(200).optional(),
    all: z.boolean().optional(),
  })
  .openapi('MarkNotificationsRead', { example: { ids: ['ntf_01jb3k8x4r2m5n7p9q0s1t2v3w'] } })

/** The signed-in member's notifications in a workspace (approvals, review answers, webhooks). */
export function notificationRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/notifications',
      tags: ['Notifications'],
      summary: 'Your notifications here, newest first, with the unread count (signed-in users)',
      request: { params: WorkspaceParams, query: NotificationsQuery },
      responses: {
        200: json(
          z
            .object({
              data: z.array(NotificationSchema),
              next_cursor: z.string().nullable(),
              unread: z.number().int(),
            })
            .openapi('NotificationList'),
          'Notifications',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const auth = requireSession(c.var.auth)
      const query = c.req.valid('query')
      const page = await listNotifications(c.var.workspace.scope, auth.user.id, {
        limit: query.limit,
        cursor: query.cursor,
        unreadOnly: query.unread === 'true',
      })
      return c.json(
        {
          ...page,
          data: page.data.map((n) => ({
            ...n,
            created_at: iso(n.created_at),
            read_at: isoOrNull(n.read_at),
          })),
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/notifications/read',
      tags: ['Notifications'],
      summary: 'Mark some notifications (`ids`) or all of them (`all: true`) read',
      request: { params: WorkspaceParams, body: jsonBody(MarkReadBody) },
      responses: { 204: { description: 'Marked' }, ...errorResponses },
    }),
    async (c) => {
      const auth = requireSession(c.var.auth)
      const body = c.req.valid('json')
      await markNotificationsRead(
        c.var.workspace.scope,
        auth.user.id,
        body.all ? 'all' : (body.ids ?? []),
        c.var.murmur.now(),
      )
      return c.body(null, 204)
    },
  )
}
