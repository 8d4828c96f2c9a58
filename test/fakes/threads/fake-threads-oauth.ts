/**
 * Threads' OAuth: the consent page on threads.net, the code exchange on graph.threads.net (a
 * short-lived token, 1 hour), `th_exchange_token` (60 days) and `th_refresh_token` (a long-lived
 * token at least 24 hours old and not expired).
 */
import { graphError } from '../meta/fake-graph-replies.js'
import type { FakeReply, FakeRequest } from '../support/fake-http-server.js'
import { type FakeThreadsState, randomToken } from './fake-threads-state.js'

export const THREADS_PERMISSIONS = new Set([
  'threads_basic',
  'threads_content_publish',
  'threads_manage_replies',
  'threads_read_replies',
  'threads_manage_mentions',
  'threads_manage_insights',
  'threads_delete',
  'threads_keyword_search',
])

export const SHORT_LIVED_MS = 60 * 60_000
export const LONG_LIVED_MS = 5_184_000_000
const DAY = 24 * 60 * 60_000

export interface ThreadsConsent {
  userId?: string
  deny: boolean
}

export function authorize(
  state: FakeThreadsState,
  request: FakeRequest,
  consent: ThreadsConsent,
): FakeReply {
  const query = request.url.searchParams
  const redirectUri = query.get('redirect_uri') ?? ''
  if (
    query.get('client_id') !== state.app.clientId ||
    !state.app.redirectUris.includes(redirectUri)
  ) {
    return {
      status: 400,
      headers: { 'content-type': 'text/html' },
      body: '<p>Invalid redirect_uri or client_id</p>',
    }
  }
  const scopes = (query.get('scope') ?? '').split(/[ ,]+/).filter(Boolean)
  const back = new URL(redirectUri)
  const returnedState = query.get('state')
  if (returnedState) back.searchParams.set('state', returnedState)
  const fail = (error: string, description: string): FakeReply => {
    back.searchParams.set('error', error)
    back.searchParams.set('error_description', description)
    return { status: 302, headers: { location: back.toString() } }
  }
  if (
    !scopes.includes('threads_basic') ||
    scopes.some((scope) => !THREADS_PERMISSIONS.has(scope))
  ) {
    return fail('invalid_scope', 'threads_basic is required and every scope must be valid')
  }
  if (consent.deny) {
    consent.deny = false
    back.searchParams.set('error_reason', 'user_denied')
    return fail('access_denied', 'Permissions error')
  }
  const userId = consent.userId ?? state.users.keys().next().value
  if (!userId) return fail('server_error', 'the fake has no profile to sign in with')
  const code = randomToken()
  state.codes.set(code, { userId, redirectUri, scopes, used: false })
  back.searchParams.set('code', code)
  // Meta appends "#_" to the redirect; browsers keep it out of the query.
  return { status: 302, headers: { location: `${back.toString()}#_` } }
}

/** `POST /oauth/access_token` (form): the code for a short-lived token and the user id. */
export async function exchangeCode(
  state: FakeThreadsState,
  request: FakeRequest,
): Promise<FakeReply> {
  const form = await request.formData()
  const get = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : undefined
  }
  if (get('client_id') !== state.app.clientId || get('client_secret') !== state.app.clientSecret) {
    return graphError(400, {
      message: 'Error validating client secret.',
      code: 101,
      type: 'OAuthException',
    })
  }
  if (get('grant_type') !== 'authorization_code') {
    return graphError(400, { message: 'Unsupported grant_type', code: 100 })
  }
  const code = state.codes.get(get('code') ?? '')
  if (!code || code.used || code.redirectUri !== get('redirect_uri')) {
    return graphError(400, {
      message: 'Invalid verification code format.',
      code: 100,
      subcode: 36009,
    })
  }
  code.used = true
  const token = issueThreadsToken(state, code.userId, code.scopes, false)
  return { status: 200, body: { access_token: token, user_id: Number(code.userId) } }
}

/** `GET /access_token?grant_type=th_exchange_token`: a short-lived token for a 60-day one. */
export function exchangeForLongLived(state: FakeThreadsState, request: FakeRequest): FakeReply {
  const query = request.url.searchParams
  if (query.get('grant_type') !== 'th_exchange_token')
    return graphError(400, { message: 'Unsupported grant_type', code: 100 })
  if (query.get('client_secret') !== state.app.clientSecret) {
    return graphError(400, { message: 'Error validating client secret.', code: 101 })
  }
  const stored = state.tokens.get(query.get('access_token') ?? '')
  if (!stored || stored.revoked || stored.expiresAt <= state.now()) {
    return graphError(400, {
      message: 'Error validating access token: Session has expired.',
      code: 190,
      subcode: 463,
    })
  }
  if (stored.longLived)
    return graphError(400, { message: 'The access token is already long-lived', code: 100 })
  const token = issueThreadsToken(state, stored.userId, stored.scopes, true)
  return {
    status: 200,
    body: { access_token: token, token_type: 'bearer', expires_in: LONG_LIVED_MS / 1000 },
  }
}

/** `GET /refresh_access_token?grant_type=th_refresh_token`. */
export function refresh(state: FakeThreadsState, request: FakeRequest): FakeReply {
  const query = request.url.searchParams
  if (query.get('grant_type') !== 'th_refresh_token')
    return graphError(400, { message: 'Unsupported grant_type', code: 100 })
  const stored = state.tokens.get(query.get('access_token') ?? '')
  if (!stored || stored.revoked) {
    return graphError(400, {
      message: 'Invalid OAuth access token - Cannot parse access token',
      code: 190,
    })
  }
  if (stored.expiresAt <= state.now()) {
    return graphError(400, {
      message: 'Error validating access token: Session has expired.',
      code: 190,
      subcode: 463,
    })
  }
  if (!stored.longLived || state.now() - stored.issuedAt < DAY) {
    return graphError(400, {
      message: 'The access token must be a long-lived token issued at least 24 hours ago',
      code: 100,
    })
  }
  const token = issueThreadsToken(state, stored.userId, stored.scopes, true)
  return {
    status: 200,
    body: { access_token: token, token_type: 'bearer', expires_in: LONG_LIVED_MS / 1000 },
  }
}

export function issueThreadsToken(
  state: FakeThreadsState,
  userId: string,
  scopes: string[],
  longLived: boolean,
  options: { issuedAt?: number; expiresAt?: number } = {},
): string {
  const token = `THAA${randomToken()}`
  const issuedAt = options.issuedAt ?? state.now()
  state.tokens.set(token, {
    userId,
    scopes,
    longLived,
    issuedAt,
    expiresAt: options.expiresAt ?? issuedAt + (longLived ? LONG_LIVED_MS : SHORT_LIVED_MS),
    revoked: false,
  })
  return token
}
