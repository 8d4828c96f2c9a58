import {
  type AuthorizationStart,
  type CallbackQuery,
  readAuthorizationCallback,
  startAuthorization,
} from '../oauth/oauth-authorization.js'
import { requestOAuthTokens } from '../oauth/oauth-token-request.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import type { MastodonCredentials } from './mastodon-credentials.js'
import { mastodonResponseFailure, mastodonTransportFailure } from './mastodon-failure.js'
import { fetchMastodonInstanceLimits, type MastodonInstanceLimits } from './mastodon-instance.js'

/**
 * Granular scopes (Mastodon 3.x+): post and delete statuses, upload media, read statuses (metrics)
 * and notifications (mentions), favourite what people say (inbox likes), and read the account
 * itself at connect time.
 */
export const MASTODON_SCOPES = [
  'read:accounts',
  'read:statuses',
  'read:notifications',
  'write:statuses',
  'write:media',
  'write:favourites',
] as const

/** Murmur's app on one instance, from `POST /api/v1/apps`. Reuse it for later connections there. */
export interface MastodonApp {
  instanceUrl: string
  clientId: string
  clientSecret: string
  redirectUri: string
  scopes: string[]
}

export interface MastodonConnectContext {
  fetch: FetchFunction
  clientName: string
  website?: string
  /** Allows http:// and private addresses (a test fake on 127.0.0.1). */
  allowLocalInstances: boolean
  now: () => number
}

export interface MastodonConnectStart {
  /** What the owner typed: `mastodon.social`, `https://mastodon.social`, or `@me@mastodon.social`. */
  instance: string
  /** `<MURMUR_PUBLIC_URL>/api/v1/oauth/mastodon/callback`. */
  redirectUri: string
  /** An app registered earlier on this instance with this redirect URI; registered if absent. */
  app?: MastodonApp
  signal?: AbortSignal
}

export interface MastodonAuthorizationStart extends AuthorizationStart {
  /** Keep with `state` and `codeVerifier` (it holds the client secret: server side only). */
  app: MastodonApp
}

export interface MastodonConnectFinish {
  app: MastodonApp
  callback: CallbackQuery
  state: string
  codeVerifier: string
  signal?: AbortSignal
}

/** What to store after connecting: the credentials, and the instance's limits for the composer. */
export interface MastodonConnection {
  credentials: MastodonCredentials
  limits: MastodonInstanceLimits
}

export async function startMastodonConnect(
  context: MastodonConnectContext,
  request: MastodonConnectStart,
): Promise<MastodonAuthorizationStart> {
  const instanceUrl = normalizeInstanceUrl(request.instance, context.allowLocalInstances)
  const reusable =
    request.app?.instanceUrl === instanceUrl &&
    request.app.redirectUri === request.redirectUri &&
    MASTODON_SCOPES.every((scope) => request.app?.scopes.includes(scope))
  const app =
    reusable && request.app
      ? request.app
      : await registerMastodonApp(context, instanceUrl, request.redirectUri, request.signal)
  const start = startAuthorization({
    authorizationEndpoint: `${instanceUrl}/oauth/authorize`,
    clientId: app.clientId,
    redirectUri: app.redirectUri,
    scopes: MASTODON_SCOPES,
  })
  return { ...start, app }
}

/** `POST /api/v1/apps`: one app per instance, with Murmur's redirect URI and scopes. */
export async function registerMastodonApp(
  context: MastodonConnectContext,
  instanceUrl: string,
  redirectUri: string,
  signal?: AbortSignal,
): Promise<MastodonApp> {
  const scopes = MASTODON_SCOPES.join(' ')
  let response: Response
  try {
    response = await context.fetch(`${instanceUrl}/api/v1/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        client_name: context.clientName,
        // A string works on every version; arrays are accepted since 4.3.
        redirect_uris: redirectUri,
        scopes,
        ...(context.website && { website: context.website }),
      }),
      signal,
    })
  } catch (error) {
    throw mastodonTransportFailure(error, true)
  }
  if (!response.ok) {
    throw await mastodonResponseFailure(response, {
      action: 'app registration',
      idempotent: true,
      now: context.now(),
    })
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
  const { client_id: clientId, client_secret: clientSecret } = body
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') {
    throw new NetworkError({
      network: 'mastodon',
      kind: 'content_rejected',
      status: response.status,
      message: `Mastodon: ${instanceUrl} registered no app (no client_id in its answer)`,
    })
  }
  return { instanceUrl, clientId, clientSecret, redirectUri, scopes: [...MASTODON_SCOPES] }
}

export async function finishMastodonConnect(
  context: MastodonConnectContext,
  request: MastodonConnectFinish,
): Promise<MastodonConnection> {
  const { app } = request
  const { code } = readAuthorizationCallback('Mastodon', request.callback, request.state)
  const tokens = await requestOAuthTokens({
    network: 'mastodon',
    fetch: context.fetch,
    tokenEndpoint: `${app.instanceUrl}/oauth/token`,
    client: { clientId: app.clientId, clientSecret: app.clientSecret, authentication: 'body' },
    params: {
      grant_type: 'authorization_code',
      code,
      redirect_uri: app.redirectUri,
      code_verifier: request.codeVerifier,
      scope: app.scopes.join(' '),
    },
    now: context.now,
    signal: request.signal,
  })
  const account = await verifyCredentials(
    context,
    app.instanceUrl,
    tokens.accessToken,
    request.signal,
  )
  const limits = await fetchMastodonInstanceLimits(context.fetch, app.instanceUrl, request.signal)
  return {
    credentials: {
      instanceUrl: app.instanceUrl,
      accountId: account.id,
      username: account.username,
      accessToken: tokens.accessToken,
      scopes: tokens.scopes.length > 0 ? tokens.scopes : app.scopes,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
    },
    limits,
  }
}

async function verifyCredentials(
  context: MastodonConnectContext,
  instanceUrl: string,
  accessToken: string,
  signal?: AbortSignal,
): Promise<{ id: string; username: string }> {
  let response: Response
  try {
    response = await context.fetch(`${instanceUrl}/api/v1/accounts/verify_credentials`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal,
    })
  } catch (error) {
    throw mastodonTransportFailure(error, true)
  }
  if (!response.ok) {
    throw await mastodonResponseFailure(response, {
      action: 'request',
      idempotent: true,
      now: context.now(),
    })
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
  if (typeof body.id !== 'string' || typeof body.username !== 'string') {
    throw new NetworkError({
      network: 'mastodon',
      kind: 'retryable',
      status: response.status,
      message: 'Mastodon: verify_credentials gave an answer without the account id',
    })
  }
  return { id: body.id, username: body.username }
}

/**
 * `mastodon.social`, `https://mastodon.social/`, `@me@mastodon.social` → `https://mastodon.social`.
 * Only https, and no loopback or private addresses: the URL comes from a person and Murmur's
 * server will call it.
 */
export function normalizeInstanceUrl(input: string, allowLocal = false): string {
  let value = input.trim()
  const handle = /^@?[^@\s/]+@([^@\s/]+)$/.exec(value)
  if (handle?.[1]) value = handle[1]
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) value = `https://${value}`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalidInstance(input, 'it is not a web address')
  }
  if (url.protocol !== 'https:' && !(allowLocal && url.protocol === 'http:')) {
    throw invalidInstance(input, 'Murmur only connects to servers over https')
  }
  if (!allowLocal && isLocalHost(url.hostname)) {
    throw invalidInstance(input, 'it points at a local or private address')
  }
  return url.origin
}

function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host === '::1' ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^169\.254\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    /^0\./.test(host) ||
    /^f[cd][0-9a-f]{2}:/.test(host) ||
    /^fe80:/.test(host)
  )
}

function invalidInstance(input: string, why: string): NetworkError {
  return new NetworkError({
    network: 'mastodon',
    kind: 'content_rejected',
    message: `Mastodon: "${input}" is not a server Murmur can connect to (${why})`,
  })
}
