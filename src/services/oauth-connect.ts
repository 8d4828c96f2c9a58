/**
 * Connecting channels with OAuth, for every network in the OAuth table: start (the URL to send
 * the person to), the callback (check the state, trade the code, store the channels), and the
 * second step of networks where the person picks accounts (Facebook Pages).
 */
import { invalid, MurmurError, notFound } from '../core/errors.js'
import { can } from '../core/roles.js'
import type { Murmur } from '../murmur.js'
import { isNetworkAvailable } from '../networks/index.js'
import { AuthorizationCallbackError } from '../networks/oauth/index.js'
import { findNetworkError, NETWORK_NAMES, type NetworkId } from '../networks/spec/index.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { type Channel, requireChannel } from './channels.js'
import { mastodonRegistrations, oauthRedirectUri, resolveApp } from './network-apps.js'
import { murmurErrorFromNetwork } from './network-failures.js'
import { networkSettings } from './network-settings.js'
import { saveConnectedChannel } from './oauth-channels.js'
import { type ConnectedAccount, oauthNetwork } from './oauth-networks.js'
import {
  awaitChoice,
  claimPending,
  createPending,
  findPendingByState,
  openChoice,
  openPayload,
  type PendingRow,
} from './oauth-pending.js'
import { roleIn } from './workspaces.js'

/** Longest wait for the network while a person waits on a page. */
const NETWORK_TIMEOUT_MS = 20_000

function requireOAuthNetwork(network: NetworkId) {
  const entry = oauthNetwork(network)
  if (!entry || !isNetworkAvailable(network)) {
    throw invalid(
      network === 'bluesky'
        ? 'Bluesky connects with an app password, not with a sign-in page.'
        : `${NETWORK_NAMES[network]} cannot be connected in this version of Murmur yet.`,
    )
  }
  return { entry, available: network }
}

export interface StartInput {
  network: NetworkId
  userId: string
  /** The server the person typed (Mastodon). */
  instance?: string | undefined
  /** Reconnect this channel instead of adding one. */
  channelId?: string | undefined
}

/**
 * Builds the URL of the network's consent page and keeps what the callback needs (10 minutes,
 * single use). 409 when the network needs app credentials nobody configured.
 */
export async function startOAuthConnect(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: StartInput,
): Promise<{ authorizeUrl: string; expiresAt: number }> {
  const { network } = input
  const { entry, available } = requireOAuthNetwork(network)
  const name = NETWORK_NAMES[network]
  let channel: Channel | undefined
  if (input.channelId) {
    channel = await requireChannel(scope, input.channelId)
    if (channel.network !== network) {
      throw invalid(`That channel is on ${NETWORK_NAMES[channel.network]}, not on ${name}.`)
    }
  }
  const resolved = entry.usesApp ? await resolveApp(murmur, scope, network) : undefined
  if (entry.usesApp && !resolved) {
    throw new MurmurError('conflict', `App credentials not configured: see ${entry.docs}`, {
      details: { reason: 'app_not_configured', network, docs: entry.docs },
    })
  }
  if (entry.needsSecret && resolved && !resolved.app.clientSecret) {
    throw new MurmurError(
      'conflict',
      `App credentials not configured: ${name} needs the app's client secret too; see ${entry.docs}`,
      { details: { reason: 'app_not_configured', network, docs: entry.docs } },
    )
  }
  const instance = input.instance?.trim() || channel?.service_url || undefined
  if (entry.needsInstance && !instance) {
    throw invalid(`Type your ${name} server, such as mastodon.social.`, [
      { path: 'instance', message: `Type your ${name} server, such as mastodon.social` },
    ])
  }
  const redirectUri = oauthRedirectUri(murmur, network)
  let start: Awaited<ReturnType<typeof entry.start>>
  try {
    start = await entry.start({
      settings: networkSettings(murmur, available),
      app: resolved?.app,
      redirectUri,
      instance: entry.needsInstance ? instance : undefined,
      registrations: mastodonRegistrations(murmur, scope),
      signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS),
    })
  } catch (error) {
    throw murmurErrorFromNetwork(error, `start connecting ${name}`)
  }
  const pending = await createPending(murmur, scope, {
    network,
    state: start.state,
    userId: input.userId,
    channelId: channel?.id ?? null,
    payload: {
      codeVerifier: start.codeVerifier,
      redirectUri,
      ...(resolved && { app: resolved.app, appSource: resolved.source }),
      extra: start.extra ?? {},
    },
  })
  return { authorizeUrl: start.url, expiresAt: pending.expiresAt }
}

/** Why a callback did not connect anything, as the web app names it in `?error=`. */
export type CallbackFailure =
  | 'access_denied'
  | 'provider_error'
  | 'missing_code'
  | 'expired'
  | 'wrong_account'
  /** Instagram: a personal account, which the API cannot publish for. */
  | 'not_professional'
  | 'failed'

export type CallbackResult =
  | { kind: 'connected'; workspaceId: string; network: NetworkId; channels: Channel[] }
  | { kind: 'reconnected'; workspaceId: string; network: NetworkId; channels: Channel[] }
  | { kind: 'choose'; workspaceId: string; network: NetworkId; pendingId: string }
  | {
      kind: 'failed'
      workspaceId: string
      network: NetworkId
      failure: CallbackFailure
      message: string
    }

const badCallback = (message: string, reason: string) =>
  new MurmurError('bad_request', message, { details: { reason } })

/**
 * Finishes a sign-in from what the network sent to the redirect URI. Throws 400 when the state
 * is unknown, already used, or belongs to someone else's sign-in (nothing to redirect to safely);
 * otherwise says where the person goes next.
 */
export async function finishOAuthCallback(
  murmur: Murmur,
  network: NetworkId,
  query: URLSearchParams,
  caller: { userId: string | undefined },
): Promise<CallbackResult> {
  const { entry, available } = requireOAuthNetwork(network)
  const name = NETWORK_NAMES[network]
  const state = query.get('state') ?? ''
  const row = state ? await findPendingByState(murmur, network, state) : undefined
  if (!row) {
    throw badCallback(
      `${name}: this sign-in link is stale or was not started here; connect the channel again.`,
      'state_mismatch',
    )
  }
  const now = murmur.now()
  if (!(await claimPending(murmur, row.id, 'started', 'finished'))) {
    throw badCallback(
      `${name}: this sign-in was already used. Connect the channel again from Settings > Channels.`,
      'state_reused',
    )
  }
  // Bound to the browser that started it: someone else's consent must not land in this workspace.
  if (!caller.userId || caller.userId !== row.user_id) {
    throw badCallback(
      `${name}: this sign-in was started by another Murmur user, or you were signed out meanwhile. Sign in to Murmur and connect the channel again.`,
      'other_user',
    )
  }
  const failed = (failure: CallbackFailure, message: string): CallbackResult => ({
    kind: 'failed',
    workspaceId: row.workspace_id,
    network,
    failure,
    message,
  })
  if (row.expires_at <= now) {
    return failed('expired', `${name}: the sign-in took more than 10 minutes. Connect again.`)
  }
  const role = await roleIn(murmur, row.workspace_id, row.user_id)
  if (!role || !can(role, 'channels.manage')) {
    throw badCallback(
      `${name}: you can no longer manage channels in this workspace.`,
      'not_allowed',
    )
  }
  const scope = new WorkspaceScope(murmur.db, row.workspace_id)
  const payload = openPayload(murmur, row)
  let outcome: Awaited<ReturnType<typeof entry.finish>>
  try {
    outcome = await entry.finish({
      settings: networkSettings(murmur, available),
      app: payload.app,
      redirectUri: payload.redirectUri,
      callback: query,
      state,
      codeVerifier: payload.codeVerifier,
      extra: payload.extra,
      signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS),
    })
  } catch (error) {
    if (error instanceof AuthorizationCallbackError) {
      return failed(error.failure === 'state_mismatch' ? 'failed' : error.failure, error.message)
    }
    const failure = findNetworkError(error)
    if (!failure) throw error
    murmur.log.warn({ err: error, network }, 'OAuth connection failed')
    return failed(
      failure.code === 'not_professional' ? 'not_professional' : 'failed',
      failure.message,
    )
  }
  // The channel may have been disconnected meanwhile: then the account becomes a new channel.
  const reconnecting = row.channel_id
    ? await requireChannel(scope, row.channel_id).catch(() => undefined)
    : undefined
  let accounts = outcome.accounts
  if (outcome.kind === 'choose' && !reconnecting) {
    await awaitChoice(murmur, row.id, { accounts, warnings: outcome.warnings ?? [] })
    return { kind: 'choose', workspaceId: row.workspace_id, network, pendingId: row.id }
  }
  if (reconnecting) {
    // A reconnect renews one channel: of several accounts (Pages), the one it already is.
    const same = accounts.find((account) => account.accountId === reconnecting.account_id)
    if (!same) {
      const other = accounts[0]
      return failed(
        'wrong_account',
        `${name}: that sign-in reached ${other ? `@${other.handle}` : 'another account'}, not @${reconnecting.handle}. Sign in as @${reconnecting.handle} to reconnect it.`,
      )
    }
    accounts = [same]
  }
  const channels: Channel[] = []
  for (const account of accounts) {
    const saved = await saveConnectedChannel(murmur, scope, {
      network,
      account,
      createdBy: row.user_id,
      workspaceApp: payload.appSource === 'workspace' ? payload.app : undefined,
      reconnect: reconnecting,
    })
    channels.push(saved.channel)
  }
  return {
    kind: reconnecting ? 'reconnected' : 'connected',
    workspaceId: row.workspace_id,
    network,
    channels,
  }
}

/** An account offered by a sign-in, as the picker shows it: never its credentials. */
export interface PendingAccountView {
  id: string
  handle: string
  display_name: string
  avatar_url: string | null
  /** Already a channel of this workspace: choosing it renews that channel. */
  connected: boolean
  /** Why it cannot be chosen; null when it can. */
  problem: string | null
}

export interface PendingView {
  id: string
  network: NetworkId
  expires_at: number
  accounts: PendingAccountView[]
  /** Sentences to show above the list (declined permissions, no Page at all). */
  warnings: string[]
}

async function requireChoosing(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  userId: string | undefined,
): Promise<PendingRow> {
  const row = await scope
    .selectFrom('oauth_pending')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  // Only the person who signed in sees what that sign-in reached.
  if (row?.status !== 'choosing' || row.user_id !== userId) throw notFound('Sign-in')
  if (row.expires_at <= murmur.now()) {
    throw new MurmurError(
      'conflict',
      `${NETWORK_NAMES[row.network]}: this choice expired after 10 minutes. Connect again.`,
      { details: { reason: 'expired' } },
    )
  }
  return row
}

export async function describePending(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  userId: string | undefined,
): Promise<PendingView> {
  const row = await requireChoosing(murmur, scope, id, userId)
  const { accounts, warnings } = openChoice(murmur, row)
  const existing = await scope
    .selectFrom('channels')
    .select('account_id')
    .where('network', '=', row.network)
    .execute()
  const known = new Set(existing.map((channel) => channel.account_id))
  return {
    id: row.id,
    network: row.network,
    expires_at: row.expires_at,
    accounts: accounts.map((account: ConnectedAccount) => ({
      id: account.accountId,
      handle: account.handle,
      display_name: account.displayName || account.handle,
      avatar_url: account.avatarUrl ?? null,
      connected: known.has(account.accountId),
      problem: account.problem ?? null,
    })),
    warnings,
  }
}

/** Connects the chosen accounts (Pages) as channels; the sign-in cannot be used again. */
export async function completePending(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  input: { userId: string | undefined; accountIds: string[] },
): Promise<Channel[]> {
  const row = await requireChoosing(murmur, scope, id, input.userId)
  const { accounts } = openChoice(murmur, row)
  const wanted = new Set(input.accountIds)
  const chosen = accounts.filter((account) => wanted.has(account.accountId))
  const unknown = input.accountIds.filter(
    (accountId) => !accounts.some((account) => account.accountId === accountId),
  )
  if (unknown.length > 0) {
    throw invalid(`This sign-in did not offer ${unknown.join(', ')}.`, [
      { path: 'page_ids', message: 'Choose among the accounts this sign-in offered' },
    ])
  }
  const refused = chosen.filter((account) => account.problem)
  if (refused.length > 0) {
    throw invalid(
      refused
        .map((account) => `${account.displayName || account.handle}: ${account.problem}.`)
        .join(' '),
      [{ path: 'page_ids', message: 'Murmur cannot publish to some of the chosen Pages' }],
    )
  }
  if (!(await claimPending(murmur, row.id, 'choosing', 'finished', murmur.now()))) {
    throw new MurmurError('conflict', 'These accounts were already connected from this sign-in.')
  }
  const payload = openPayload(murmur, row)
  const channels: Channel[] = []
  for (const account of chosen) {
    const saved = await saveConnectedChannel(murmur, scope, {
      network: row.network,
      account,
      createdBy: row.user_id,
      workspaceApp: payload.appSource === 'workspace' ? payload.app : undefined,
    })
    channels.push(saved.channel)
  }
  return channels
}
