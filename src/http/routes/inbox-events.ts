import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { streamSSE } from 'hono/streaming'
import { type InboxEvent, inboxEvents } from '../../engagement/events.js'
import type { AppEnv } from '../env.js'
import { errorResponses, WorkspaceParams } from '../schemas.js'

/** A comment line every so often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000

/**
 * New inbox items for open browsers, as server-sent events: `ready` once connected, then
 * `message.created`, `conversation.updated` and `sync.finished`, each with ids only (the
 * browser reads what it shows through the API), from this process and, on PostgreSQL, from every
 * process sharing the database. Reconnect (EventSource does) after a drop and refetch the list:
 * events are not replayed.
 */
export function inboxEventRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/inbox/events',
      tags: ['Inbox'],
      summary: 'Server-sent events: new messages and changed conversations, as they happen',
      request: { params: WorkspaceParams },
      responses: {
        200: {
          description:
            'text/event-stream. Events: ready, message.created {conversation_id, message_id, direction}, conversation.updated {conversation_id}, sync.finished {channel_id, received}',
          content: {
            'text/event-stream': {
              schema: z.string().openapi({
                example:
                  'event: message.created\nid: 1\ndata: {"type":"message.created","conversation_id":"cv_…","message_id":"msg_…","direction":"in"}\n\n',
              }),
            },
          },
        },
        ...errorResponses,
      },
    }),
    (c) => {
      const workspaceId = c.var.workspace.id
      const bus = inboxEvents(c.var.murmur)
      c.header('Cache-Control', 'no-cache, no-transform')
      c.header('X-Accel-Buffering', 'no')
      return streamSSE(c, async (stream) => {
        let sequence = 0
        let queue: Promise<void> = Promise.resolve()
        const send = (event: string, data: unknown) => {
          const id = String(++sequence)
          // One write at a time, in order, whatever the pace of events.
          queue = queue
            .then(() => stream.writeSSE({ event, id, data: JSON.stringify(data) }))
            .catch(() => undefined)
        }
        let close: () => void = () => undefined
        const closed = new Promise<void>((resolve) => {
          close = resolve
          stream.onAbort(resolve)
        })
        const unsubscribe = bus.subscribe(
          workspaceId,
          (event: InboxEvent) => send(event.type, event),
          () => close(),
        )
        const heartbeat = setInterval(() => {
          queue = queue
            .then(() => stream.write(': ping\n\n'))
            .then(
              () => undefined,
              () => undefined,
            )
        }, HEARTBEAT_MS)
        // Events of other processes (a `murmur worker` syncing) arrive once the bus listens.
        await bus.ready()
        send('ready', { type: 'ready', workspace_id: workspaceId })
        await closed
        clearInterval(heartbeat)
        unsubscribe()
        await queue
      })
    },
  )
}
