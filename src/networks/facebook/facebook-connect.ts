import { MetaGraphClient } from '../meta/meta-graph-client.js'
import type { GraphPage } from '../meta/meta-mention-cursor.js'
import { requestMetaToken, startMetaAuthorization } from '../meta/meta-oauth.js'
import type { MetaUsageGate } from '../meta/meta-usage.js'
import {
  type AuthorizationStart,
  type CallbackQuery,
  readAuthorizationCallback,
} from '../oauth/oauth-authorization.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import type { FacebookCredentials } from './facebook-credentials.js'

/**
 * Permissions Murmur asks for: list the person's Pages, publish and delete as the Page, read
 * its posts, comments and tags, answer comments, and read post insights (views).
 */
export const FACEBOOK_SCOPES = [
  'pages_show_list',
  'pages_manage_posts',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_manage_engagement',
  'read_insights',
] as const

/** Without these Murmur cannot publish at all; the others only limit the inbox or metrics. */
const REQUIRED_SCOPES = ['pages_show_list', 'pages_manage_posts'] as const

/** Murmur's Facebook app: MURMUR_FACEBOOK_CLIENT_ID / MURMUR_FACEBOOK_CLIENT_SECRET. */
export interface FacebookAppCredentials {
  clientId: string
  clientSecret?: string
}

export interface FacebookConnectContext {
  fetch: FetchFunction
  /** `https://graph.facebook.com/v25.0` */
  graphBaseUrl: string
  /** `https://www.facebook.com/v25.0/dialog/oauth` */
  authorizeUrl: string
  app: FacebookAppCredentials | undefined
  gate: MetaUsageGate
  timeoutMs: number
  now: () => number
}

export interface FacebookConnectStart {
  /** `<MURMUR_PUBLIC_URL>/api/v1/oauth/facebook/callback`, registered on the app exactly. */
  redirectUri: string
}

export interface FacebookConnectFinish {
  /** The query string Facebook sent to the redirect URI. */
  callback: CallbackQuery
  /** The `state` kept from `startConnect`. */
  state: string
  /** Unused: Facebook Login takes no PKCE here. Accepted so every network finishes alike. */
  codeVerifier?: string
  redirectUri: string
  signal?: AbortSignal
}

/** One Page the person manages, offered for connection; each chosen Page becomes a channel. */
export interface FacebookPageChoice {
  id: string
  name: string
  category?: string
  /** The person's tasks on the Page: CREATE_CONTENT, MODERATE, MANAGE, ANALYZE, ADVERTISE. */
  tasks: string[]
  /** False when the person cannot publish on this Page (no CREATE_CONTENT task). */
  canPublish: boolean
  /** Why not, in one sentence for the picker. */
  problem?: string
  /** The channel's credentials if chosen. Holds the Page token: keep it server-side. */
  credentials: FacebookCredentials
}

export interface FacebookConnection {
  user: { id: string; name: string }
  pages: FacebookPageChoice[]
  /** Permissions the person unticked on the consent screen. */
  declinedPermissions: string[]
  /** Plain sentences to show above the Page picker. */
  warnings: string[]
}

export function startFacebookConnect(
  context: FacebookConnectContext,
  request: FacebookConnectStart,
): AuthorizationStart {
  const app = requireApp(context.app)
  return startMetaAuthorization({
    authorizationEndpoint: context.authorizeUrl,
    clientId: app.clientId,
    redirectUri: request.redirectUri,
    scopes: FACEBOOK_SCOPES,
  })
}

/**
 * Trades the code for a user token, extends it to a long-lived one (so the Page tokens derived
 * from it do not expire), then lists the person's Pages with their Page tokens to choose from.
 */
export async function finishFacebookConnect(
  context: FacebookConnectContext,
  request: FacebookConnectFinish,
): Promise<FacebookConnection> {
  const app = requireApp(context.app)
  const { code } = readAuthorizationCallback('Facebook', request.callback, request.state)
  const common = {
    network: 'facebook' as const,
    fetch: context.fetch,
    now: context.now,
    signal: request.signal,
  }
  const shortLived = await requestMetaToken({
    ...common,
    method: 'GET',
    url: `${context.graphBaseUrl}/oauth/access_token`,
    params: {
      client_id: app.clientId,
      client_secret: app.clientSecret ?? '',
      redirect_uri: request.redirectUri,
      code,
    },
  })
  const longLived = await requestMetaToken({
    ...common,
    method: 'GET',
    url: `${context.graphBaseUrl}/oauth/access_token`,
    params: {
      grant_type: 'fb_exchange_token',
      client_id: app.clientId,
      client_secret: app.clientSecret ?? '',
      fb_exchange_token: shortLived.accessToken,
    },
  })
  const client = new MetaGraphClient({
    network: 'facebook',
    fetch: context.fetch,
    baseUrl: context.graphBaseUrl,
    accessToken: longLived.accessToken,
    ...(app.clientSecret && { appSecret: app.clientSecret }),
    accountKey: 'connect',
    gate: context.gate,
    timeoutMs: context.timeoutMs,
    now: context.now,
    ...(request.signal && { signal: request.signal }),
  })
  const get = async <Body>(path: string, query: Record<string, string>) =>
    (
      await client.request<Body>({
        method: 'GET',
        path,
        query,
        action: 'request',
        idempotent: true,
      })
    ).body
  const user = await get<{ id: string; name?: string }>('/me', { fields: 'id,name' })
  const permissions = await get<GraphPage<{ permission: string; status: string }>>(
    '/me/permissions',
    {},
  )
  const granted = (permissions.data ?? [])
    .filter((entry) => entry.status === 'granted')
    .map((entry) => entry.permission)
  const declined = (permissions.data ?? [])
    .filter((entry) => entry.status !== 'granted')
    .map((entry) => entry.permission)

  const pages: FacebookPageChoice[] = []
  let after: string | undefined
  // A person rarely manages more than a few hundred Pages; stop paging there.
  for (let page = 0; page < 10; page++) {
    const answer = await get<GraphPage<ManagedPage>>('/me/accounts', {
      fields: 'id,name,category,tasks,access_token',
      limit: '100',
      ...(after && { after }),
    })
    for (const managed of answer.data ?? []) pages.push(pageChoice(managed, user.id, granted))
    after = answer.paging?.next ? answer.paging.cursors?.after : undefined
    if (!after) break
  }
  return {
    user: { id: user.id, name: user.name ?? '' },
    pages,
    declinedPermissions: declined,
    warnings: connectionWarnings(pages, declined),
  }
}

interface ManagedPage {
  id: string
  name?: string
  category?: string
  tasks?: string[]
  access_token?: string
}

function pageChoice(page: ManagedPage, userId: string, scopes: string[]): FacebookPageChoice {
  const tasks = page.tasks ?? []
  const canCreate = tasks.includes('CREATE_CONTENT') || tasks.includes('MANAGE')
  const missingScopes = REQUIRED_SCOPES.filter((scope) => !scopes.includes(scope))
  let problem: string | undefined
  if (!page.access_token) problem = 'Facebook gave Murmur no access to this Page'
  else if (missingScopes.length > 0)
    problem = `Murmur was not allowed to ${missingScopes.includes('pages_manage_posts') ? 'publish on' : 'see'} your Pages (${missingScopes.join(', ')}); connect again and keep every permission ticked`
  else if (!canCreate)
    problem =
      'your role on this Page does not allow creating posts; ask a Page admin for content access'
  return {
    id: page.id,
    name: page.name ?? page.id,
    ...(page.category && { category: page.category }),
    tasks,
    canPublish: problem === undefined,
    ...(problem && { problem }),
    credentials: {
      pageId: page.id,
      pageName: page.name ?? '',
      accessToken: page.access_token ?? '',
      userId,
      scopes,
    },
  }
}

function connectionWarnings(pages: FacebookPageChoice[], declined: string[]): string[] {
  const warnings: string[] = []
  if (pages.length === 0) {
    warnings.push(
      'This Facebook account manages no Page Murmur can see. Murmur publishes to Pages, not to personal profiles; create a Page or ask for a role on one, then connect again.',
    )
  }
  const optional = declined.filter(
    (permission) => !(REQUIRED_SCOPES as readonly string[]).includes(permission),
  )
  if (optional.length > 0) {
    warnings.push(
      `You declined ${optional.join(', ')}: Murmur can publish, but comments or views may be missing. Connect again and keep every permission ticked to get them.`,
    )
  }
  return warnings
}

function requireApp(app: FacebookAppCredentials | undefined): FacebookAppCredentials {
  if (!app?.clientId || !app.clientSecret) {
    throw new Error(
      'Facebook: no Facebook app is configured; set MURMUR_FACEBOOK_CLIENT_ID and MURMUR_FACEBOOK_CLIENT_SECRET first',
    )
  }
  return app
}
