import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import {
  AuthorizationCallbackError,
  readAuthorizationCallback,
  startAuthorization,
} from './oauth-authorization.js'
import { requestOAuthTokens } from './oauth-token-request.js'

/** A token endpoint that answers one fixed response and records what it got. */
function endpoint(status: number, body: unknown, headers: Record<string, string> = {}) {
  const seen: Request[] = []
  const fetch: FetchFunction = async (input, init) => {
    seen.push(new Request(input, init))
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    })
  }
  return { fetch, seen }
}

const now = () => Date.parse('2026-11-01T12:00:00Z')

describe('startAuthorization', () => {
  it('builds a PKCE (S256) authorization URL with state and scopes', () => {
    const start = startAuthorization({
      authorizationEndpoint: 'https://x.com/i/oauth2/authorize',
      clientId: 'client',
      redirectUri: 'https://murmur.example/api/v1/oauth/x/callback',
      scopes: ['tweet.read', 'offline.access'],
    })
    const url = new URL(start.url)
    expect(url.origin + url.pathname).toBe('https://x.com/i/oauth2/authorize')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client',
      redirect_uri: 'https://murmur.example/api/v1/oauth/x/callback',
      state: start.state,
      code_challenge_method: 'S256',
      code_challenge: createHash('sha256').update(start.codeVerifier).digest('base64url'),
      scope: 'tweet.read offline.access',
    })
    expect(start.state.length).toBeGreaterThanOrEqual(20)
    expect(start.codeVerifier.length).toBeGreaterThanOrEqual(43)
  })
})

describe('readAuthorizationCallback', () => {
  it('returns the code when the state matches', () => {
    expect(readAuthorizationCallback('X', { code: 'abc', state: 'state-1' }, 'state-1')).toEqual({
      code: 'abc',
    })
  })

  it.each([
    [{ code: 'abc', state: 'other' }, 'state_mismatch'],
    [{ code: 'abc' }, 'state_mismatch'],
    [{ error: 'access_denied', state: 'state-1' }, 'access_denied'],
    [{ error: 'invalid_scope', error_description: 'bad', state: 'state-1' }, 'provider_error'],
    [{ state: 'state-1' }, 'missing_code'],
  ] as const)('refuses %j with %s', (query, failure) => {
    const error = (() => {
      try {
        readAuthorizationCallback('X', new URLSearchParams(query), 'state-1')
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(AuthorizationCallbackError)
    expect(error).toMatchObject({ failure })
  })
})

describe('requestOAuthTokens', () => {
  it('sends HTTP Basic for confidential clients and reads tokens with their expiry', async () => {
    const { fetch, seen } = endpoint(200, {
      token_type: 'bearer',
      expires_in: 7200,
      access_token: 'new-access',
      refresh_token: 'new-refresh',
      scope: 'tweet.read offline.access',
    })
    const tokens = await requestOAuthTokens({
      network: 'x',
      fetch,
      tokenEndpoint: 'https://api.x.com/2/oauth2/token',
      client: { clientId: 'id', clientSecret: 'secret', authentication: 'basic' },
      params: { grant_type: 'refresh_token', refresh_token: 'old' },
      now,
    })
    expect(tokens).toEqual({
      accessToken: 'new-access',
      refreshToken: 'new-refresh',
      expiresAt: '2026-11-01T14:00:00.000Z',
      scopes: ['tweet.read', 'offline.access'],
    })
    const request = seen[0]!
    expect(request.headers.get('authorization')).toBe(
      `Basic ${Buffer.from('id:secret').toString('base64')}`,
    )
    expect(Object.fromEntries(new URLSearchParams(await request.text()))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'old',
    })
  })

  it('sends client_id and client_secret in the body when the network wants that', async () => {
    const { fetch, seen } = endpoint(200, {
      access_token: 'token',
      token_type: 'Bearer',
      scope: 'read',
      created_at: 1,
    })
    const tokens = await requestOAuthTokens({
      network: 'mastodon',
      fetch,
      tokenEndpoint: 'https://mastodon.example/oauth/token',
      client: { clientId: 'id', clientSecret: 'secret', authentication: 'body' },
      params: { grant_type: 'authorization_code', code: 'c' },
    })
    expect(tokens).toEqual({ accessToken: 'token', scopes: ['read'] })
    const body = new URLSearchParams(await seen[0]!.text())
    expect(body.get('client_id')).toBe('id')
    expect(body.get('client_secret')).toBe('secret')
    expect(seen[0]!.headers.get('authorization')).toBeNull()
  })

  it.each([
    [400, { error: 'invalid_grant', error_description: 'expired' }, 'auth_expired'],
    [
      400,
      { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' },
      'auth_expired',
    ],
    [401, { error: 'invalid_client' }, 'content_rejected'],
    [503, { error: 'unavailable' }, 'retryable'],
    [429, {}, 'retryable'],
  ] as const)('maps HTTP %i %j to %s', async (status, body, kind) => {
    const { fetch } = endpoint(status, body, { 'retry-after': '30' })
    const error = await requestOAuthTokens({
      network: 'x',
      fetch,
      tokenEndpoint: 'https://api.x.com/2/oauth2/token',
      client: { clientId: 'id', authentication: 'basic' },
      params: { grant_type: 'refresh_token', refresh_token: 'old' },
    }).catch((caught: unknown) => caught)
    expect(NetworkError.isInstance(error)).toBe(true)
    expect(error).toMatchObject({ kind, network: 'x', status })
  })

  it('calls a lost answer outcome_unknown: the grant may be spent', async () => {
    const fetch: FetchFunction = async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })
    }
    const error = await requestOAuthTokens({
      network: 'x',
      fetch,
      tokenEndpoint: 'https://api.x.com/2/oauth2/token',
      client: { clientId: 'id', authentication: 'basic' },
      params: { grant_type: 'refresh_token', refresh_token: 'old' },
    }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ kind: 'outcome_unknown' })
  })
})
