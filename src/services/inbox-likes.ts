import { invalid, MurmurError, notFound } from '../core/errors.js'
import { inboxEvents } from '../engagement/events.js'
import type { Murmur } from '../murmur.js'
import { findNetworkError, NETWORK_NAMES } from '../networks/spec/index.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { channelRefreshLock } from './channel-refresh-lock.js'
import {
  channelLabel,
  markNeedsReconnect,
  openCredentials,
  requireChannel,
  saveCredentials,
} from './channels.js'
import {
  MESSAGE_COLUMNS,
  type Message,
  presentMessage,
  requireConversation,
} from './conversations.js'
import { murmurErrorFromNetwork } from './network-failures.js'
import { networksOf, type PublishingNetworks } from './publishing-networks.js'

const LIKE_TIMEOUT_MS = 30_000

/**
 * Likes a received message on its network, as the channel's account, and records who in the
 * team did. Liking a message already liked from Murmur changes nothing. Networks whose API
 * offers no like (Instagram, Threads) are refused with a plain sentence, before any call.
 */
export async function likeMessage(
  murmur: Murmur,
  scope: WorkspaceScope,
  conversationId: string,
  input: { messageId: string; likedBy: string | null },
  networks: PublishingNetworks = networksOf(murmur),
): Promise<Message> {
  await requireConversation(scope, conversationId)
  const message = await scope
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
    .select(['erased'])
    .where('conversation_id', '=', conversationId)
    .where('id', '=', input.messageId)
    .executeTakeFirst()
  if (!message) throw notFound('Message')
  if (message.liked_at !== null) return presentMessage(message)
  if (message.direction !== 'in')
    throw invalid('Only messages people sent can be liked.', [
      { path: 'message_id', message: 'Pick a received message' },
    ])
  if (message.deleted_at !== null || message.erased === 1)
    throw invalid('Its author deleted that message; it cannot be liked.')
  if (!message.channel_id || !message.remote_id || !message.network)
    throw invalid('This message is not on a network (it was logged by hand).')

  const channel = await requireChannel(scope, message.channel_id).catch(() => {
    throw invalid('The channel of this message was removed; like it on the network itself.')
  })
  const label = channelLabel(channel)
  const network = networks.get(channel.network)
  if (!network?.like)
    throw invalid(
      `${NETWORK_NAMES[channel.network]} does not let apps like messages; like it in the ${NETWORK_NAMES[channel.network]} app.`,
    )
  if (channel.status !== 'active')
    throw invalid(`${label} needs reconnecting before Murmur can like. Reconnect it, then retry.`)
  const credentials = await openCredentials(murmur, scope, channel.id)
  try {
    await network.like(credentials, message.remote_id, {
      signal: AbortSignal.timeout(LIKE_TIMEOUT_MS),
      onCredentialsChanged: (next) => saveCredentials(murmur, scope, channel.id, next),
      refreshLock: channelRefreshLock(murmur, scope, channel.id),
    })
  } catch (error) {
    const failure = findNetworkError(error)
    if (failure?.kind === 'auth_expired')
      await markNeedsReconnect(murmur, scope, channel.id, failure.message)
    if (!failure) throw new MurmurError('internal', 'The like failed.', { cause: error })
    throw murmurErrorFromNetwork(error, `like on ${label}`)
  }

  const now = murmur.now()
  await scope
    .updateTable('messages')
    .set({ liked_at: now, liked_by: input.likedBy })
    .where('id', '=', message.id)
    .where('liked_at', 'is', null)
    .execute()
  inboxEvents(murmur).publish(scope.workspaceId, {
    type: 'conversation.updated',
    conversation_id: conversationId,
  })
  const row = await scope
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
    .where('id', '=', message.id)
    .executeTakeFirstOrThrow()
  return presentMessage(row)
}

/** Whether the network of a channel can like messages from Murmur. */
export function canLike(murmur: Murmur, network: string | null): boolean {
  if (!network) return false
  const found = networksOf(murmur).get(network as Parameters<PublishingNetworks['get']>[0])
  return typeof found?.like === 'function'
}
