import { generateState, OAuth2Client } from 'arctic'
import {
  type AuthorizationStart,
  type CallbackQuery,
  readAuthorizationCallback,
} from '../oauth/oauth-authorization.js'
import { type OAuthTokenSet, requestOAuthTokens } from '../oauth/oauth-token-request.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import type { LinkedInCredentials } from './linkedin-credentials.js'
import { linkedInResponseFailure, linkedInTransportFailure } from './linkedin-failure.js'

/**
 * "Sign In with LinkedIn using OpenID Connect" (`openid profile`, to learn the member id) and
 * "Share on LinkedIn" (`w_member_social`, to post and comment): both self-serve products.
 */
export const LINKEDIN_SCOPES = ['openid', 'profile', 'w_member_social'] as const

/** Murmur's LinkedIn app: MURMUR_LINKEDIN_CLIENT_ID / MURMUR_LINKEDIN_CLIENT_SECRET. */
export interface LinkedInAppCredentials {
  clientId: string
  clientSecret?: string
}

export interface LinkedInConnectContext {
  fetch: FetchFunction
  /** `https://www.linkedin.com/oauth/v2` (authorization and accessToken). */
  oauthUrl: string
  /** `https://api.linkedin.com` */
  apiUrl: string
  app: LinkedInAppCredentials | undefined
  /** Extra scopes, e.g. `r_member_social` for apps LinkedIn approved to read comments. */
  extraScopes: readonly string[]
  now: () => number
}

export interface LinkedInConnectStart {
  /** `<MURMUR_PUBLIC_URL>/api/v1/oauth/linkedin/callback`, registered on the app exactly. */
  redirectUri: string
}

export interface LinkedInConnectFinish {
  callback: CallbackQuery
  state: string
  /** Unused: LinkedIn takes PKCE only from approved native apps. Accepted for uniformity. */
  codeVerifier?: string
  redirectUri: string
  signal?: AbortSignal
}

/** The authorization URL, built with arctic's OAuth 2.0 client (state, no PKCE). */
export function startLinkedInConnect(
  context: LinkedInConnectContext,
  request: LinkedInConnectStart,
): AuthorizationStart {
  const app = requireApp(context.app)
  const state = generateState()
  const client = new OAuth2Client(app.clientId, null, request.redirectUri)
  const url = client.createAuthorizationURL(`${context.oauthUrl}/authorization`, state, [
    ...LINKEDIN_SCOPES,
    ...context.extraScopes,
  ])
  return { url: url.toString(), state, codeVerifier: '' }
}

/** Trades the code for a 60-day token, then reads the member (OpenID `userinfo`). */
export async function finishLinkedInConnect(
  context: LinkedInConnectContext,
  request: LinkedInConnectFinish,
): Promise<LinkedInCredentials> {
  const app = requireApp(context.app)
  const { code } = readAuthorizationCallback(
    'LinkedIn',
    cancelledAsDenied(request.callback),
    request.state,
  )
  const tokens = await requestOAuthTokens({
    network: 'linkedin',
    fetch: context.fetch,
    tokenEndpoint: `${context.oauthUrl}/accessToken`,
    client: { ...app, authentication: 'body' },
    params: { grant_type: 'authorization_code', code, redirect_uri: request.redirectUri },
    now: context.now,
    signal: request.signal,
  })
  const member = await userInfo(context, tokens.accessToken, request.signal)
  return credentialsFrom(member, tokens)
}

/** The refresh-token grant, for the apps LinkedIn gives refresh tokens to. */
export async function refreshLinkedInCredentials(
  context: LinkedInConnectContext,
  credentials: LinkedInCredentials,
  signal?: AbortSignal,
): Promise<LinkedInCredentials> {
  if (!context.app?.clientSecret) {
    throw new NetworkError({
      network: 'linkedin',
      kind: 'auth_expired',
      reason: 'no LinkedIn app is configured (MURMUR_LINKEDIN_CLIENT_ID)',
      message:
        'LinkedIn: the access token expired and Murmur has no LinkedIn app configured to renew it',
    })
  }
  const tokens = await requestOAuthTokens({
    network: 'linkedin',
    fetch: context.fetch,
    tokenEndpoint: `${context.oauthUrl}/accessToken`,
    client: { ...context.app, authentication: 'body' },
    params: { grant_type: 'refresh_token', refresh_token: credentials.refreshToken ?? '' },
    now: context.now,
    signal,
  })
  // The refresh token keeps its first expiry; LinkedIn may or may not send it again.
  return {
    ...credentialsFrom(
      { sub: credentials.author.replace(/^urn:li:person:/, ''), name: credentials.name },
      tokens,
    ),
    author: credentials.author,
    ...(!tokens.refreshToken &&
      credentials.refreshToken && { refreshToken: credentials.refreshToken }),
    ...(credentials.refreshTokenExpiresAt && {
      refreshTokenExpiresAt: credentials.refreshTokenExpiresAt,
    }),
  }
}

interface Member {
  sub: string
  name: string
}

async function userInfo(
  context: LinkedInConnectContext,
  accessToken: string,
  signal?: AbortSignal,
): Promise<Member> {
  let response: Response
  try {
    response = await context.fetch(`${context.apiUrl}/v2/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
      signal,
    })
  } catch (error) {
    throw linkedInTransportFailure(error, true)
  }
  if (!response.ok) {
    throw await linkedInResponseFailure(response, {
      action: 'sign-in',
      idempotent: true,
      now: context.now(),
    })
  }
  const body = (await response.json().catch(() => ({}))) as { sub?: unknown; name?: unknown }
  if (typeof body.sub !== 'string' || body.sub === '') {
    throw new NetworkError({
      network: 'linkedin',
      kind: 'retryable',
      message: 'LinkedIn: userinfo gave an answer without the member id',
    })
  }
  return { sub: body.sub, name: typeof body.name === 'string' ? body.name : '' }
}

function credentialsFrom(member: Member, tokens: OAuthTokenSet): LinkedInCredentials {
  return {
    author: `urn:li:person:${member.sub}`,
    name: member.name,
    accessToken: tokens.accessToken,
    ...(tokens.expiresAt && { expiresAt: tokens.expiresAt }),
    ...(tokens.refreshToken && { refreshToken: tokens.refreshToken }),
    // LinkedIn lists granted scopes separated by commas, not spaces.
    scopes: tokens.scopes.flatMap((scope) => scope.split(',')).filter(Boolean),
  }
}

/** LinkedIn says `user_cancelled_authorize` / `user_cancelled_login` where OAuth says access_denied. */
function cancelledAsDenied(callback: CallbackQuery): URLSearchParams {
  const query = new URLSearchParams(
    callback instanceof URLSearchParams
      ? callback
      : Object.entries(callback).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
  )
  if (/^user_cancelled/.test(query.get('error') ?? '')) query.set('error', 'access_denied')
  return query
}

function requireApp(app: LinkedInAppCredentials | undefined): LinkedInAppCredentials {
  if (!app?.clientId || !app.clientSecret) {
    throw new Error(
      'LinkedIn: no LinkedIn app is configured; set MURMUR_LINKEDIN_CLIENT_ID and MURMUR_LINKEDIN_CLIENT_SECRET first',
    )
  }
  return app
}
