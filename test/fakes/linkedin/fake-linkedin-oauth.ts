/**
 * LinkedIn's 3-legged OAuth: the consent page (answered at once), `/oauth/v2/accessToken`
 * (60-day access tokens; refresh tokens only for approved apps, 365 days), and OpenID
 * `/v2/userinfo`.
 */
import type { FakeReply, FakeRequest } from '../support/fake-http-server.js'
import { type FakeLinkedInState, randomToken } from './fake-linkedin-state.js'

export const LINKEDIN_PERMISSIONS = new Set([
  'openid',
  'profile',
  'email',
  'w_member_social',
  'r_member_social',
  'w_organization_social',
  'r_organization_social',
  'rw_organization_admin',
])

export const ACCESS_TOKEN_MS = 5_183_999_000
const REFRESH_TOKEN_MS = 31_536_059_000

export interface LinkedInConsent {
  sub?: string
  /** Cancel on the consent page (LinkedIn's `user_cancelled_authorize`). */
  cancel: boolean
}

export function authorization(
  state: FakeLinkedInState,
  request: FakeRequest,
  consent: LinkedInConsent,
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
      body: '<p>The redirect_uri does not match the registered value</p>',
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
    return fail('invalid_request', 'response_type must be code')
  const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean)
  const unknown = scopes.filter((scope) => !LINKEDIN_PERMISSIONS.has(scope))
  if (scopes.length === 0 || unknown.length > 0) {
    return fail(
      'unauthorized_scope_error',
      `Scope "${unknown[0] ?? ''}" is not authorized for your application`,
    )
  }
  if (consent.cancel) {
    consent.cancel = false
    return fail('user_cancelled_authorize', 'The user cancelled the authorization')
  }
  const sub = consent.sub ?? state.members.keys().next().value
  if (!sub) return fail('server_error', 'the fake has no member to sign in with')
  const code = randomToken()
  state.codes.set(code, { sub, redirectUri, scopes, used: false })
  back.searchParams.set('code', code)
  return { status: 302, headers: { location: back.toString() } }
}

function oauthError(status: number, error: string, description: string): FakeReply {
  return { status, body: { error, error_description: description } }
}

export async function accessToken(
  state: FakeLinkedInState,
  request: FakeRequest,
): Promise<FakeReply> {
  if (!(request.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    return oauthError(400, 'invalid_request', 'A required parameter "grant_type" is missing')
  }
  const form = new URLSearchParams(request.text())
  if (
    form.get('client_id') !== state.app.clientId ||
    form.get('client_secret') !== state.app.clientSecret
  ) {
    return oauthError(401, 'invalid_client', 'Client authentication failed')
  }
  const grantType = form.get('grant_type')
  if (grantType === 'authorization_code') {
    const code = state.codes.get(form.get('code') ?? '')
    if (!code || code.used || code.redirectUri !== form.get('redirect_uri')) {
      return oauthError(
        400,
        'invalid_request',
        'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.',
      )
    }
    code.used = true
    return { status: 200, body: issueLinkedInTokens(state, code.sub, code.scopes) }
  }
  if (grantType === 'refresh_token') {
    const stored = state.refreshTokens.get(form.get('refresh_token') ?? '')
    if (!state.app.refreshTokens || !stored || stored.dead || stored.expiresAt <= state.now()) {
      return oauthError(400, 'invalid_request', 'The provided refresh token is invalid or expired')
    }
    const accessToken = randomToken()
    state.tokens.set(accessToken, {
      sub: stored.sub,
      scopes: stored.scopes,
      expiresAt: state.now() + ACCESS_TOKEN_MS,
      revoked: false,
    })
    return {
      status: 200,
      body: {
        access_token: accessToken,
        expires_in: ACCESS_TOKEN_MS / 1000,
        // LinkedIn returns the same refresh token, its lifetime counting down from the first grant.
        refresh_token: form.get('refresh_token'),
        refresh_token_expires_in: Math.floor((stored.expiresAt - state.now()) / 1000),
        scope: stored.scopes.join(','),
      },
    }
  }
  return oauthError(400, 'unsupported_grant_type', `grant_type ${grantType ?? ''} is not supported`)
}

export function issueLinkedInTokens(
  state: FakeLinkedInState,
  sub: string,
  scopes: string[],
  lifetimeMs = ACCESS_TOKEN_MS,
): Record<string, unknown> {
  const accessToken = randomToken()
  state.tokens.set(accessToken, {
    sub,
    scopes,
    expiresAt: state.now() + lifetimeMs,
    revoked: false,
  })
  const body: Record<string, unknown> = {
    access_token: accessToken,
    expires_in: Math.round(lifetimeMs / 1000),
    scope: scopes.join(','),
    token_type: 'Bearer',
  }
  if (state.app.refreshTokens) {
    const refreshToken = randomToken()
    state.refreshTokens.set(refreshToken, {
      sub,
      scopes,
      expiresAt: state.now() + REFRESH_TOKEN_MS,
      dead: false,
    })
    body.refresh_token = refreshToken
    body.refresh_token_expires_in = REFRESH_TOKEN_MS / 1000
  }
  return body
}

export function userInfo(state: FakeLinkedInState, request: FakeRequest): FakeReply {
  const token = state.tokens.get(
    /^Bearer\s+(.+)$/i.exec(request.header('authorization') ?? '')?.[1] ?? '',
  )
  if (!token || token.revoked || token.expiresAt <= state.now()) {
    return {
      status: 401,
      body: {
        serviceErrorCode: 65600,
        message: 'Invalid access token',
        status: 401,
        code: 'INVALID_ACCESS_TOKEN',
      },
    }
  }
  if (!token.scopes.includes('openid')) {
    return {
      status: 403,
      body: {
        serviceErrorCode: 100,
        message: 'Not enough permissions to access: userinfo.GET.NO_VERSION',
        status: 403,
        code: 'ACCESS_DENIED',
      },
    }
  }
  const member = state.members.get(token.sub)!
  const [given = '', ...family] = member.name.split(' ')
  return {
    status: 200,
    body: {
      sub: member.sub,
      email_verified: true,
      name: member.name,
      given_name: given,
      family_name: family.join(' '),
      locale: { country: 'US', language: 'en' },
    },
  }
}
