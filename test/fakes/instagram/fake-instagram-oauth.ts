/**
 * Business Login for Instagram: the consent page on www.instagram.com, the code exchange on
 * api.instagram.com (`{"data":[{access_token, user_id, permissions}]}`, errors as
 * `{error_type, code, error_message}`), and `ig_exchange_token` / `ig_refresh_token` on
 * graph.instagram.com.
 */
import { graphError } from '../meta/fake-graph-replies.js'
import type { FakeReply, FakeRequest } from '../support/fake-http-server.js'
import { type FakeInstagramState, randomToken } from './fake-instagram-state.js'

export const INSTAGRAM_PERMISSIONS = new Set([
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_comments',
  'instagram_business_manage_insights',
  'instagram_business_manage_messages',
])

export const SHORT_LIVED_MS = 60 * 60_000
export const LONG_LIVED_MS = 5_183_944_000
const DAY = 24 * 60 * 60_000

export interface InstagramConsent {
  userId?: string
  deny: boolean
}

export function authorize(
  state: FakeInstagramState,
  request: FakeRequest,
  consent: InstagramConsent,
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
      body: '<p>Invalid redirect_uri</p>',
    }
  }
  const scopes = (query.get('scope') ?? '').split(/[ ,]+/).filter(Boolean)
  const back = new URL(redirectUri)
  const returnedState = query.get('state')
  if (returnedState) back.searchParams.set('state', returnedState)
  const fail = (error: string, description: string, reason: string): FakeReply => {
    back.searchParams.set('error', error)
    back.searchParams.set('error_reason', reason)
    back.searchParams.set('error_description', description)
    return { status: 302, headers: { location: `${back.toString()}#_` } }
  }
  if (
    !scopes.includes('instagram_business_basic') ||
    scopes.some((scope) => !INSTAGRAM_PERMISSIONS.has(scope))
  ) {
    return fail('invalid_scope', 'instagram_business_basic is required', 'invalid_scope')
  }
  if (consent.deny) {
    consent.deny = false
    return fail('access_denied', 'The user denied your request.', 'user_denied')
  }
  const userId = consent.userId ?? state.users.keys().next().value
  if (!userId) return fail('server_error', 'the fake has no account', 'server_error')
  const code = randomToken()
  state.codes.set(code, { userId, redirectUri, scopes, used: false })
  back.searchParams.set('code', code)
  return { status: 302, headers: { location: `${back.toString()}#_` } }
}

function oauthError(message: string): FakeReply {
  return { status: 400, body: { error_type: 'OAuthException', code: 400, error_message: message } }
}

export async function exchangeCode(
  state: FakeInstagramState,
  request: FakeRequest,
): Promise<FakeReply> {
  const form = await request.formData()
  const get = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : undefined
  }
  if (get('client_id') !== state.app.clientId) return oauthError('Invalid platform app')
  if (get('client_secret') !== state.app.clientSecret)
    return oauthError('Error validating client secret.')
  if (get('grant_type') !== 'authorization_code') return oauthError('Unsupported grant_type')
  const code = state.codes.get(get('code') ?? '')
  if (!code || code.used) return oauthError('Invalid authorization code')
  if (code.redirectUri !== get('redirect_uri'))
    return oauthError(
      'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
    )
  code.used = true
  const token = issueInstagramToken(state, code.userId, code.scopes, false)
  return {
    status: 200,
    body: {
      data: [{ access_token: token, user_id: code.userId, permissions: code.scopes.join(',') }],
    },
  }
}

export function exchangeForLongLived(state: FakeInstagramState, request: FakeRequest): FakeReply {
  const query = request.url.searchParams
  if (query.get('grant_type') !== 'ig_exchange_token')
    return graphError(400, { message: 'Unsupported grant_type', code: 100 })
  if (query.get('client_secret') !== state.app.clientSecret)
    return graphError(400, { message: 'Error validating client secret.', code: 101 })
  const stored = state.tokens.get(query.get('access_token') ?? '')
  if (!stored || stored.revoked || stored.expiresAt <= state.now()) {
    return graphError(400, {
      message: 'Error validating access token: Session has expired.',
      code: 190,
      subcode: 463,
    })
  }
  const token = issueInstagramToken(state, stored.userId, stored.scopes, true)
  return {
    status: 200,
    body: { access_token: token, token_type: 'bearer', expires_in: LONG_LIVED_MS / 1000 },
  }
}

export function refresh(state: FakeInstagramState, request: FakeRequest): FakeReply {
  const query = request.url.searchParams
  if (query.get('grant_type') !== 'ig_refresh_token')
    return graphError(400, { message: 'Unsupported grant_type', code: 100 })
  const stored = state.tokens.get(query.get('access_token') ?? '')
  if (!stored || stored.revoked)
    return graphError(400, {
      message: 'Invalid OAuth access token - Cannot parse access token',
      code: 190,
    })
  if (stored.expiresAt <= state.now()) {
    return graphError(400, {
      message: 'Error validating access token: Session has expired.',
      code: 190,
      subcode: 463,
    })
  }
  if (!stored.longLived || state.now() - stored.issuedAt < DAY) {
    return graphError(400, {
      message: 'The access token must be a long-lived token at least 24 hours old',
      code: 100,
    })
  }
  const token = issueInstagramToken(state, stored.userId, stored.scopes, true)
  return {
    status: 200,
    body: { access_token: token, token_type: 'bearer', expires_in: LONG_LIVED_MS / 1000 },
  }
}

export function issueInstagramToken(
  state: FakeInstagramState,
  userId: string,
  scopes: string[],
  longLived: boolean,
  options: { issuedAt?: number; expiresAt?: number } = {},
): string {
  const token = `IGAA${randomToken()}`
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
