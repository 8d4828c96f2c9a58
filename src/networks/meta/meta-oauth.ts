/**
 * OAuth the Meta way, by hand (arctic has no Threads or Instagram provider, and its Facebook one
 * hard-codes production hosts): an authorization URL with `state` (Meta takes no PKCE on these
 * flows), and token endpoints that answer `{access_token, token_type, expires_in}` — or, on
 * Instagram's, `{"data":[{access_token, user_id, permissions}]}`.
 */
import { generateState } from 'arctic'
import type { AuthorizationStart } from '../oauth/oauth-authorization.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import {
  metaFailureFromBody,
  metaTransportFailure,
  parseMetaErrorBody,
} from './meta-graph-error.js'
import { type MetaNetworkId, metaNetworkName } from './meta-network-id.js'

export interface MetaAuthorizationRequest {
  authorizationEndpoint: string
  clientId: string
  redirectUri: string
  scopes: readonly string[]
  /** Extra query parameters, e.g. Instagram's `enable_fb_login=0`. */
  extra?: Readonly<Record<string, string>>
}

/**
 * The consent page URL. `codeVerifier` is empty: these flows take no PKCE, and `state` alone
 * ties the callback to the person who started it. Scopes are comma-separated, as Meta documents.
 */
export function startMetaAuthorization(request: MetaAuthorizationRequest): AuthorizationStart {
  const state = generateState()
  const url = new URL(request.authorizationEndpoint)
  url.searchParams.set('client_id', request.clientId)
  url.searchParams.set('redirect_uri', request.redirectUri)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('scope', request.scopes.join(','))
  url.searchParams.set('state', state)
  for (const [key, value] of Object.entries(request.extra ?? {})) url.searchParams.set(key, value)
  return { url: url.toString(), state, codeVerifier: '' }
}

export interface MetaTokenRequest {
  network: MetaNetworkId
  fetch: FetchFunction
  method: 'GET' | 'POST'
  url: string
  params: Readonly<Record<string, string>>
  now: () => number
  signal?: AbortSignal
}

export interface MetaTokenAnswer {
  accessToken: string
  /** ISO 8601; absent when the token does not expire (Facebook Page tokens). */
  expiresAt?: string
  /** The account the token belongs to, when the endpoint says (Instagram, Threads). */
  userId?: string
  /** Granted permissions, when the endpoint lists them (Instagram). */
  permissions?: string[]
}

/**
 * Calls one of Meta's token endpoints. A refused code or token is `auth_expired`; refused app
 * credentials are `content_rejected` (reconnecting cannot fix Murmur's settings).
 */
export async function requestMetaToken(request: MetaTokenRequest): Promise<MetaTokenAnswer> {
  const { network } = request
  const name = metaNetworkName(network)
  const url = new URL(request.url)
  let body: URLSearchParams | undefined
  if (request.method === 'GET') {
    for (const [key, value] of Object.entries(request.params)) url.searchParams.set(key, value)
  } else {
    body = new URLSearchParams(request.params)
  }
  let response: Response
  try {
    response = await request.fetch(url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(body && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body,
      signal: request.signal,
    })
  } catch (error) {
    // Spending a code twice fails, so a lost answer is not safe to repeat.
    throw metaTransportFailure(network, error, false)
  }
  const text = await response.text().catch(() => '')
  if (!response.ok) throw tokenFailure(network, response, text, request.now())
  const record = firstRecord(text)
  const accessToken = record?.access_token
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new NetworkError({
      network,
      kind: 'outcome_unknown',
      status: response.status,
      body: text.slice(0, 4000),
      message: `${name}: the token endpoint gave an answer Murmur does not understand`,
    })
  }
  const expiresIn = Number(record?.expires_in)
  const userId = record?.user_id
  const permissions = record?.permissions
  return {
    accessToken,
    ...(Number.isFinite(expiresIn) &&
      expiresIn > 0 && { expiresAt: new Date(request.now() + expiresIn * 1000).toISOString() }),
    ...((typeof userId === 'string' || typeof userId === 'number') && { userId: String(userId) }),
    ...(typeof permissions === 'string' && {
      permissions: permissions.split(',').map((permission) => permission.trim()),
    }),
    ...(Array.isArray(permissions) && {
      permissions: permissions.filter((item): item is string => typeof item === 'string'),
    }),
  }
}

function tokenFailure(
  network: MetaNetworkId,
  response: Response,
  text: string,
  now: number,
): NetworkError {
  const name = metaNetworkName(network)
  const error = parseMetaErrorBody(text)
  const reason = error?.message
  // Meta says "Error validating client secret" (code 1 or 101) for Murmur's own app credentials.
  if (error?.code === 101 || /client secret|client_id|app id|platform app/i.test(reason ?? '')) {
    return new NetworkError({
      network,
      kind: 'content_rejected',
      status: response.status,
      reason,
      body: text.slice(0, 4000),
      message: `${name} refused Murmur's app credentials (${reason ?? 'no reason given'}); check the client id and secret in the settings`,
    })
  }
  if (response.status === 400 || response.status === 401 || error?.code === 190) {
    if (
      error?.code === undefined ||
      error.code === 100 ||
      error.code === 190 ||
      error.code === 400
    ) {
      return new NetworkError({
        network,
        kind: 'auth_expired',
        status: response.status,
        reason,
        code: error?.code === undefined ? undefined : String(error.code),
        body: text.slice(0, 4000),
        message: `${name} refused the sign-in grant${reason ? ` (${reason})` : ''}`,
      })
    }
  }
  return metaFailureFromBody(response.status, response.headers, text, {
    network,
    action: 'sign-in',
    idempotent: false,
    now,
  })
}

function firstRecord(text: string): Record<string, unknown> | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const record = parsed as Record<string, unknown>
  if (Array.isArray(record.data) && typeof record.data[0] === 'object' && record.data[0] !== null) {
    return record.data[0] as Record<string, unknown>
  }
  return record
}
