import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { invalid } from '../../core/errors.js'
import { type ContentInput, normalizeContent } from '../../services/post-content.js'
import {
  confirmDelivery,
  dismissDelivery,
  retryDelivery,
  schedulePost,
  unschedulePost,
} from '../../services/post-schedule.js'
import { getPost } from '../../services/post-views.js'
import {
  type ChannelChoice,
  checkPost,
  checkUnsaved,
  createPost,
  deletePost,
  listPosts,
  updatePost,
} from '../../services/posts.js'
import { workspacePublishingStatus } from '../../services/publishing-health.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import {
  errorResponses,
  iso,
  json,
  jsonBody,
  listOf,
  Timestamp,
  WorkspaceParams,
} from '../schemas.js'
import { actorOf } from './approvals-actor.js'
import {
  ConfirmDeliveryBody,
  CreatePostBody,
  DeletePostQuery,
  DeliveryParams,
  PostListQuery,
  PostParams,
  PostSchema,
  PostWithChecksSchema,
  presentPost,
  SchedulePostBody,
  toWhen,
  UnschedulePostBody,
  UpdatePostBody,
  ValidatePostBody,
  ValidationSchema,
} from './publishing-schemas.js'

const PublishingStatusSchema = z
  .object({
    scheduler: z.object({
      ok: z.boolean(),
      heartbeat_age_ms: z.number().int().nullable(),
      workers: z.number().int(),
      message: z.string(),
    }),
    overdue: z
      .array(
        z.object({
          delivery_id: z.string(),
          post_id: z.string(),
          channel_id: z.string(),
          due_at: Timestamp,
        }),
      )
      .openapi({ description: 'Scheduled deliveries more than 2 minutes late: show an alert' }),
    failed: z.number().int(),
    unconfirmed: z.number().int(),
    channels_needing_reconnect: z.array(
      z.object({
        channel_id: z.string(),
        network: z.string(),
        handle: z.string(),
        reason: z.string().nullable(),
      }),
    ),
  })
  .openapi('PublishingStatus')

const normalizeChoices = (
  choices: Array<{ channel_id: string; content?: ContentInput | null | undefined }>,
): ChannelChoice[] =>
  choices.map((choice) => ({
    channel_id: choice.channel_id,
    ...(choice.content !== undefined && {
      content: choice.content === null ? null : normalizeContent(choice.content),
    }),
  }))

/** Posts: compose, check, schedule, publish, and settle what the networks answered. */
export function postRoutes(app: OpenAPIHono<AppEnv>) {
  const withChecks = async (
    c: { var: AppEnv['Variables'] },
    post: Awaited<ReturnType<typeof getPost>>,
  ) => ({
    ...presentPost(post),
    checks: await checkPost(c.var.murmur, c.var.workspace.scope, post),
  })

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/posts/validate',
      tags: ['Posts'],
      summary:
        'Check content for channels without saving: each network’s problems, in its words, and exact counters',
      request: { params: WorkspaceParams, body: jsonBody(ValidatePostBody) },
      responses: { 200: json(ValidationSchema, 'Checks'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const checks = await checkUnsaved(c.var.murmur, c.var.workspace.scope, {
        content: normalizeContent(body.content),
        channels: normalizeChoices(body.channels),
      })
      return c.json({ ok: checks.every((check) => check.ok), channels: checks }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/posts',
      tags: ['Posts'],
      summary:
        'Create a post (editor): a draft, or scheduled with `schedule` (at a time, in the queue, or now). Scheduling is refused with every channel’s problems until they are fixed. When the caller’s role waits for approval, a scheduled post is `needs_approval` until an approver approves it. Idempotency-Key supported.',
      request: { params: WorkspaceParams, body: jsonBody(CreatePostBody) },
      responses: { 201: json(PostWithChecksSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const auth = c.var.auth
      const post = await createPost(
        c.var.murmur,
        access.scope,
        {
          content: normalizeContent(body.content),
          channels: normalizeChoices(body.channels),
          labels: body.labels,
          campaign: body.campaign,
        },
        {
          createdBy: auth?.kind === 'session' ? auth.user.id : null,
          when: body.schedule && toWhen(body.schedule),
          actor: await actorOf(c),
        },
      )
      return c.json(await withChecks(c, post), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/posts',
      tags: ['Posts'],
      summary:
        'Posts with their deliveries, by time (for lists and the calendar): filter by state, channel and time range',
      request: { params: WorkspaceParams, query: PostListQuery },
      responses: { 200: json(listOf(PostSchema, 'PostList'), 'Posts'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const from = query.from === undefined ? undefined : Date.parse(query.from)
      const to = query.to === undefined ? undefined : Date.parse(query.to)
      if (from !== undefined && to !== undefined && to <= from) {
        throw invalid('`to` must be after `from`.', [{ path: 'to', message: 'Before from' }])
      }
      const page = await listPosts(c.var.workspace.scope, {
        states: query.state,
        channelIds: query.channel_id,
        from,
        to,
        order: query.order,
        limit: query.limit,
        cursor: query.cursor,
      })
      return c.json({ data: page.data.map(presentPost), next_cursor: page.next_cursor }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}',
      tags: ['Posts'],
      summary: 'One post: content, each channel’s state and links, and its current problems',
      request: { params: PostParams },
      responses: { 200: json(PostWithChecksSchema, 'Post'), ...errorResponses },
    }),
    async (c) => {
      const post = await getPost(c.var.workspace.scope, c.req.valid('param').post_id)
      return c.json(await withChecks(c, post), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}',
      tags: ['Posts'],
      summary:
        'Edit a post (editor). Content can change while no channel has started publishing it (409 says which channel blocks); labels and campaign always.',
      request: { params: PostParams, body: jsonBody(UpdatePostBody) },
      responses: { 200: json(PostWithChecksSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const post = await updatePost(
        c.var.murmur,
        access.scope,
        c.req.valid('param').post_id,
        {
          content: body.content && normalizeContent(body.content),
          channels: body.channels && normalizeChoices(body.channels),
          labels: body.labels,
          campaign: body.campaign,
        },
        await actorOf(c),
      )
      return c.json(await withChecks(c, post), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}',
      tags: ['Posts'],
      summary:
        'Delete a post (editor): first on each network that allows it (unless keep_on_network=true), then in Murmur. 409 while publishing.',
      request: { params: PostParams, query: DeletePostQuery },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      await deletePost(c.var.murmur, access.scope, c.req.valid('param').post_id, {
        keepOnNetwork: c.req.valid('query').keep_on_network === 'true',
      })
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}/schedule',
      tags: ['Posts'],
      summary:
        'Schedule, reschedule (drag on the calendar) or publish now (editor): drafts, scheduled, waiting and failed deliveries, all or some. When the caller’s role waits for approval they become `needs_approval`; an approver scheduling a waiting post approves it.',
      request: { params: PostParams, body: jsonBody(SchedulePostBody) },
      responses: { 200: json(PostSchema, 'Scheduled'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const post = await schedulePost(
        c.var.murmur,
        access.scope,
        c.req.valid('param').post_id,
        toWhen(body.when),
        body.delivery_ids,
        await actorOf(c),
      )
      return c.json(presentPost(post), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}/unschedule',
      tags: ['Posts'],
      summary:
        'Cancel: scheduled or waiting deliveries go back to draft (editor), withdrawing the approval request; 409 once publishing started',
      request: { params: PostParams, body: jsonBody(UnschedulePostBody) },
      responses: { 200: json(PostSchema, 'Back to draft'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const post = await unschedulePost(
        c.var.murmur,
        access.scope,
        c.req.valid('param').post_id,
        c.req.valid('json').delivery_ids,
        await actorOf(c),
      )
      return c.json(presentPost(post), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}/deliveries/{delivery_id}/retry',
      tags: ['Posts'],
      summary:
        'Publish a failed or unconfirmed delivery again, now (editor). Parts already on the network are kept; a thread continues under them. When the caller’s role waits for approval the delivery becomes `needs_approval` instead.',
      request: { params: DeliveryParams },
      responses: { 200: json(PostSchema, 'Scheduled now'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const { post_id, delivery_id } = c.req.valid('param')
      const post = await retryDelivery(
        c.var.murmur,
        access.scope,
        post_id,
        delivery_id,
        await actorOf(c),
      )
      return c.json(presentPost(post), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}/deliveries/{delivery_id}/confirm',
      tags: ['Posts'],
      summary:
        'An unconfirmed delivery is on the network after all (editor checked): record it as published',
      request: {
        params: DeliveryParams,
        body: { required: false, content: { 'application/json': { schema: ConfirmDeliveryBody } } },
      },
      responses: { 200: json(PostSchema, 'Published'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const { post_id, delivery_id } = c.req.valid('param')
      const body = c.req.valid('json') as { url?: string }
      const post = await confirmDelivery(c.var.murmur, access.scope, post_id, delivery_id, {
        url: body.url,
      })
      return c.json(presentPost(post), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}/deliveries/{delivery_id}/dismiss',
      tags: ['Posts'],
      summary:
        'An unconfirmed delivery is not on the network (editor checked): mark it failed, ready to retry',
      request: { params: DeliveryParams },
      responses: { 200: json(PostSchema, 'Failed'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const { post_id, delivery_id } = c.req.valid('param')
      const post = await dismissDelivery(c.var.murmur, access.scope, post_id, delivery_id)
      return c.json(presentPost(post), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/publishing-status',
      tags: ['Posts'],
      summary:
        'What needs attention (for banners): scheduler health, posts overdue by 2+ minutes, failed and unconfirmed counts, channels to reconnect',
      request: { params: WorkspaceParams },
      responses: { 200: json(PublishingStatusSchema, 'Status'), ...errorResponses },
    }),
    async (c) => {
      const status = await workspacePublishingStatus(c.var.murmur, c.var.workspace.scope)
      return c.json(
        {
          ...status,
          overdue: status.overdue.map((item) => ({ ...item, due_at: iso(item.due_at) })),
        },
        200,
      )
    },
  )
}
