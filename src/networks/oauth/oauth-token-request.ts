import { OAuth2Tokens } from 'arctic'
import {
  networkErrorFromResponse,
  networkErrorFromTransportFailure,
} from '../spec/classify-failure.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import { NETWORK_NAMES, type NetworkId } from '../spec/network-id.js'

/** Tokens as Murmur stores them: plain JSON, expiry as an ISO timestamp. */
export interface OAuthTokenSet {
  accessToken: string
  /** Absent when the network issues none (Mastodon, or X without `offline.access`). */
  refreshToken?: string
  /** Absent when the token does not expire (Mastodon). */
  expiresAt?: string
  scopes: string[]
}

export interface OAuthClientCredentials {
  clientId: string
  clientSecret?: string
  /**
   * How the client proves itself: HTTP Basic (X confidential clients) or `client_id` and
   * `client_secret` in the form body (Mastodon). Without a secret, only `client_id` is sent.
   */
  authentication: 'basic' | 'body'
}

export interface OAuthTokenRequest {
  network: NetworkId
  fetch: FetchFunction
  tokenEndpoint: string
  client: OAuthClientCredentials
  /** `grant_type` and its parameters. */
  params: Record<string, string>
  now?: () => number
  signal?: AbortSignal
}

/** OAuth errors that mean the grant (code or refresh token) is no longer usable. */
const GRANT_ERRORS = new Set([
  'invalid_grant',
  'invalid_request',
  'invalid_token',
  'unauthorized_client',
])

/**
 * Posts to a token endpoint and reads the answer with arctic's `OAuth2Tokens`. Sent through the
 * network's injected fetch (arctic's own request helpers always use the global one).
 *
 * A refused grant is `auth_expired`; refused client credentials are `content_rejected` (reconnecting
 * cannot fix Murmur's app settings); 429 and 5xx are `retryable`.
 */
export async function requestOAuthTokens(request: OAuthTokenRequest): Promise<OAuthTokenSet> {
  const { network, client } = request
  const name = NETWORK_NAMES[network]
  const body = new URLSearchParams(request.params)
  const headers = new Headers({
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  })
  if (client.clientSecret && client.authentication === 'basic') {
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')
    headers.set('authorization', `Basic ${basic}`)
  } else {
    body.set('client_id', client.clientId)
    if (client.clientSecret) body.set('client_secret', client.clientSecret)
  }
  // Spending a refresh token or a code twice fails, so a lost answer is not safe to repeat.
  const idempotent = false
  let response: Response
  try {
    response = await request.fetch(request.tokenEndpoint, {
      method: 'POST',
      headers,
      body,
      signal: request.signal,
    })
  } catch (error) {
    throw networkErrorFromTransportFailure({ network, error, idempotent })
  }
  const text = await response.text().catch(() => '')
  const data = parseJsonObject(text)
  if (!response.ok) {
    const oauthError = typeof data?.error === 'string' ? data.error : undefined
    const description =
      typeof data?.error_description === 'string' ? data.error_description : undefined
    const reason = [oauthError, description].filter(Boolean).join(': ') || undefined
    if ((response.status === 400 || response.status === 401) && oauthError === 'invalid_client') {
      throw new NetworkError({
        network,
        kind: 'content_rejected',
        status: response.status,
        code: oauthError,
        reason,
        body: text,
        message: `${name} refused Murmur's app credentials (${reason}); check the client id and secret in the settings`,
      })
    }
    if (
      (response.status === 400 || response.status === 401) &&
      (oauthError === undefined || GRANT_ERRORS.has(oauthError))
    ) {
      throw new NetworkError({
        network,
        kind: 'auth_expired',
        status: response.status,
        code: oauthError,
        reason,
        body: text,
        message: `${name} refused the sign-in grant${reason ? ` (${reason})` : ''}`,
      })
    }
    throw networkErrorFromResponse({
      network,
      status: response.status,
      headers: response.headers,
      body: text,
      idempotent,
      reason,
      code: oauthError,
      now: request.now?.(),
    })
  }
  try {
    const tokens = new OAuth2Tokens(data ?? {})
    const now = request.now?.() ?? Date.now()
    const expiresIn = 'expires_in' in (data ?? {}) ? tokens.accessTokenExpiresInSeconds() : null
    return {
      accessToken: tokens.accessToken(),
      ...(tokens.hasRefreshToken() && { refreshToken: tokens.refreshToken() }),
      ...(expiresIn !== null && { expiresAt: new Date(now + expiresIn * 1000).toISOString() }),
      scopes: tokens.hasScopes() ? tokens.scopes() : [],
    }
  } catch (error) {
    throw new NetworkError({
      network,
      // The grant was spent: a retry would fail, but the tokens may exist.
      kind: 'outcome_unknown',
      status: response.status,
      body: text.slice(0, 4000),
      message: `${name}: the token endpoint gave an answer Murmur does not understand`,
      cause: error,
    })
  }
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
