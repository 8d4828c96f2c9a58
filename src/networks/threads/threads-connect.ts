import { MetaGraphClient } from '../meta/meta-graph-client.js'
import {
  type MetaTokenAnswer,
  requestMetaToken,
  startMetaAuthorization,
} from '../meta/meta-oauth.js'
import type { MetaUsageGate } from '../meta/meta-usage.js'
import {
  type AuthorizationStart,
  type CallbackQuery,
  readAuthorizationCallback,
} from '../oauth/oauth-authorization.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import type { ThreadsCredentials } from './threads-credentials.js'

/**
 * Permissions Murmur asks for: read the profile, publish and delete, reply and read replies,
 * read mentions and insights.
 */
export const THREADS_SCOPES = [
  'threads_basic',
  'threads_content_publish',
  'threads_manage_replies',
  'threads_read_replies',
  'threads_manage_mentions',
  'threads_manage_insights',
  'threads_delete',
] as const

/** The Threads app id and secret (a Meta app has separate ones for Threads): MURMUR_THREADS_… */
export interface ThreadsAppCredentials {
  clientId: string
  clientSecret?: string
}

export interface ThreadsConnectContext {
  fetch: FetchFunction
  /** `https://graph.threads.net` (token endpoints live here, unversioned). */
  graphUrl: string
  /** `https://graph.threads.net/v1.0` */
  graphBaseUrl: string
  /** `https://threads.net/oauth/authorize` */
  authorizeUrl: string
  app: ThreadsAppCredentials | undefined
  gate: MetaUsageGate
  timeoutMs: number
  now: () => number
}

export interface ThreadsConnectStart {
  /** `<MURMUR_PUBLIC_URL>/api/v1/oauth/threads/callback`, registered on the app exactly. */
  redirectUri: string
}

export interface ThreadsConnectFinish {
  callback: CallbackQuery
  state: string
  /** Unused: Threads takes no PKCE. Accepted so every network finishes alike. */
  codeVerifier?: string
  redirectUri: string
  signal?: AbortSignal
}

export function startThreadsConnect(
  context: ThreadsConnectContext,
  request: ThreadsConnectStart,
): AuthorizationStart {
  const app = requireApp(context.app)
  return startMetaAuthorization({
    authorizationEndpoint: context.authorizeUrl,
    clientId: app.clientId,
    redirectUri: request.redirectUri,
    scopes: THREADS_SCOPES,
  })
}

/**
 * Code → short-lived token (1 hour) → long-lived token (60 days), then who connected: the
 * channel's credentials.
 */
export async function finishThreadsConnect(
  context: ThreadsConnectContext,
  request: ThreadsConnectFinish,
): Promise<ThreadsCredentials> {
  const app = requireApp(context.app)
  const { code } = readAuthorizationCallback('Threads', request.callback, request.state)
  const common = {
    network: 'threads' as const,
    fetch: context.fetch,
    now: context.now,
    signal: request.signal,
  }
  const shortLived = await requestMetaToken({
    ...common,
    method: 'POST',
    url: `${context.graphUrl}/oauth/access_token`,
    params: {
      client_id: app.clientId,
      client_secret: app.clientSecret ?? '',
      grant_type: 'authorization_code',
      redirect_uri: request.redirectUri,
      code: code.replace(/#_$/, ''),
    },
  })
  const longLived = await requestMetaToken({
    ...common,
    method: 'GET',
    url: `${context.graphUrl}/access_token`,
    params: {
      grant_type: 'th_exchange_token',
      client_secret: app.clientSecret ?? '',
      access_token: shortLived.accessToken,
    },
  })
  const client = new MetaGraphClient({
    network: 'threads',
    fetch: context.fetch,
    baseUrl: context.graphBaseUrl,
    accessToken: longLived.accessToken,
    accountKey: shortLived.userId ?? 'connect',
    gate: context.gate,
    timeoutMs: context.timeoutMs,
    now: context.now,
    ...(request.signal && { signal: request.signal }),
  })
  const { body } = await client.request<{ id?: string; username?: string }>({
    method: 'GET',
    path: '/me',
    query: { fields: 'id,username,name' },
    action: 'request',
    idempotent: true,
  })
  if (typeof body.id !== 'string') {
    throw new NetworkError({
      network: 'threads',
      kind: 'retryable',
      message: 'Threads: /me gave an answer without the profile id',
    })
  }
  return credentialsFrom({ id: body.id, username: body.username ?? '' }, longLived, context.now, [
    ...THREADS_SCOPES,
  ])
}

/** `GET /refresh_access_token?grant_type=th_refresh_token`: a fresh 60-day token. */
export async function refreshThreadsCredentials(
  context: ThreadsConnectContext,
  credentials: ThreadsCredentials,
  signal?: AbortSignal,
): Promise<ThreadsCredentials> {
  const answer = await requestMetaToken({
    network: 'threads',
    fetch: context.fetch,
    now: context.now,
    signal,
    method: 'GET',
    url: `${context.graphUrl}/refresh_access_token`,
    params: { grant_type: 'th_refresh_token', access_token: credentials.accessToken },
  })
  return credentialsFrom(
    { id: credentials.userId, username: credentials.username },
    answer,
    context.now,
    credentials.scopes,
  )
}

function credentialsFrom(
  profile: { id: string; username: string },
  token: MetaTokenAnswer,
  now: () => number,
  scopes: string[],
): ThreadsCredentials {
  return {
    userId: profile.id,
    username: profile.username,
    accessToken: token.accessToken,
    ...(token.expiresAt && { expiresAt: token.expiresAt }),
    issuedAt: new Date(now()).toISOString(),
    scopes,
  }
}

function requireApp(app: ThreadsAppCredentials | undefined): ThreadsAppCredentials {
  if (!app?.clientId || !app.clientSecret) {
    throw new Error(
      'Threads: no Threads app is configured; set MURMUR_THREADS_CLIENT_ID and MURMUR_THREADS_CLIENT_SECRET first',
    )
  }
  return app
}
