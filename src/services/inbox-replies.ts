import { invalid, MurmurError, notFound } from '../core/errors.js'
import { inboxEvents } from '../engagement/events.js'
import { orderedId } from '../engagement/ordered-id.js'
import type { Murmur } from '../murmur.js'
import { type Draft, findNetworkError, type PublishResult } from '../networks/spec/index.js'
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
import { getSavedReply, placeholderValues, renderSavedReply } from './saved-replies.js'

const REPLY_TIMEOUT_MS = 60_000

export interface ReplyInput {
  text?: string | undefined
  savedReplyId?: string | undefined
  /** The message answered; by default the latest message received in the conversation. */
  messageId?: string | undefined
  /** Mark the conversation done once the reply is out. */
  markDone?: boolean | undefined
  sentBy: string | null
}

/**
 * Answers in a conversation: published on the network as a real reply to the message (so it
 * threads under it there), then stored as a sent message. Placeholders ({first_name}, {name},
 * {handle}) are filled for the person answered. In a logged conversation the reply is recorded
 * only. Nothing is stored when the network refuses; its reason is the error.
 */
export async function replyInConversation(
  murmur: Murmur,
  scope: WorkspaceScope,
  conversationId: string,
  input: ReplyInput,
  networks: PublishingNetworks = networksOf(murmur),
): Promise<Message> {
  const conversation = await requireConversation(scope, conversationId)
  if ((input.text === undefined) === (input.savedReplyId === undefined)) {
    throw invalid('Send either text or saved_reply_id.', [
      { path: 'text', message: 'Give the text of the reply, or a saved reply' },
    ])
  }
  const target = await replyTarget(scope, conversationId, input.messageId)
  const person = target?.contact_id
    ? await scope
        .selectFrom('contacts')
        .select(['first_name', 'display_name'])
        .where('id', '=', target.contact_id)
        .executeTakeFirst()
    : undefined
  const values = placeholderValues({
    first_name: person?.first_name ?? null,
    display_name: person?.display_name ?? target?.author_name ?? null,
    handle: target?.author_handle ?? null,
  })
  const template = input.savedReplyId
    ? (await getSavedReply(scope, input.savedReplyId)).body
    : (input.text ?? '')
  const text = renderSavedReply(template, values).trim()
  if (text === '') throw invalid('The reply is empty.', [{ path: 'text', message: 'Required' }])

  let published: { id: string; url: string } | null = null
  if (conversation.kind !== 'logged') {
    const replyTo = target?.remote_id ?? conversation.root_remote_id
    if (!conversation.channel_id || !replyTo) {
      throw invalid('There is nothing on the network to reply to in this conversation.')
    }
    published = await publishReply(murmur, scope, conversation.channel_id, replyTo, text, networks)
  }

  const now = murmur.now()
  const id = orderedId('msg', now)
  await scope.transaction(async (trx) => {
    await trx
      .insertInto('messages', {
        id,
        conversation_id: conversationId,
        channel_id: conversation.channel_id,
        network: conversation.network,
        direction: 'out',
        kind: published ? 'sent' : 'logged',
        remote_id: published?.id ?? null,
        url: published?.url ?? null,
        contact_id: target?.contact_id ?? conversation.contact_id,
        identity_id: null,
        author_handle: null,
        author_name: null,
        text,
        in_reply_to: target?.remote_id ?? conversation.root_remote_id,
        quoted_id: null,
        sentiment: null,
        sentiment_score: null,
        intent: null,
        priority: 0,
        labels: '[]',
        sent_by: input.sentBy,
        created_at: now,
        received_at: now,
        edited_at: null,
        deleted_at: null,
        checked_at: now,
        erased: 0,
      })
      .execute()
    await trx
      .updateTable('conversations')
      .set((eb) => ({
        message_count: eb('message_count', '+', 1),
        last_message_id: id,
        last_activity_at: now,
        read_at: now,
        updated_at: now,
        ...(input.markDone && { status: 'done' as const }),
      }))
      .where('id', '=', conversationId)
      .execute()
  })
  const bus = inboxEvents(murmur)
  bus.publish(scope.workspaceId, {
    type: 'message.created',
    conversation_id: conversationId,
    message_id: id,
    direction: 'out',
  })
  const row = await scope
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return presentMessage(row)
}

async function replyTarget(scope: WorkspaceScope, conversationId: string, messageId?: string) {
  let query = scope
    .selectFrom('messages')
    .select(['id', 'remote_id', 'contact_id', 'author_handle', 'author_name', 'deleted_at'])
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'in')
  if (messageId) {
    const target = await query.where('id', '=', messageId).executeTakeFirst()
    if (!target) throw notFound('Message')
    if (target.deleted_at !== null) {
      throw invalid('Its author deleted that message; reply to another one.')
    }
    return target
  }
  query = query.where('deleted_at', 'is', null).orderBy('created_at', 'desc').orderBy('id', 'desc')
  return query.executeTakeFirst()
}

async function publishReply(
  murmur: Murmur,
  scope: WorkspaceScope,
  channelId: string,
  replyTo: string,
  text: string,
  networks: PublishingNetworks,
): Promise<{ id: string; url: string }> {
  const channel = await requireChannel(scope, channelId).catch(() => {
    throw invalid('The channel of this conversation was removed; reply on the network itself.')
  })
  const label = channelLabel(channel)
  if (channel.status !== 'active') {
    throw invalid(`${label} needs reconnecting before Murmur can reply. Reconnect it, then retry.`)
  }
  const network = networks.get(channel.network)
  if (!network) throw invalid(`${label}: this version of Murmur cannot publish to this network.`)
  const draft: Draft = { parts: [{ text, media: [] }], replyTo: { id: replyTo } }
  const problems = network.validate(draft).filter((p) => p.severity === 'error')
  if (problems.length > 0) {
    throw invalid(`Not sent: ${problems.map((p) => p.message).join('; ')}`, problems)
  }
  const credentials = await openCredentials(murmur, scope, channel.id)
  let result: PublishResult
  try {
    result = await network.publish(credentials, draft, {
      signal: AbortSignal.timeout(REPLY_TIMEOUT_MS),
      onCredentialsChanged: (next) => saveCredentials(murmur, scope, channel.id, next),
      refreshLock: channelRefreshLock(murmur, scope, channel.id),
    })
  } catch (error) {
    const failure = findNetworkError(error)
    if (failure?.kind === 'auth_expired') {
      await markNeedsReconnect(murmur, scope, channel.id, failure.message)
    }
    if (!failure) throw new MurmurError('internal', 'The reply failed.', { cause: error })
    throw murmurErrorFromNetwork(error, `reply on ${label}`)
  }
  const part = result.parts[0]
  if (!part) throw new MurmurError('internal', `${label} published nothing.`)
  return part
}
