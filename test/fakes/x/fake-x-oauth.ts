/**
 * X's OAuth 2.0 endpoints: the consent page (answered at once, as the account the test chose)
 * and the token endpoint with PKCE, client authentication and rotating refresh tokens.
 */
import { createHash } from 'node:crypto'
import type { FakeReply, FakeRequest } from '../support/fake-http-server.js'
import { oauthError } from './fake-x-replies.js'
import { type FakeXState, randomToken } from './fake-x-state.js'

export const X_KNOWN_SCOPES = new Set([
  'tweet.read',
  'tweet.write',
  'tweet.moderate.write',
  'users.read',
  'users.email',
  'follows.read',
  'follows.write',
  'offline.access',
  'space.read',
  'mute.read',
  'mute.write',
  'like.read',
  'like.write',
  'list.read',
  'list.write',
  'block.read',
  'block.write',
  'bookmark.read',
  'bookmark.write',
  'media.write',
])

/** X's authorization codes are short-lived. */
const CODE_LIFETIME_MS = 30_000

export interface ConsentChoice {
  /** Who signs in on the consent page; `undefined` → the first account. */
  userId?: string
  /** Answer the next authorization with `error=access_denied`. */
  deny: boolean
}

export function authorize(
  state: FakeXState,
  request: FakeRequest,
  consent: ConsentChoice,
): FakeReply {
  const query = request.url.searchParams
  const clientId = query.get('client_id') ?? ''
  const redirectUri = query.get('redirect_uri') ?? ''
  const app = state.apps.get(clientId)
  // Without a known client and an exact registered redirect URI, X shows an error page.
  if (!app?.redirectUris.includes(redirectUri)) {
    return {
      status: 400,
      headers: { 'content-type': 'text/html' },
      body: '<h1>Something went wrong</h1><p>You weren’t able to give access to the App.</p>',
    }
  }
  const back = new URL(redirectUri)
  const returnedState = query.get('state')
  if (returnedState) back.searchParams.set('state', returnedState)
  const fail = (error: string, description: string): FakeReply => {
    back.searchParams.set('error', error)
    back.searchParams.set('error_description', description)
    return { status: 302, headers: { location: back.toString() } }
  }
  if (query.get('response_type') !== 'code')
    return fail('unsupported_response_type', 'response_type must be code')
  if (!returnedState || returnedState.length > 500)
    return fail('invalid_request', 'state is required (at most 500 characters)')
  const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean)
  if (scopes.length === 0 || scopes.some((scope) => !X_KNOWN_SCOPES.has(scope))) {
    return fail('invalid_scope', 'unknown or missing scope')
  }
  const codeChallenge = query.get('code_challenge') ?? ''
  const method = query.get('code_challenge_method') ?? 'plain'
  // X requires PKCE on every authorization.
  if (!codeChallenge || (method !== 'S256' && method !== 'plain')) {
    return fail('invalid_request', 'code_challenge and code_challenge_method are required')
  }
  if (consent.deny) {
    consent.deny = false
    return fail('access_denied', 'The user denied the request')
  }
  const userId = consent.userId ?? state.users.keys().next().value
  if (!userId) return fail('server_error', 'the fake has no account to sign in with')
  const code = randomToken()
  state.codes.set(code, {
    clientId,
    userId,
    redirectUri,
    scopes,
    codeChallenge,
    codeChallengeMethod: method,
    expiresAt: state.now() + CODE_LIFETIME_MS,
    used: false,
  })
  back.searchParams.set('code', code)
  return { status: 302, headers: { location: back.toString() } }
}

export async function token(
  state: FakeXState,
  request: FakeRequest,
  accessTokenLifetimeMs: number,
): Promise<FakeReply> {
  if (!(request.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    return oauthError(400, 'invalid_request', 'Missing required parameter [grant_type].')
  }
  const form = new URLSearchParams(request.text())
  const basic = request.basic()
  const clientId = basic?.username ?? form.get('client_id') ?? ''
  const app = state.apps.get(clientId)
  if (!app) return oauthError(401, 'invalid_client', 'Missing valid authorization header')
  // Confidential clients must authenticate with HTTP Basic.
  if (app.clientSecret !== undefined && basic?.password !== app.clientSecret) {
    return oauthError(401, 'unauthorized_client', 'Missing valid authorization header')
  }
  const grantType = form.get('grant_type')
  if (grantType === 'authorization_code') {
    const code = state.codes.get(form.get('code') ?? '')
    const verifier = form.get('code_verifier') ?? ''
    const challenge =
      code?.codeChallengeMethod === 'S256'
        ? createHash('sha256').update(verifier).digest('base64url')
        : verifier
    if (
      !code ||
      code.used ||
      code.expiresAt < state.now() ||
      code.clientId !== clientId ||
      code.redirectUri !== form.get('redirect_uri') ||
      challenge !== code.codeChallenge
    ) {
      return oauthError(
        400,
        'invalid_request',
        'Value passed for the authorization code was invalid.',
      )
    }
    code.used = true
    return issue(state, code.userId, clientId, code.scopes, accessTokenLifetimeMs)
  }
  if (grantType === 'refresh_token') {
    const refreshToken = form.get('refresh_token') ?? ''
    const stored = state.refreshTokens.get(refreshToken)
    if (!stored || stored.dead || stored.clientId !== clientId) {
      return oauthError(400, 'invalid_request', 'Value passed for the token was invalid.')
    }
    // Rotation: the refresh token just spent stops working.
    stored.dead = true
    return issue(state, stored.userId, clientId, stored.scopes, accessTokenLifetimeMs)
  }
  return oauthError(400, 'unsupported_grant_type', `grant_type ${grantType ?? ''} is not supported`)
}

export function revoke(state: FakeXState, request: FakeRequest): FakeReply {
  const form = new URLSearchParams(request.text())
  const value = form.get('token') ?? ''
  const access = state.accessTokens.get(value)
  if (access) access.revoked = true
  const refresh = state.refreshTokens.get(value)
  if (refresh) refresh.dead = true
  return { status: 200, body: { revoked: true } }
}

export function issueTokenPair(
  state: FakeXState,
  userId: string,
  clientId: string,
  scopes: string[],
  lifetimeMs: number,
): { accessToken: string; refreshToken?: string; expiresAt: number } {
  const accessToken = randomToken()
  const expiresAt = state.now() + lifetimeMs
  state.accessTokens.set(accessToken, { userId, clientId, scopes, expiresAt, revoked: false })
  if (!scopes.includes('offline.access')) return { accessToken, expiresAt }
  const refreshToken = randomToken()
  state.refreshTokens.set(refreshToken, { userId, clientId, scopes, dead: false })
  return { accessToken, refreshToken, expiresAt }
}

function issue(
  state: FakeXState,
  userId: string,
  clientId: string,
  scopes: string[],
  lifetimeMs: number,
): FakeReply {
  const pair = issueTokenPair(state, userId, clientId, scopes, lifetimeMs)
  return {
    status: 200,
    body: {
      token_type: 'bearer',
      expires_in: Math.round(lifetimeMs / 1000),
      access_token: pair.accessToken,
      scope: scopes.join(' '),
      ...(pair.refreshToken && { refresh_token: pair.refreshToken }),
    },
  }
}
