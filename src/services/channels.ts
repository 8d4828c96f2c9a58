import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import { assertFetchable, isSafeFetchError } from '../net/safe-fetch/index.js'
import { NETWORK_NAMES, type NetworkCredentials, type NetworkId } from '../networks/spec/index.js'
import type { ChannelStatus } from '../storage/tables/publishing.js'
import { isUniqueViolation } from '../storage/unique-violation.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { connectionColumns } from './channel-connection.js'
import { murmurErrorFromNetwork } from './network-failures.js'
import { networksOf, type SignedInAccount } from './publishing-networks.js'
import { queueWebhookEvent } from './webhooks.js'

/** A channel as the API shows it: never its credentials. */
export interface Channel {
  id: string
  network: NetworkId
  account_id: string
  handle: string
  display_name: string
  avatar_url: string | null
  service_url: string | null
  status: ChannelStatus
  status_reason: string | null
  status_changed_at: number | null
  /** When the owner must have reconnected (LinkedIn's 60 days); null when Murmur renews it. */
  reconnect_by: number | null
  created_at: number
  updated_at: number
}

const CHANNEL_COLUMNS = [
  'id',
  'network',
  'account_id',
  'handle',
  'display_name',
  'avatar_url',
  'service_url',
  'status',
  'status_reason',
  'status_changed_at',
  'reconnect_by',
  'created_at',
  'updated_at',
] as const

const SIGN_IN_TIMEOUT_MS = 20_000

/** "Bluesky @cornerbakery.bsky.social": how messages name a channel. */
export const channelLabel = (channel: { network: NetworkId; handle: string }) =>
  `${NETWORK_NAMES[channel.network]} @${channel.handle}`

export async function listChannels(scope: WorkspaceScope): Promise<Channel[]> {
  return scope.selectFrom('channels').select(CHANNEL_COLUMNS).orderBy('id').execute()
}

export async function requireChannel(scope: WorkspaceScope, id: string): Promise<Channel> {
  const channel = await scope
    .selectFrom('channels')
    .select(CHANNEL_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!channel) throw notFound('Channel')
  return channel
}

async function signIn(
  murmur: Murmur,
  network: NetworkId,
  request: { identifier: string; password: string; service?: string | undefined },
): Promise<SignedInAccount> {
  if (!networksOf(murmur).get(network)) {
    throw invalid(`${NETWORK_NAMES[network]} is not available in this version of Murmur.`)
  }
  try {
    return await networksOf(murmur).signInWithAppPassword(network, {
      identifier: request.identifier,
      password: request.password,
      ...(request.service && { service: request.service }),
      signal: AbortSignal.timeout(SIGN_IN_TIMEOUT_MS),
    })
  } catch (error) {
    throw murmurErrorFromNetwork(error, `sign in to ${NETWORK_NAMES[network]}`)
  }
}

/**
 * Signs in with a handle and an app password and stores the channel. Connecting an account that
 * already is a channel of the workspace refreshes that channel instead of adding a twin.
 */
export async function connectWithAppPassword(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: {
    network: NetworkId
    handle: string
    appPassword: string
    serviceUrl?: string | undefined
    createdBy: string | null
  },
): Promise<{ channel: Channel; created: boolean }> {
  await assertServiceReachable(murmur, input.serviceUrl)
  const account = await signIn(murmur, input.network, {
    identifier: input.handle,
    password: input.appPassword,
    service: input.serviceUrl,
  })
  const now = murmur.now()
  const sealed = murmur.secrets.seal(JSON.stringify(account.credentials))
  const profile = {
    handle: account.handle || input.handle.replace(/^@/, ''),
    display_name: account.displayName || account.handle || input.handle.replace(/^@/, ''),
    avatar_url: account.avatarUrl ?? null,
    service_url: account.serviceUrl ?? input.serviceUrl ?? null,
  }
  const findExisting = () =>
    scope
      .selectFrom('channels')
      .select('id')
      .where('network', '=', input.network)
      .where('account_id', '=', account.accountId)
      .executeTakeFirst()
  const renew = async (id: string) => {
    await scope
      .updateTable('channels')
      .set({
        ...profile,
        credentials: sealed,
        status: 'active',
        status_reason: null,
        status_changed_at: now,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute()
    return { channel: await requireChannel(scope, id), created: false }
  }
  const existing = await findExisting()
  if (existing) return renew(existing.id)
  const id = newId('ch', now)
  try {
    await scope
      .insertInto('channels', {
        id,
        network: input.network,
        account_id: account.accountId,
        ...profile,
        credentials: sealed,
        status: 'active',
        status_reason: null,
        status_changed_at: null,
        created_by: input.createdBy,
        created_at: now,
        updated_at: now,
      })
      .execute()
  } catch (error) {
    // Two people connected the same account at once: the first one made the channel.
    const twin = isUniqueViolation(error) ? await findExisting() : undefined
    if (!twin) throw error
    return renew(twin.id)
  }
  return { channel: await requireChannel(scope, id), created: true }
}

/**
 * A service address someone typed (their Bluesky PDS) must be one Murmur may fetch: refused
 * plainly, before any password is sent, when it is private or loopback and the operator did not
 * name it in MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS.
 */
async function assertServiceReachable(murmur: Murmur, serviceUrl: string | undefined) {
  if (!serviceUrl) return
  try {
    await assertFetchable(serviceUrl, {
      allowPrivateHosts: murmur.config.allowPrivateNetworkHosts,
    })
  } catch (error) {
    if (!isSafeFetchError(error)) throw error
    // An unknown host: the sign-in says so in the network's words (and the fetcher still vets it).
    if (error.code === 'dns_failed') return
    const message =
      error.code === 'refused_address'
        ? `Murmur does not connect to ${serviceUrl}: ${error.message.replace(/^refused: /, '')}. A server on your own network must be named by the operator in MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS.`
        : `Murmur cannot use ${serviceUrl} as the service: ${error.message.replace(/^refused: /, '')}`
    throw invalid(message, [{ path: 'service_url', message }])
  }
}

/** Signs in again (new app password) and makes the channel active. It must be the same account. */
export async function reconnectWithAppPassword(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  input: { appPassword: string; handle?: string | undefined; serviceUrl?: string | undefined },
): Promise<Channel> {
  const channel = await requireChannel(scope, id)
  await assertServiceReachable(murmur, input.serviceUrl)
  const account = await signIn(murmur, channel.network, {
    identifier: input.handle ?? channel.handle,
    password: input.appPassword,
    service: input.serviceUrl ?? channel.service_url ?? undefined,
  })
  if (account.accountId !== channel.account_id) {
    throw invalid(
      `That app password signs in to @${account.handle}, not to ${channelLabel(channel)}. Connect it as a new channel instead.`,
    )
  }
  const now = murmur.now()
  await scope
    .updateTable('channels')
    .set({
      credentials: murmur.secrets.seal(JSON.stringify(account.credentials)),
      handle: account.handle || channel.handle,
      service_url: account.serviceUrl ?? channel.service_url,
      status: 'active',
      status_reason: null,
      status_changed_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute()
  return requireChannel(scope, id)
}

/**
 * Removes the channel with its slots and deliveries (published posts stay on the network).
 * Refused while one of its posts is being published, so nothing is lost mid-flight.
 */
export async function deleteChannel(scope: WorkspaceScope, id: string): Promise<void> {
  const channel = await requireChannel(scope, id)
  await scope.transaction(async (trx) => {
    // Delete what may go first; a row a scheduler is publishing stays, and then we refuse.
    await trx
      .deleteFrom('deliveries')
      .where('channel_id', '=', id)
      .where('state', '!=', 'publishing')
      .execute()
    const busy = await trx
      .selectFrom('deliveries')
      .select('id')
      .where('channel_id', '=', id)
      .executeTakeFirst()
    if (busy) {
      throw conflict(
        `A post is being published to ${channelLabel(channel)} right now. Try again in a minute.`,
      )
    }
    await trx.deleteFrom('channels').where('id', '=', id).execute()
  })
}

/** A channel with its sealed credentials, in one read (the scheduler's hot path). */
export async function channelForPublishing(
  scope: WorkspaceScope,
  id: string,
): Promise<(Channel & { sealedCredentials: string }) | undefined> {
  const row = await scope
    .selectFrom('channels')
    .select([...CHANNEL_COLUMNS, 'credentials'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  const { credentials, ...channel } = row
  return { ...channel, sealedCredentials: credentials }
}

/** The channel's credentials, opened (only the scheduler and network calls need them). */
export async function openCredentials(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
): Promise<NetworkCredentials> {
  const row = await scope
    .selectFrom('channels')
    .select('credentials')
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('Channel')
  return JSON.parse(murmur.secrets.open(row.credentials)) as NetworkCredentials
}

/** Stores rotated tokens (sealed) as soon as the network hands them over. */
export async function saveCredentials(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  credentials: NetworkCredentials,
): Promise<void> {
  const channel = await scope
    .selectFrom('channels')
    .select('network')
    .where('id', '=', id)
    .executeTakeFirst()
  if (!channel) return
  await scope
    .updateTable('channels')
    .set({
      credentials: murmur.secrets.seal(JSON.stringify(credentials)),
      ...connectionColumns(channel.network, credentials),
      updated_at: murmur.now(),
    })
    .where('id', '=', id)
    .execute()
}

/**
 * The credentials stopped working: people see the reason and a reconnect button. The one place a
 * channel leaves `active`, so the `channel.needs_reconnect` webhook is queued here, once per
 * break (a later failure on a broken channel only updates the reason).
 */
export async function markNeedsReconnect(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  reason: string,
): Promise<void> {
  const now = murmur.now()
  const change = { status_reason: reason, status_changed_at: now, updated_at: now }
  await scope.transaction(async (trx) => {
    const broke = await trx
      .updateTable('channels')
      .set({ ...change, status: 'needs_reconnect' })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst()
    if (Number(broke.numUpdatedRows) === 0) {
      await trx.updateTable('channels').set(change).where('id', '=', id).execute()
      return
    }
    const channel = await trx
      .selectFrom('channels')
      .select(['network', 'handle', 'display_name'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    await queueWebhookEvent(
      trx,
      'channel.needs_reconnect',
      {
        channel_id: id,
        network: channel.network,
        handle: channel.handle,
        display_name: channel.display_name,
        reason,
        since: new Date(now).toISOString(),
      },
      now,
    )
  })
}
