import { MetaGraphClient } from '../meta/meta-graph-client.js'
import {
  type MetaTokenAnswer,
  requestMetaToken,
  startMetaAuthorization,
} from '../meta/meta-oauth.js'
import type { MetaUsageGate } from '../meta/meta-usage.js'
import {
  type AuthorizationStart,
  type CallbackQuery,
  readAuthorizationCallback,
} from '../oauth/oauth-authorization.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import type { InstagramCredentials } from './instagram-credentials.js'

/** Business Login for Instagram: profile, publishing, comments and insights. */
export const INSTAGRAM_SCOPES = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_comments',
  'instagram_business_manage_insights',
] as const

/** Account types that can be connected; personal accounts cannot use the API at all. */
const PROFESSIONAL_TYPES = new Set(['BUSINESS', 'MEDIA_CREATOR', 'CREATOR'])

/** The Instagram app id and secret (App Dashboard › Instagram › API setup): MURMUR_INSTAGRAM_… */
export interface InstagramAppCredentials {
  clientId: string
  clientSecret?: string
}

export interface InstagramConnectContext {
  fetch: FetchFunction
  /** `https://graph.instagram.com` (long-lived token endpoints, unversioned). */
  graphUrl: string
  /** `https://graph.instagram.com/v25.0` */
  graphBaseUrl: string
  /** `https://api.instagram.com/oauth/access_token` (the code exchange). */
  tokenUrl: string
  /** `https://www.instagram.com/oauth/authorize` */
  authorizeUrl: string
  app: InstagramAppCredentials | undefined
  gate: MetaUsageGate
  timeoutMs: number
  now: () => number
}

export interface InstagramConnectStart {
  /** `<MURMUR_PUBLIC_URL>/api/v1/oauth/instagram/callback`, registered on the app exactly. */
  redirectUri: string
}

export interface InstagramConnectFinish {
  callback: CallbackQuery
  state: string
  /** Unused: Instagram takes no PKCE. Accepted so every network finishes alike. */
  codeVerifier?: string
  redirectUri: string
  signal?: AbortSignal
}

export function startInstagramConnect(
  context: InstagramConnectContext,
  request: InstagramConnectStart,
): AuthorizationStart {
  const app = requireApp(context.app)
  return startMetaAuthorization({
    authorizationEndpoint: context.authorizeUrl,
    clientId: app.clientId,
    redirectUri: request.redirectUri,
    scopes: INSTAGRAM_SCOPES,
  })
}

/**
 * Code → short-lived token (1 hour) → long-lived token (60 days) → the account, refused
 * plainly unless it is a professional (Business or Creator) account.
 */
export async function finishInstagramConnect(
  context: InstagramConnectContext,
  request: InstagramConnectFinish,
): Promise<InstagramCredentials> {
  const app = requireApp(context.app)
  const { code } = readAuthorizationCallback('Instagram', request.callback, request.state)
  const common = {
    network: 'instagram' as const,
    fetch: context.fetch,
    now: context.now,
    signal: request.signal,
  }
  const shortLived = await requestMetaToken({
    ...common,
    method: 'POST',
    url: context.tokenUrl,
    params: {
      client_id: app.clientId,
      client_secret: app.clientSecret ?? '',
      grant_type: 'authorization_code',
      redirect_uri: request.redirectUri,
      // Instagram appends "#_" to the redirect; it is not part of the code.
      code: code.replace(/#_$/, ''),
    },
  })
  const longLived = await requestMetaToken({
    ...common,
    method: 'GET',
    url: `${context.graphUrl}/access_token`,
    params: {
      grant_type: 'ig_exchange_token',
      client_secret: app.clientSecret ?? '',
      access_token: shortLived.accessToken,
    },
  })
  const account = await readAccount(context, longLived.accessToken, request.signal)
  if (!PROFESSIONAL_TYPES.has(account.accountType.toUpperCase())) {
    throw new NetworkError({
      network: 'instagram',
      kind: 'content_rejected',
      code: 'not_professional',
      reason: `account_type is ${account.accountType || 'not given'}`,
      message: `Instagram: @${account.username} is a personal account. Murmur can only publish to professional accounts (Business or Creator): switch it in the Instagram app (Settings › Account type and tools › Switch to professional account), then connect again.`,
    })
  }
  return credentialsFrom(
    account,
    longLived,
    context.now,
    shortLived.permissions ?? [...INSTAGRAM_SCOPES],
  )
}

interface InstagramAccount {
  userId: string
  username: string
  accountType: string
}

async function readAccount(
  context: InstagramConnectContext,
  accessToken: string,
  signal?: AbortSignal,
): Promise<InstagramAccount> {
  const client = new MetaGraphClient({
    network: 'instagram',
    fetch: context.fetch,
    baseUrl: context.graphBaseUrl,
    accessToken,
    accountKey: 'connect',
    gate: context.gate,
    timeoutMs: context.timeoutMs,
    now: context.now,
    ...(signal && { signal }),
  })
  const { body } = await client.request<{
    id?: string
    user_id?: string | number
    username?: string
    account_type?: string
  }>({
    method: 'GET',
    path: '/me',
    query: { fields: 'user_id,username,account_type' },
    action: 'request',
    idempotent: true,
  })
  const userId = body.user_id !== undefined ? String(body.user_id) : body.id
  if (!userId) {
    throw new NetworkError({
      network: 'instagram',
      kind: 'retryable',
      message: 'Instagram: /me gave an answer without the account id',
    })
  }
  return { userId, username: body.username ?? '', accountType: body.account_type ?? '' }
}

/** `GET /refresh_access_token?grant_type=ig_refresh_token`: a fresh 60-day token. */
export async function refreshInstagramCredentials(
  context: InstagramConnectContext,
  credentials: InstagramCredentials,
  signal?: AbortSignal,
): Promise<InstagramCredentials> {
  const answer = await requestMetaToken({
    network: 'instagram',
    fetch: context.fetch,
    now: context.now,
    signal,
    method: 'GET',
    url: `${context.graphUrl}/refresh_access_token`,
    params: { grant_type: 'ig_refresh_token', access_token: credentials.accessToken },
  })
  return credentialsFrom(credentials, answer, context.now, credentials.scopes)
}

function credentialsFrom(
  account: InstagramAccount,
  token: MetaTokenAnswer,
  now: () => number,
  scopes: string[],
): InstagramCredentials {
  return {
    userId: account.userId,
    username: account.username,
    accountType: account.accountType,
    accessToken: token.accessToken,
    ...(token.expiresAt && { expiresAt: token.expiresAt }),
    issuedAt: new Date(now()).toISOString(),
    scopes,
  }
}

function requireApp(app: InstagramAppCredentials | undefined): InstagramAppCredentials {
  if (!app?.clientId || !app.clientSecret) {
    throw new Error(
      'Instagram: no Instagram app is configured; set MURMUR_INSTAGRAM_CLIENT_ID and MURMUR_INSTAGRAM_CLIENT_SECRET first',
    )
  }
  return app
}
