import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { isMurmurError, MurmurError, notFound } from '../../core/errors.js'
import { NETWORK_NAMES } from '../../networks/spec/index.js'
import { networkForChannel, presentCapabilities } from '../../services/channel-capabilities.js'
import { requireChannel } from '../../services/channels.js'
import {
  listNetworkApps,
  removeWorkspaceApp,
  saveWorkspaceApp,
} from '../../services/network-apps.js'
import {
  type CallbackResult,
  completePending,
  describePending,
  finishOAuthCallback,
  startOAuthConnect,
} from '../../services/oauth-connect.js'
import type { AppEnv } from '../env.js'
import { authorize, requireSession } from '../middleware/workspace-access.js'
import { errorResponses, iso, json, jsonBody, listOf } from '../schemas.js'
import {
  AppNetworkParams,
  CallbackParams,
  CallbackQuery,
  CapabilitiesSchema,
  CompletePendingBody,
  NetworkAppListSchema,
  NetworkAppSchema,
  OAuthNetworkParams,
  PendingParams,
  PendingSchema,
  SaveNetworkAppBody,
  StartOAuthBody,
  StartOAuthSchema,
} from './oauth-schemas.js'
import { ChannelParams, ChannelSchema, presentChannel } from './publishing-schemas.js'

/** Where the browser goes after the callback: the channels settings, saying what happened. */
function nextPage(result: CallbackResult): string {
  const base = `/w/${encodeURIComponent(result.workspaceId)}/settings/channels`
  const query = new URLSearchParams({ network: result.network })
  switch (result.kind) {
    case 'connected':
    case 'reconnected':
      query.set(result.kind, result.channels.map((channel) => channel.id).join(','))
      break
    case 'choose':
      query.set('pending', result.pendingId)
      break
    case 'failed':
      // A code, not the message: the web app words it, so a crafted link cannot put text there.
      query.set('error', result.failure)
      break
  }
  return `${base}?${query}`
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  )

/** A person's browser lands on the callback: a refusal is a page, not JSON. */
function refusalPage(c: Context<AppEnv>, message: string) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Could not connect the channel · Murmur</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5"><h1 style="font-size:1.4rem">Could not connect the channel</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to Murmur</a></p></body></html>`
  return c.html(html, 400)
}

/**
 * OAuth connections: the workspace's developer apps, starting a sign-in, the network's callback,
 * choosing Pages, and what a channel's network allows.
 */
export function oauthRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/network-apps',
      tags: ['Channels'],
      summary:
        'Developer apps per network (X, Facebook, Instagram, Threads, LinkedIn): configured or not, from the workspace or the environment (never the secret)',
      request: { params: AppNetworkParams.pick({ workspace_id: true }) },
      responses: { 200: json(NetworkAppListSchema, 'Network apps'), ...errorResponses },
    }),
    async (c) => {
      const data = await listNetworkApps(c.var.murmur, c.var.workspace.scope)
      return c.json({ data }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/workspaces/{workspace_id}/network-apps/{network}',
      tags: ['Channels'],
      summary:
        'Use the workspace’s own developer app for a network (admin); the secret is stored encrypted. It wins over MURMUR_<NETWORK>_CLIENT_ID for new connections.',
      request: { params: AppNetworkParams, body: jsonBody(SaveNetworkAppBody) },
      responses: { 200: json(NetworkAppSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const murmur = c.var.murmur
      const access = c.var.workspace
      authorize(access, 'channels.manage')
      const { network } = c.req.valid('param')
      const body = c.req.valid('json')
      const auth = c.var.auth
      await saveWorkspaceApp(murmur, access.scope, network, {
        clientId: body.client_id,
        clientSecret: body.client_secret,
        createdBy: auth?.kind === 'session' ? auth.user.id : null,
      })
      const apps = await listNetworkApps(murmur, access.scope)
      const saved = apps.find((item) => item.network === network)
      return c.json(saved as (typeof apps)[number], 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/workspaces/{workspace_id}/network-apps/{network}',
      tags: ['Channels'],
      summary:
        'Forget the workspace’s own app (admin): new connections use the environment’s. Channels connected with it keep it until reconnected.',
      request: { params: AppNetworkParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'channels.manage')
      const removed = await removeWorkspaceApp(access.scope, c.req.valid('param').network)
      if (!removed) throw notFound('Network app')
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/channels/oauth/{network}/start',
      tags: ['Channels'],
      summary:
        'Start connecting (or, with channel_id, reconnecting) an account with the network’s sign-in page (admin, signed-in user). Send the browser to authorize_url; the network sends it back to /api/v1/oauth/{network}/callback within 10 minutes. 409 when the network’s app credentials are not configured.',
      request: { params: OAuthNetworkParams, body: jsonBody(StartOAuthBody) },
      responses: {
        200: json(StartOAuthSchema, 'Sign-in started'),
        ...errorResponses,
        503: json(z.any(), 'The network did not answer; try again'),
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'channels.manage')
      // The callback is bound to this user's browser session (an API key has none).
      const session = requireSession(c.var.auth)
      const body = c.req.valid('json')
      const started = await startOAuthConnect(c.var.murmur, access.scope, {
        network: c.req.valid('param').network,
        userId: session.user.id,
        instance: body.instance,
        channelId: body.channel_id,
      })
      return c.json(
        { authorize_url: started.authorizeUrl, expires_at: iso(started.expiresAt) },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/oauth/{network}/callback',
      tags: ['Channels'],
      summary:
        'Where the network sends the browser back (register it on the app). Checks the state (single use, same signed-in user), stores the channel with sealed credentials and redirects to /w/{workspace_id}/settings/channels with ?connected=, ?reconnected=, ?pending= (choose Pages) or ?error= (access_denied, expired, wrong_account, not_professional, provider_error, missing_code, failed). 400 when the state is unknown, reused or someone else’s.',
      request: { params: CallbackParams, query: CallbackQuery },
      responses: { 302: { description: 'Back to Murmur' }, ...errorResponses },
    }),
    async (c) => {
      const { network } = c.req.valid('param')
      const auth = c.var.auth
      try {
        const result = await finishOAuthCallback(
          c.var.murmur,
          network,
          new URL(c.req.url).searchParams,
          { userId: auth?.kind === 'session' ? auth.user.id : undefined },
        )
        return c.redirect(nextPage(result), 302)
      } catch (error) {
        const wantsPage = (c.req.header('accept') ?? '').includes('text/html')
        if (wantsPage && isMurmurError(error) && error.code === 'bad_request') {
          return refusalPage(c, error.message)
        }
        throw error
      }
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/channels/oauth/pending/{pending_id}',
      tags: ['Channels'],
      summary:
        'The accounts (Facebook Pages) a sign-in reached, to choose which become channels; only for the user who signed in, for 10 minutes',
      request: { params: PendingParams },
      responses: { 200: json(PendingSchema, 'Accounts to choose from'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'channels.manage')
      const auth = c.var.auth
      const view = await describePending(
        c.var.murmur,
        access.scope,
        c.req.valid('param').pending_id,
        auth?.kind === 'session' ? auth.user.id : undefined,
      )
      return c.json({ ...view, expires_at: iso(view.expires_at) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/channels/oauth/pending/{pending_id}/complete',
      tags: ['Channels'],
      summary: 'Connect the chosen Pages (accounts) of a sign-in as channels (admin); once only',
      request: { params: PendingParams, body: jsonBody(CompletePendingBody) },
      responses: {
        201: json(listOf(ChannelSchema, 'ConnectedChannels'), 'Connected'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'channels.manage')
      const auth = c.var.auth
      const channels = await completePending(
        c.var.murmur,
        access.scope,
        c.req.valid('param').pending_id,
        {
          userId: auth?.kind === 'session' ? auth.user.id : undefined,
          accountIds: c.req.valid('json').page_ids,
        },
      )
      return c.json(
        {
          data: channels.map((channel) => presentChannel(channel, c.var.murmur.now())),
          next_cursor: null,
        },
        201,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/channels/{channel_id}/capabilities',
      tags: ['Channels'],
      summary:
        'What the channel’s network allows, for the composer: text limit and how it counts, media, alt text, threads, first comment. Per channel: a Mastodon instance sets its own limits.',
      request: { params: ChannelParams },
      responses: { 200: json(CapabilitiesSchema, 'Capabilities'), ...errorResponses },
    }),
    async (c) => {
      const { scope } = c.var.workspace
      const channel = await requireChannel(scope, c.req.valid('param').channel_id)
      const network = await networkForChannel(c.var.murmur, scope, channel)
      if (!network) {
        throw new MurmurError(
          'not_found',
          `${NETWORK_NAMES[channel.network]} is not available in this version of Murmur.`,
        )
      }
      return c.json(presentCapabilities(channel, network.name, network.capabilities), 200)
    },
  )
}
