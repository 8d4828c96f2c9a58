import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { conflict } from '../../core/errors.js'
import { DEFAULT_TEMPLATE } from '../../core/feeds/template.js'
import { newId } from '../../core/ids.js'
import { claimFeed } from '../../jobs/feed-leases.js'
import { feedPollerOptions } from '../../jobs/feed-poller.js'
import {
  createFeed,
  deleteFeed,
  type Feed,
  type FeedItemView,
  getFeed,
  listFeeds,
  recentFeedItems,
  updateFeed,
} from '../../services/feeds.js'
import { pollFeed } from '../../services/feeds-poll.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { errorResponses, iso, isoOrNull, json, jsonBody, WorkspaceParams } from '../schemas.js'

const FeedParams = WorkspaceParams.extend({
  feed_id: z
    .string()
    .max(64)
    .openapi({
      param: { name: 'feed_id', in: 'path' },
      example: 'feed_01jb3k8x4r2m5n7p9q0s1t2v3w',
    }),
})

const Mode = z.enum(['draft', 'queue']).openapi({
  description:
    'draft: new items become drafts to review; queue: they take each channel’s next queue slot',
})
const Template = z.string().max(1000).openapi({
  description: 'The post’s text; {title}, {link} and {summary} are filled from the item',
  example: DEFAULT_TEMPLATE,
})

const CreateFeedBody = z
  .strictObject({
    url: z.string().min(1).max(2000),
    channel_ids: z.array(z.string().max(64)).max(20),
    template: Template.optional(),
    mode: Mode.default('draft'),
  })
  .openapi({
    example: {
      url: 'https://cornerbakery.example/blog/feed.xml',
      channel_ids: ['ch_01jb3k8x4r2m5n7p9q0s1t2v3w'],
      template: '{title} {link}',
      mode: 'draft',
    },
  })

const UpdateFeedBody = z
  .strictObject({
    channel_ids: z.array(z.string().max(64)).max(20).optional(),
    template: Template.optional(),
    mode: Mode.optional(),
    paused: z.boolean().optional(),
  })
  .openapi({ example: { mode: 'queue', paused: false } })

const FeedSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    title: z.string().nullable(),
    channel_ids: z.array(z.string()),
    template: z.string(),
    mode: Mode,
    paused: z.boolean(),
    connected_at: z
      .string()
      .openapi({ description: 'Items published before this are never posted' }),
    last_polled_at: z.string().nullable(),
    last_success_at: z.string().nullable(),
    next_poll_at: z.string(),
    failures: z.number().int().openapi({ description: 'Failed polls in a row (polls back off)' }),
    last_error: z.string().nullable(),
    items_posted: z.number().int(),
    created_at: z.string(),
  })
  .openapi('Feed')

const FeedItemSchema = z.object({
  title: z.string(),
  link: z.string().nullable(),
  published_at: z.string().nullable(),
  post_id: z.string().nullable(),
  outcome: z.enum(['posted', 'draft', 'skipped_old', 'skipped_limit']),
  problem: z.string().nullable(),
  seen_at: z.string(),
})

const FeedDetailSchema = FeedSchema.extend({ recent_items: z.array(FeedItemSchema) }).openapi(
  'FeedDetail',
)

const PollResultSchema = z
  .object({
    status: z.enum(['ok', 'not_modified', 'failed']),
    new_items: z.number().int(),
    post_ids: z.array(z.string()),
    error: z.string().nullable(),
    feed: FeedSchema,
  })
  .openapi('FeedPollResult')

const presentFeed = (feed: Feed) => ({
  ...feed,
  connected_at: iso(feed.connected_at),
  last_polled_at: isoOrNull(feed.last_polled_at),
  last_success_at: isoOrNull(feed.last_success_at),
  next_poll_at: iso(feed.next_poll_at),
  created_at: iso(feed.created_at),
})

const presentItem = (item: FeedItemView) => ({
  ...item,
  published_at: isoOrNull(item.published_at),
  seen_at: iso(item.seen_at),
})

/** RSS and Atom feeds whose new items become posts (docs/rss.md). */
export function feedRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}/feeds'
  const one = `${base}/{feed_id}`
  const tags = ['Feeds']

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags,
      summary: 'The feeds this workspace follows',
      request: { params: WorkspaceParams },
      responses: {
        200: json(z.object({ data: z.array(FeedSchema) }).openapi('FeedList'), 'Feeds'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const feeds = await listFeeds(c.var.workspace.scope)
      return c.json({ data: feeds.map(presentFeed) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags,
      summary:
        'Follow a feed (editor): its new items become drafts or queued posts on the chosen channels. Items published before now are never posted.',
      request: { params: WorkspaceParams, body: jsonBody(CreateFeedBody) },
      responses: { 201: json(FeedSchema, 'Following'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const auth = c.var.auth
      const feed = await createFeed(c.var.murmur, access.scope, c.req.valid('json'), {
        createdBy: auth?.kind === 'session' ? auth.user.id : null,
      })
      return c.json(presentFeed(feed), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: one,
      tags,
      summary: 'A feed, how its polls went, and what became of its recent items',
      request: { params: FeedParams },
      responses: { 200: json(FeedDetailSchema, 'Feed'), ...errorResponses },
    }),
    async (c) => {
      const { scope } = c.var.workspace
      const id = c.req.valid('param').feed_id
      const feed = await getFeed(scope, id)
      const items = await recentFeedItems(scope, id)
      return c.json({ ...presentFeed(feed), recent_items: items.map(presentItem) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: one,
      tags,
      summary: 'Change a feed’s channels, template or mode, or pause it (editor)',
      request: { params: FeedParams, body: jsonBody(UpdateFeedBody) },
      responses: { 200: json(FeedSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const feed = await updateFeed(
        c.var.murmur,
        access.scope,
        c.req.valid('param').feed_id,
        c.req.valid('json'),
      )
      return c.json(presentFeed(feed), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: one,
      tags,
      summary: 'Stop following a feed (editor); the posts it made stay',
      request: { params: FeedParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      await deleteFeed(access.scope, c.req.valid('param').feed_id)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${one}/poll`,
      tags,
      summary: 'Check the feed now (editor), whatever its schedule; 409 while a poll is running',
      request: { params: FeedParams },
      responses: { 200: json(PollResultSchema, 'What the poll found'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const { murmur } = c.var
      const id = c.req.valid('param').feed_id
      await getFeed(access.scope, id)
      const options = feedPollerOptions({ workerId: newId('feedcheck') })
      const claimed = await claimFeed(murmur, {
        workspaceId: access.scope.workspaceId,
        feedId: id,
        workerId: options.workerId,
        leaseMs: options.leaseMs,
      })
      if (!claimed) throw conflict('This feed is being read right now; try again in a minute.')
      const result = await pollFeed(
        murmur,
        { workspace_id: access.scope.workspaceId, id },
        options.workerId,
        options,
      )
      return c.json(
        {
          status: result.status,
          new_items: result.new_items,
          post_ids: result.posts,
          error: result.error,
          feed: presentFeed(await getFeed(access.scope, id)),
        },
        200,
      )
    },
  )
}
