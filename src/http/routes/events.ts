import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { attendeesCsv } from '../../pages/attendees-csv.js'
import { listAttendees, removeAttendee } from '../../services/attendees.js'
import { announceEvent, eventAnnouncements } from '../../services/event-announcements.js'
import {
  createEvent,
  deleteEvent,
  getEvent,
  listEvents,
  updateEvent,
} from '../../services/events.js'
import { previewEventPage } from '../../services/page-preview.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { pageOf } from '../pagination.js'
import { errorResponses, json, jsonBody, listOf, PageQuery, WorkspaceParams } from '../schemas.js'
import {
  AnnounceEventBody,
  AttendeeParams,
  AttendeeSchema,
  CreateEventBody,
  EventListQuery,
  EventParams,
  EventSchema,
  PreviewEventBody,
  PreviewSchema,
  presentAttendee,
  presentEvent,
  UpdateEventBody,
} from './page-schemas.js'
import { PostSchema, presentPost, toWhen } from './publishing-schemas.js'

const actorOf = (auth: AppEnv['Variables']['auth']) =>
  auth?.kind === 'session' ? auth.user.id : null

/** Events: create and edit them, announce them, and see who joined. */
export function eventRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}/events'

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags: ['Events'],
      summary: 'Events: upcoming (soonest first), past, or all',
      request: { params: WorkspaceParams, query: EventListQuery },
      responses: { 200: json(listOf(EventSchema, 'EventList'), 'Events'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const events = await listEvents(c.var.murmur, c.var.workspace.scope, query)
      return c.json(
        pageOf(events.map(presentEvent), (event) => event.id, query),
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags: ['Events'],
      summary:
        'Create an event (editor). Times without an offset are in the workspace’s time zone. Idempotency-Key supported',
      request: { params: WorkspaceParams, body: jsonBody(CreateEventBody) },
      responses: { 201: json(EventSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const event = await createEvent(
        c.var.murmur,
        access.scope,
        c.req.valid('json'),
        actorOf(c.var.auth),
      )
      return c.json(presentEvent(event), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/preview`,
      tags: ['Events'],
      summary: 'Render an event page with unsaved fields (editor): the live preview',
      request: { params: WorkspaceParams, body: jsonBody(PreviewEventBody) },
      responses: { 200: json(PreviewSchema, 'The page'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const { event_id, ...fields } = c.req.valid('json')
      const html = await previewEventPage(c.var.murmur, access.scope, fields, event_id ?? null)
      return c.json({ html }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{event_id}`,
      tags: ['Events'],
      summary: 'One event',
      request: { params: EventParams },
      responses: { 200: json(EventSchema, 'The event'), ...errorResponses },
    }),
    async (c) => {
      const event = await getEvent(
        c.var.murmur,
        c.var.workspace.scope,
        c.req.valid('param').event_id,
      )
      return c.json(presentEvent(event), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/{event_id}`,
      tags: ['Events'],
      summary:
        'Edit an event (editor): publish, cancel, move, rename. A new slug keeps the old address as a 301',
      request: { params: EventParams, body: jsonBody(UpdateEventBody) },
      responses: { 200: json(EventSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const event = await updateEvent(
        c.var.murmur,
        access.scope,
        c.req.valid('param').event_id,
        c.req.valid('json'),
      )
      return c.json(presentEvent(event), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/{event_id}`,
      tags: ['Events'],
      summary:
        'Delete an event and its attendee list (editor); its page answers 404. To keep the page, cancel instead',
      request: { params: EventParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      await deleteEvent(access.scope, c.req.valid('param').event_id)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{event_id}/announce`,
      tags: ['Events'],
      summary:
        'Announce a published event (editor): one post to the chosen channels through the normal scheduler, with a tracked link to the event page',
      request: { params: EventParams, body: jsonBody(AnnounceEventBody) },
      responses: { 201: json(PostSchema, 'The announcement post'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const post = await announceEvent(
        c.var.murmur,
        access.scope,
        c.req.valid('param').event_id,
        {
          channelIds: body.channels,
          when: body.schedule ? toWhen(body.schedule) : undefined,
          text: body.text,
        },
        actorOf(c.var.auth),
      )
      return c.json(presentPost(post), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{event_id}/announcements`,
      tags: ['Events'],
      summary: 'The event’s announcement posts, newest first, with each channel’s state',
      request: { params: EventParams },
      responses: {
        200: json(z.object({ data: z.array(PostSchema) }), 'Posts'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const posts = await eventAnnouncements(c.var.workspace.scope, c.req.valid('param').event_id)
      return c.json({ data: posts.map(presentPost) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{event_id}/attendees`,
      tags: ['Events'],
      summary: 'Who joined, in the order they joined',
      request: { params: EventParams, query: PageQuery },
      responses: {
        200: json(listOf(AttendeeSchema, 'AttendeeList'), 'Attendees'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const attendees = await listAttendees(c.var.workspace.scope, c.req.valid('param').event_id)
      return c.json(
        pageOf(attendees.map(presentAttendee), (attendee) => attendee.id, c.req.valid('query')),
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{event_id}/attendees.csv`,
      tags: ['Events'],
      summary: 'The attendee list as a CSV file (name, email, consent, joined_at, contact_id)',
      request: { params: EventParams },
      responses: {
        200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { event_id } = c.req.valid('param')
      const scope = c.var.workspace.scope
      const event = await getEvent(c.var.murmur, scope, event_id)
      const csv = attendeesCsv(await listAttendees(scope, event_id))
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${event.slug}-attendees.csv"`,
        'cache-control': 'private, no-store',
      })
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/{event_id}/attendees/{attendee_id}`,
      tags: ['Events'],
      summary: 'Take someone off the list (editor); their place frees up. Their contact stays',
      request: { params: AttendeeParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const { event_id, attendee_id } = c.req.valid('param')
      await removeAttendee(access.scope, event_id, attendee_id)
      return c.body(null, 204)
    },
  )
}
