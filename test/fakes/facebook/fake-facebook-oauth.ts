/**
 * Facebook Login as a server-side flow: the consent dialog (answered at once, as the person the
 * test chose, optionally with permissions unticked) and `/oauth/access_token` for the code
 * exchange and the long-lived `fb_exchange_token` grant.
 */
import { graphError } from '../meta/fake-graph-replies.js'
import type { FakeReply, FakeRequest } from '../support/fake-http-server.js'
import { type FakeFacebookState, randomToken } from './fake-facebook-state.js'

export const FACEBOOK_PERMISSIONS = new Set([
  'public_profile',
  'email',
  'pages_show_list',
  'pages_manage_posts',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_manage_engagement',
  'pages_manage_metadata',
  'read_insights',
  'business_management',
  'instagram_basic',
  'instagram_content_publish',
])

const CODE_LIFETIME_MS = 10 * 60_000
const SHORT_LIVED_MS = 2 * 60 * 60_000
/** Long-lived user tokens last about 60 days. */
export const LONG_LIVED_MS = 5_183_944_000

export interface FacebookConsent {
  /** Who logs in; `undefined` → the first person. */
  userId?: string
  /** Answer the next dialog with `error=access_denied`. */
  deny: boolean
  /** Permissions the person unticks on the next dialog. */
  decline: string[]
}

export function dialog(
  state: FakeFacebookState,
  request: FakeRequest,
  consent: FacebookConsent,
): FakeReply {
  const query = request.url.searchParams
  const redirectUri = query.get('redirect_uri') ?? ''
  if (query.get('client_id') !== state.app.clientId) {
    return htmlError('Invalid App ID: The provided app ID does not look like a valid app ID.')
  }
  if (!state.app.redirectUris.includes(redirectUri)) {
    return htmlError(
      "URL blocked: This redirect failed because the redirect URI is not whitelisted in the app's client OAuth settings.",
    )
  }
  const scopes = (query.get('scope') ?? '').split(/[ ,]+/).filter(Boolean)
  const unknown = scopes.filter((scope) => !FACEBOOK_PERMISSIONS.has(scope))
  if (unknown.length > 0) return htmlError(`Invalid Scopes: ${unknown.join(', ')}.`)
  const back = new URL(redirectUri)
  const returnedState = query.get('state')
  if (returnedState) back.searchParams.set('state', returnedState)
  if (consent.deny) {
    consent.deny = false
    back.searchParams.set('error', 'access_denied')
    back.searchParams.set('error_code', '200')
    back.searchParams.set('error_description', 'Permissions error')
    back.searchParams.set('error_reason', 'user_denied')
    return { status: 302, headers: { location: `${back.toString()}#_=_` } }
  }
  const userId = consent.userId ?? state.users.keys().next().value
  if (!userId) return htmlError('The fake has no person to log in with.')
  const granted = ['public_profile', ...scopes.filter((scope) => !consent.decline.includes(scope))]
  state.declined.set(
    userId,
    scopes.filter((scope) => consent.decline.includes(scope)),
  )
  consent.decline = []
  const code = `AQ${randomToken(32)}`
  state.codes.set(code, {
    userId,
    redirectUri,
    scopes: [...new Set(granted)],
    expiresAt: state.now() + CODE_LIFETIME_MS,
    used: false,
  })
  back.searchParams.set('code', code)
  return { status: 302, headers: { location: `${back.toString()}#_=_` } }
}

/** `GET /oauth/access_token`: a code for a user token, or a user token for a long-lived one. */
export function accessToken(state: FakeFacebookState, request: FakeRequest): FakeReply {
  const query = request.url.searchParams
  if (
    query.get('client_id') !== state.app.clientId ||
    query.get('client_secret') !== state.app.clientSecret
  ) {
    return graphError(400, { message: 'Error validating client secret.', code: 1 })
  }
  if (query.get('grant_type') === 'fb_exchange_token') {
    const stored = state.userTokens.get(query.get('fb_exchange_token') ?? '')
    if (!stored || stored.dead || stored.expiresAt <= state.now()) {
      return graphError(400, {
        message: 'Error validating access token: Session has expired.',
        code: 190,
        subcode: 463,
      })
    }
    return issue(state, stored.userId, stored.scopes, LONG_LIVED_MS)
  }
  const code = state.codes.get(query.get('code') ?? '')
  if (!code) {
    return graphError(400, { message: 'Invalid verification code format.', code: 100 })
  }
  if (code.used) {
    return graphError(400, {
      message: 'This authorization code has been used.',
      code: 100,
      subcode: 36009,
    })
  }
  if (code.expiresAt <= state.now()) {
    return graphError(400, {
      message: 'This authorization code has expired.',
      code: 100,
      subcode: 36007,
    })
  }
  if (code.redirectUri !== query.get('redirect_uri')) {
    return graphError(400, {
      message:
        'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      code: 100,
      subcode: 36008,
    })
  }
  code.used = true
  return issue(state, code.userId, code.scopes, SHORT_LIVED_MS)
}

export function issueUserToken(
  state: FakeFacebookState,
  userId: string,
  scopes: string[],
  lifetimeMs: number,
): string {
  const token = `EAAU${randomToken()}`
  state.userTokens.set(token, { userId, scopes, expiresAt: state.now() + lifetimeMs })
  return token
}

function issue(
  state: FakeFacebookState,
  userId: string,
  scopes: string[],
  lifetimeMs: number,
): FakeReply {
  const token = issueUserToken(state, userId, scopes, lifetimeMs)
  return {
    status: 200,
    body: { access_token: token, token_type: 'bearer', expires_in: Math.round(lifetimeMs / 1000) },
  }
}

function htmlError(message: string): FakeReply {
  return {
    status: 400,
    headers: { 'content-type': 'text/html' },
    body: `<h1>Error</h1><p>${message}</p>`,
  }
}
