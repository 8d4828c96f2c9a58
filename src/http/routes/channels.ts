import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  connectWithAppPassword,
  deleteChannel,
  listChannels,
  reconnectWithAppPassword,
  requireChannel,
} from '../../services/channels.js'
import { listSlots, nextFreeSlots, replaceSlots } from '../../services/slots.js'
import { findWorkspace } from '../../services/workspaces.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { pageOf } from '../pagination.js'
import {
  errorResponses,
  iso,
  json,
  jsonBody,
  listOf,
  PageQuery,
  WorkspaceParams,
} from '../schemas.js'
import {
  ChannelParams,
  ChannelSchema,
  ConnectBlueskyBody,
  presentChannel,
  ReconnectBody,
  ReplaceSlotsBody,
  SlotListSchema,
} from './publishing-schemas.js'

const NEXT_FREE_SHOWN = 5

/** Channels (connected accounts) and their weekly queue slots. */
export function channelRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/channels',
      tags: ['Channels'],
      summary: 'Connected channels, with their status (never their credentials)',
      request: { params: WorkspaceParams, query: PageQuery },
      responses: { 200: json(listOf(ChannelSchema, 'ChannelList'), 'Channels'), ...errorResponses },
    }),
    async (c) => {
      const channels = (await listChannels(c.var.workspace.scope)).map((channel) =>
        presentChannel(channel, c.var.murmur.now()),
      )
      return c.json(
        pageOf(channels, (channel) => channel.id, c.req.valid('query')),
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/channels/{channel_id}',
      tags: ['Channels'],
      summary: 'One channel',
      request: { params: ChannelParams },
      responses: { 200: json(ChannelSchema, 'Channel'), ...errorResponses },
    }),
    async (c) => {
      const channel = await requireChannel(c.var.workspace.scope, c.req.valid('param').channel_id)
      return c.json(presentChannel(channel, c.var.murmur.now()), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/channels/bluesky',
      tags: ['Channels'],
      summary:
        'Connect a Bluesky account with its handle and an app password (admin). 201 when new; 200 when the account was already a channel (its connection is renewed).',
      request: { params: WorkspaceParams, body: jsonBody(ConnectBlueskyBody) },
      responses: {
        200: json(ChannelSchema, 'Already connected: renewed'),
        201: json(ChannelSchema, 'Connected'),
        ...errorResponses,
        503: json(z.any(), 'Bluesky did not answer; try again'),
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'channels.manage')
      const body = c.req.valid('json')
      const auth = c.var.auth
      const { channel, created } = await connectWithAppPassword(c.var.murmur, access.scope, {
        network: 'bluesky',
        handle: body.handle,
        appPassword: body.app_password,
        serviceUrl: body.service_url,
        createdBy: auth?.kind === 'session' ? auth.user.id : null,
      })
      return c.json(presentChannel(channel, c.var.murmur.now()), created ? 201 : 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/channels/{channel_id}/reconnect',
      tags: ['Channels'],
      summary:
        'Sign in again with a new app password (admin); the channel becomes active. It must be the same account.',
      request: { params: ChannelParams, body: jsonBody(ReconnectBody) },
      responses: { 200: json(ChannelSchema, 'Reconnected'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'channels.manage')
      const body = c.req.valid('json')
      const channel = await reconnectWithAppPassword(
        c.var.murmur,
        access.scope,
        c.req.valid('param').channel_id,
        { appPassword: body.app_password, handle: body.handle, serviceUrl: body.service_url },
      )
      return c.json(presentChannel(channel, c.var.murmur.now()), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/workspaces/{workspace_id}/channels/{channel_id}',
      tags: ['Channels'],
      summary:
        'Disconnect a channel (admin): its credentials, queue and unpublished deliveries go; published posts stay on the network. 409 while one of its posts is publishing.',
      request: { params: ChannelParams },
      responses: { 204: { description: 'Disconnected' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'channels.manage')
      await deleteChannel(access.scope, c.req.valid('param').channel_id)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/channels/{channel_id}/slots',
      tags: ['Channels'],
      summary: 'The channel’s weekly posting times, and the next free ones',
      request: { params: ChannelParams },
      responses: { 200: json(SlotListSchema, 'Slots'), ...errorResponses },
    }),
    async (c) => {
      const murmur = c.var.murmur
      const { scope } = c.var.workspace
      const channelId = c.req.valid('param').channel_id
      const slots = await listSlots(scope, channelId)
      const timeZone = (await findWorkspace(murmur, scope.workspaceId))?.time_zone ?? 'UTC'
      const next = await nextFreeSlots(scope, channelId, timeZone, murmur.now(), NEXT_FREE_SHOWN)
      return c.json({ time_zone: timeZone, data: slots, next_free: next.map(iso) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/workspaces/{workspace_id}/channels/{channel_id}/slots',
      tags: ['Channels'],
      summary:
        'Replace the channel’s weekly posting times (editor), in the workspace’s time zone. Posts already queued keep their time.',
      request: { params: ChannelParams, body: jsonBody(ReplaceSlotsBody) },
      responses: { 200: json(SlotListSchema, 'Slots'), ...errorResponses },
    }),
    async (c) => {
      const murmur = c.var.murmur
      const access = c.var.workspace
      authorize(access, 'content.write')
      const channelId = c.req.valid('param').channel_id
      const slots = await replaceSlots(murmur, access.scope, channelId, c.req.valid('json').slots)
      const timeZone = (await findWorkspace(murmur, access.id))?.time_zone ?? 'UTC'
      const next = await nextFreeSlots(
        access.scope,
        channelId,
        timeZone,
        murmur.now(),
        NEXT_FREE_SHOWN,
      )
      return c.json({ time_zone: timeZone, data: slots, next_free: next.map(iso) }, 200)
    },
  )
}
