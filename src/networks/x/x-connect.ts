import {
  type AuthorizationStart,
  type CallbackQuery,
  readAuthorizationCallback,
  startAuthorization,
} from '../oauth/oauth-authorization.js'
import { type OAuthTokenSet, requestOAuthTokens } from '../oauth/oauth-token-request.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import type { XCredentials } from './x-credentials.js'
import { xResponseFailure, xTransportFailure } from './x-failure.js'

/**
 * Scopes Murmur asks for: publish and delete (`tweet.write`), read posts, metrics and mentions
 * (`tweet.read`, `users.read`), upload images (`media.write`), like from the inbox
 * (`like.write`), and a refresh token (`offline.access`) so the 2-hour access token can be
 * renewed without the owner.
 */
export const X_SCOPES = [
  'tweet.read',
  'tweet.write',
  'users.read',
  'media.write',
  'like.write',
  'offline.access',
] as const

/** The X developer app Murmur acts as: from MURMUR_X_CLIENT_ID / MURMUR_X_CLIENT_SECRET. */
export interface XAppCredentials {
  clientId: string
  /** Confidential clients (the default for a "Web App" on X) have one; public clients do not. */
  clientSecret?: string
}

export interface XConnectContext {
  fetch: FetchFunction
  apiBaseUrl: string
  authorizeUrl: string
  app: XAppCredentials | undefined
  now: () => number
}

export interface XConnectStart {
  /** `<MURMUR_PUBLIC_URL>/api/v1/oauth/x/callback`, registered on the X app exactly. */
  redirectUri: string
}

export interface XConnectFinish {
  /** The query string X sent to the redirect URI. */
  callback: CallbackQuery
  /** The `state` and `codeVerifier` kept from `startConnect`. */
  state: string
  codeVerifier: string
  redirectUri: string
  signal?: AbortSignal
}

export function startXConnect(
  context: XConnectContext,
  request: XConnectStart,
): AuthorizationStart {
  const app = requireApp(context.app)
  return startAuthorization({
    authorizationEndpoint: context.authorizeUrl,
    clientId: app.clientId,
    redirectUri: request.redirectUri,
    scopes: X_SCOPES,
  })
}

/** Trades the callback's code for tokens, then reads who connected: the channel's credentials. */
export async function finishXConnect(
  context: XConnectContext,
  request: XConnectFinish,
): Promise<XCredentials> {
  const app = requireApp(context.app)
  const { code } = readAuthorizationCallback('X', request.callback, request.state)
  const tokens = await requestOAuthTokens({
    network: 'x',
    fetch: context.fetch,
    tokenEndpoint: `${context.apiBaseUrl}/2/oauth2/token`,
    client: { ...app, authentication: 'basic' },
    params: {
      grant_type: 'authorization_code',
      code,
      redirect_uri: request.redirectUri,
      code_verifier: request.codeVerifier,
    },
    now: context.now,
    signal: request.signal,
  })
  const user = await fetchMe(context, tokens.accessToken, request.signal)
  return credentialsFrom(user, tokens)
}

/** The refresh-token grant; X rotates the refresh token on every use. */
export async function refreshXCredentials(
  context: XConnectContext,
  credentials: XCredentials,
  signal?: AbortSignal,
): Promise<XCredentials> {
  if (!context.app) {
    throw new NetworkError({
      network: 'x',
      kind: 'auth_expired',
      reason: 'no X app is configured (MURMUR_X_CLIENT_ID)',
      message: 'X: the access token expired and Murmur has no X app configured to renew it',
    })
  }
  const tokens = await requestOAuthTokens({
    network: 'x',
    fetch: context.fetch,
    tokenEndpoint: `${context.apiBaseUrl}/2/oauth2/token`,
    client: { ...context.app, authentication: 'basic' },
    params: { grant_type: 'refresh_token', refresh_token: credentials.refreshToken ?? '' },
    now: context.now,
    signal,
  })
  return credentialsFrom({ id: credentials.userId, username: credentials.username }, tokens)
}

function credentialsFrom(
  user: { id: string; username: string },
  tokens: OAuthTokenSet,
): XCredentials {
  return {
    userId: user.id,
    username: user.username,
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken && { refreshToken: tokens.refreshToken }),
    ...(tokens.expiresAt && { expiresAt: tokens.expiresAt }),
    scopes: tokens.scopes,
  }
}

async function fetchMe(
  context: XConnectContext,
  accessToken: string,
  signal?: AbortSignal,
): Promise<{ id: string; username: string }> {
  let response: Response
  try {
    response = await context.fetch(`${context.apiBaseUrl}/2/users/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
      signal,
    })
  } catch (error) {
    throw xTransportFailure(error, true)
  }
  if (!response.ok) {
    throw await xResponseFailure(response, {
      action: 'request',
      idempotent: true,
      now: context.now(),
    })
  }
  const body = (await response.json().catch(() => ({}))) as {
    data?: { id?: unknown; username?: unknown }
  }
  const { id, username } = body.data ?? {}
  if (typeof id !== 'string' || typeof username !== 'string') {
    throw new NetworkError({
      network: 'x',
      kind: 'retryable',
      status: response.status,
      message: 'X: /2/users/me gave an answer without the account id',
    })
  }
  return { id, username }
}

function requireApp(app: XAppCredentials | undefined): XAppCredentials {
  if (!app?.clientId) {
    throw new Error(
      'X: no X app is configured; set MURMUR_X_CLIENT_ID (and MURMUR_X_CLIENT_SECRET) first',
    )
  }
  return app
}
