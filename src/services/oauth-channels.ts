import { invalid } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import type { NetworkCredentials, NetworkId } from '../networks/spec/index.js'
import { isUniqueViolation } from '../storage/unique-violation.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { connectionColumns } from './channel-connection.js'
import { type Channel, channelLabel, requireChannel } from './channels.js'
import { CARRIED_APP_KEY } from './network-instances.js'
import type { ConnectedAccount, OAuthApp } from './oauth-networks.js'

export interface SaveConnectedInput {
  network: NetworkId
  account: ConnectedAccount
  createdBy: string | null
  /** The workspace's own app the account was connected with; the environment's is not stored. */
  workspaceApp?: OAuthApp | undefined
  /** Reconnect this channel: the account must be the same. */
  reconnect?: Channel | undefined
}

/**
 * Stores an account a sign-in reached as a channel, its credentials sealed. The same account
 * connected again renews its channel instead of adding a twin; a reconnect must reach the same
 * account.
 */
export async function saveConnectedChannel(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: SaveConnectedInput,
): Promise<{ channel: Channel; created: boolean }> {
  const { account, network } = input
  if (input.reconnect && input.reconnect.account_id !== account.accountId) {
    throw invalid(
      `That sign-in reached @${account.handle}, not ${channelLabel(input.reconnect)}. Sign in to ${channelLabel(input.reconnect)} to reconnect it, or connect @${account.handle} as a new channel.`,
      { reason: 'wrong_account' },
    )
  }
  const now = murmur.now()
  const credentials: NetworkCredentials = {
    ...account.credentials,
    ...(input.workspaceApp && { [CARRIED_APP_KEY]: input.workspaceApp }),
  }
  const sealed = murmur.secrets.seal(JSON.stringify(credentials))
  const connection = connectionColumns(network, credentials)
  const profile = {
    handle: account.handle,
    display_name: account.displayName || account.handle,
    avatar_url: account.avatarUrl ?? null,
    service_url: account.serviceUrl ?? null,
  }
  const findExisting = () =>
    scope
      .selectFrom('channels')
      .select('id')
      .where('network', '=', network)
      .where('account_id', '=', account.accountId)
      .executeTakeFirst()
  const renew = async (id: string) => {
    await scope
      .updateTable('channels')
      .set({
        ...profile,
        credentials: sealed,
        ...connection,
        status: 'active',
        status_reason: null,
        status_changed_at: now,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute()
    await saveChannelLimits(murmur, scope, id, account.limits)
    return { channel: await requireChannel(scope, id), created: false }
  }
  const existing = input.reconnect ?? (await findExisting())
  if (existing) return renew(existing.id)
  const id = newId('ch', now)
  try {
    await scope
      .insertInto('channels', {
        id,
        network,
        account_id: account.accountId,
        ...profile,
        credentials: sealed,
        ...connection,
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
  await saveChannelLimits(murmur, scope, id, account.limits)
  return { channel: await requireChannel(scope, id), created: true }
}

/** Keeps what the channel's server allows (a Mastodon instance's limits), for its capabilities. */
export async function saveChannelLimits(
  murmur: Murmur,
  scope: WorkspaceScope,
  channelId: string,
  limits: unknown,
): Promise<void> {
  if (limits === undefined) return
  const now = murmur.now()
  const json = JSON.stringify(limits)
  await scope
    .insertInto('channel_limits', { channel_id: channelId, limits: json, updated_at: now })
    .onConflict((conflict) =>
      conflict
        .columns(['workspace_id', 'channel_id'])
        .doUpdateSet({ limits: json, updated_at: now }),
    )
    .execute()
}

export async function loadChannelLimits(
  scope: WorkspaceScope,
  channelId: string,
): Promise<unknown | undefined> {
  const row = await scope
    .selectFrom('channel_limits')
    .select('limits')
    .where('channel_id', '=', channelId)
    .executeTakeFirst()
  return row ? (JSON.parse(row.limits) as unknown) : undefined
}
