import type { Murmur } from '../murmur.js'
import { NETWORK_NAMES, type NetworkId, type NetworkMention } from '../networks/spec/index.js'
import { queueWebhookEvents } from '../services/webhooks.js'
import type {
  ContactStage,
  ConversationKind,
  ConversationStatus,
  Intent,
  MessagesTable,
  Sentiment,
} from '../storage/tables/engagement.js'
import { isUniqueViolation } from '../storage/unique-violation.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { orderedId } from './ordered-id.js'
import { erasedRemoteId, type OurPost } from './our-posts.js'
import { addPoints, messagePoints } from './score.js'
import { queueStageEvents, ruleStage, type StageChange } from './stages.js'
import { BASE_PRIORITY, moreUrgent, type Understander } from './understanding/understand.js'
import { type ColumnType, updateRows } from './update-rows.js'

/** The channel whose mentions are ingested. */
export interface IngestChannel {
  id: string
  network: NetworkId
  /** The business's own account: its own posts are never inbox items. */
  account_id: string
}

export interface IngestContext {
  murmur: Murmur
  scope: WorkspaceScope
  channel: IngestChannel
  understand: Understander
  ours: Map<string, OurPost>
}

export interface IngestResult {
  /** New messages, oldest first. */
  created: Array<{ id: string; conversation_id: string }>
  /** Items already stored (or erased): a poller that meets one has caught up. */
  known: number
}

type MessageRow = Omit<MessagesTable, 'workspace_id'>

interface ConversationState {
  id: string
  isNew: boolean
  kind: ConversationKind
  root: string
  root_url: string | null
  post_id: string | null
  delivery_id: string | null
  status: ConversationStatus
  intent: Intent | null
  priority: number
  sentiment: Sentiment | null
  contact_id: string | null
  last_message_id: string | null
  last_activity_at: number
  message_count: number
}

export interface ContactState {
  id: string
  stageChangedAt: number
  /** Created by this page: it has no other conversations to update. */
  isNew: boolean
  stage: ContactStage
  score: { points: number; at: number }
  message_count: number
  last_seen_at: number | null
  changes: StageChange[]
}

const IDENTITY_SEEN_EVERY_MS = 3_600_000

const CONTACT_UPDATE: Record<string, ColumnType> = {
  message_count: 'integer',
  last_seen_at: 'bigint',
  score_points: 'double precision',
  score_at: 'bigint',
  stage: 'text',
  stage_changed_at: 'bigint',
  updated_at: 'bigint',
}

const CONVERSATION_UPDATE: Record<string, ColumnType> = {
  status: 'text',
  intent: 'text',
  priority: 'integer',
  sentiment: 'text',
  contact_id: 'text',
  contact_stage: 'text',
  last_message_id: 'text',
  last_activity_at: 'bigint',
  message_count: 'integer',
  updated_at: 'bigint',
}
/** A placeholder account id for identities imported by handle, until their first message. */
export const HANDLE_ACCOUNT_PREFIX = 'handle:'

/** Where a message belongs: under the business's post it answers or quotes, else its thread. */
export function rootOf(item: NetworkMention, ours: Map<string, OurPost>): string {
  if (item.kind === 'quote' && item.quotedId && ours.has(item.quotedId) && !item.rootId) {
    return item.quotedId
  }
  return item.rootId ?? item.inReplyTo ?? item.id
}

function createdAtOf(item: NetworkMention, now: number): number {
  const parsed = Date.parse(item.createdAt)
  // Clients date posts themselves; a missing or future date becomes the time it reached us.
  return Number.isFinite(parsed) && parsed <= now ? parsed : now
}

const quote = (text: string, max = 80) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/**
 * Stores one page of mentions: new messages only (one per channel and network id, however often
 * the page is seen), their authors as contacts, their conversations, what they say (sentiment,
 * intent) and what follows for the contact's stage. One transaction per page, retried when a
 * concurrent sync of another channel created the same contact first.
 */
export async function ingestMentions(
  context: IngestContext,
  items: readonly NetworkMention[],
): Promise<IngestResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await context.scope.transaction((trx) => ingestPage({ ...context, scope: trx }, items))
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error)) throw error
    }
  }
}

async function ingestPage(
  context: IngestContext,
  items: readonly NetworkMention[],
): Promise<IngestResult> {
  const { scope, channel, murmur } = context
  const now = murmur.now()
  const unique = new Map<string, NetworkMention>()
  for (const item of items) {
    if (item.author.id === channel.account_id || unique.has(item.id)) continue
    unique.set(item.id, item)
  }
  if (unique.size === 0) return { created: [], known: 0 }

  const ids = [...unique.keys()]
  const standIns = new Map(ids.map((id) => [erasedRemoteId(scope.workspaceId, id), id]))
  const existing = await scope
    .selectFrom('messages')
    .select('remote_id')
    .where('channel_id', '=', channel.id)
    .where('remote_id', 'in', [...ids, ...standIns.keys()])
    .execute()
  const known = new Set(existing.map((row) => standIns.get(row.remote_id ?? '') ?? row.remote_id))
  const fresh = parentsFirst(
    [...unique.values()]
      .filter((item) => !known.has(item.id))
      .map((item) => ({ item, createdAt: createdAtOf(item, now) }))
      .sort((a, b) => a.createdAt - b.createdAt),
  )
  if (fresh.length === 0) return { created: [], known: known.size }

  const { found: identities, created } = await identitiesFor(context, fresh, now)
  const conversations = await conversationsFor(context, fresh, now)
  const contacts = await contactStates(
    scope,
    [...identities.values()].map((identity) => identity.contact_id),
    created,
  )

  const rows: MessageRow[] = []
  const conversationsById = new Map([...conversations.values()].map((c) => [c.id, c]))
  for (const { item, createdAt } of fresh) {
    const identity = identities.get(item.author.id)!
    const conversation = conversations.get(rootOf(item, context.ours))!
    const understood = context.understand(item.text)
    const row: MessageRow = {
      id: orderedId('msg', now),
      conversation_id: conversation.id,
      channel_id: channel.id,
      network: channel.network,
      direction: 'in',
      kind: item.kind,
      remote_id: item.id,
      url: item.url,
      contact_id: identity.contact_id,
      identity_id: identity.id,
      author_handle: item.author.handle,
      author_name: item.author.displayName ?? null,
      text: item.text,
      in_reply_to: item.inReplyTo ?? null,
      quoted_id: item.quotedId ?? null,
      sentiment: understood.sentiment,
      sentiment_score: understood.sentimentScore,
      intent: understood.intent,
      priority: understood.priority,
      labels: JSON.stringify(understood.labels),
      sent_by: null,
      created_at: createdAt,
      received_at: now,
      edited_at: null,
      deleted_at: null,
      checked_at: now,
      erased: 0,
      liked_at: null,
      liked_by: null,
    }
    rows.push(row)
    foldIntoConversation(conversation, row)
    const contact = contacts.get(identity.contact_id)
    if (contact) {
      foldIntoContact(contact, row, understood.intents, NETWORK_NAMES[channel.network], now)
    }
  }

  const newConversations = [...conversations.values()]
    .filter((conversation) => conversation.isNew)
    .map((conversation) => ({
      ...conversationColumns(conversation, contacts, now),
      id: conversation.id,
      kind: conversation.kind,
      channel_id: channel.id,
      network: channel.network,
      root_remote_id: conversation.root,
      root_url: conversation.root_url,
      post_id: conversation.post_id,
      delivery_id: conversation.delivery_id,
      assignee_id: null,
      read_at: null,
      created_at: now,
    }))
  await insertInBatches(scope, 'conversations', newConversations, 40)
  await insertInBatches(scope, 'messages', rows, 30)
  await saveContacts(scope, [...contacts.values()], now)
  await queueWebhookEvents(
    scope,
    rows.map((row) => ({
      type: 'message.received',
      data: receivedEvent(row, conversationsById.get(row.conversation_id)),
    })),
    now,
  )
  await updateRows(
    scope,
    'conversations',
    CONVERSATION_UPDATE,
    [...conversations.values()]
      .filter((conversation) => !conversation.isNew)
      .map((conversation) => ({
        id: conversation.id,
        ...conversationColumns(conversation, contacts, now),
      })),
  )
  return {
    created: rows.map((row) => ({ id: row.id, conversation_id: row.conversation_id })),
    known: known.size,
  }
}

/** The `message.received` webhook's data: the message, who wrote it, and where. */
function receivedEvent(row: MessageRow, conversation: ConversationState | undefined) {
  return {
    message_id: row.id,
    conversation_id: row.conversation_id,
    channel_id: row.channel_id,
    network: row.network,
    kind: row.kind,
    url: row.url,
    text: row.text,
    author: { handle: row.author_handle, name: row.author_name },
    contact_id: row.contact_id,
    post_id: conversation?.post_id ?? null,
    sentiment: row.sentiment,
    intent: row.intent,
    created_at: new Date(row.created_at).toISOString(),
  }
}

function conversationColumns(
  conversation: ConversationState,
  contacts: Map<string, ContactState>,
  now: number,
) {
  return {
    status: conversation.status,
    intent: conversation.intent,
    priority: conversation.priority,
    sentiment: conversation.sentiment,
    contact_id: conversation.contact_id,
    contact_stage: conversation.contact_id
      ? (contacts.get(conversation.contact_id)?.stage ?? null)
      : null,
    last_message_id: conversation.last_message_id,
    last_activity_at: conversation.last_activity_at,
    message_count: conversation.message_count,
    updated_at: now,
  }
}

/** A new message counts in its conversation and reopens it when it was done. */
function foldIntoConversation(conversation: ConversationState, row: MessageRow): void {
  if (conversation.status === 'done') {
    conversation.status = 'open'
    conversation.intent = null
    conversation.priority = BASE_PRIORITY
  }
  conversation.message_count += 1
  conversation.intent = moreUrgent(conversation.intent, row.intent)
  conversation.priority = Math.max(conversation.priority, row.priority)
  if (row.created_at >= conversation.last_activity_at || conversation.last_message_id === null) {
    conversation.last_activity_at = row.created_at
    conversation.last_message_id = row.id
    conversation.sentiment = row.sentiment
    conversation.contact_id = row.contact_id
  }
}

/**
 * Keeps a reply after the message it answers when both arrive together: some networks give times
 * to the second only, so a question and its answer can tie, and the ids given in this order decide
 * how a conversation reads.
 */
function parentsFirst<T extends { item: NetworkMention }>(sorted: T[]): T[] {
  const waiting = new Set(sorted.map(({ item }) => item.id))
  const children = new Map<string, T[]>()
  const ordered: T[] = []
  const emit = (entry: T) => {
    ordered.push(entry)
    waiting.delete(entry.item.id)
    for (const child of children.get(entry.item.id) ?? []) emit(child)
  }
  for (const entry of sorted) {
    const parent = entry.item.inReplyTo
    if (parent && parent !== entry.item.id && waiting.has(parent)) {
      children.set(parent, [...(children.get(parent) ?? []), entry])
    } else {
      emit(entry)
    }
  }
  // Replies whose parents never came out (a reply cycle in bad data) keep their place at the end.
  const emitted = new Set(ordered)
  for (const entry of sorted) if (!emitted.has(entry)) ordered.push(entry)
  return ordered
}

/** A message received from the contact: counts, score, and the stage rules it triggers. */
export function foldIntoContact(
  contact: ContactState,
  row: Pick<MessageRow, 'id' | 'kind' | 'text' | 'labels' | 'created_at'>,
  intents: Intent[],
  where: string,
  now: number,
): void {
  contact.message_count += 1
  contact.last_seen_at = Math.max(contact.last_seen_at ?? 0, row.created_at)
  contact.score = addPoints(contact.score, messagePoints(row.kind), row.created_at)
  const moves: Array<[Parameters<typeof ruleStage>[1], string]> = [
    ['message', `Wrote on ${where}: "${quote(row.text)}"`],
  ]
  if (intents.includes('purchase')) {
    const label = (JSON.parse(row.labels) as Array<{ value: string; reason: string }>).find(
      (l) => l.value === 'purchase',
    )
    moves.push(['purchase_intent', `Purchase intent on ${where}. ${label?.reason ?? ''}`.trim()])
  }
  for (const [event, reason] of moves) {
    const next = ruleStage(contact.stage, event)
    if (!next) continue
    contact.changes.push({
      contactId: contact.id,
      from: contact.stage,
      to: next,
      source: 'rule',
      reason,
      messageId: row.id,
      at: now,
    })
    contact.stage = next
  }
}

/**
 * Writes what the messages did to their authors: one update per contact (counts, score, stage),
 * their stage history in one insert, and the stage copied onto the conversations of contacts
 * that existed before (new ones have only the conversations written with them).
 */
export async function saveContacts(scope: WorkspaceScope, contacts: ContactState[], now: number) {
  await updateRows(
    scope,
    'contacts',
    CONTACT_UPDATE,
    contacts.map((contact) => {
      const last = contact.changes.at(-1)
      return {
        id: contact.id,
        message_count: contact.message_count,
        last_seen_at: contact.last_seen_at,
        score_points: contact.score.points,
        score_at: contact.score.at,
        stage: last?.to ?? contact.stage,
        stage_changed_at: last?.at ?? contact.stageChangedAt,
        updated_at: now,
      }
    }),
  )
  for (const contact of contacts) {
    const last = contact.changes.at(-1)
    if (last && !contact.isNew) {
      await scope
        .updateTable('conversations')
        .set({ contact_stage: last.to })
        .where('contact_id', '=', contact.id)
        .execute()
    }
  }
  const changes = contacts.flatMap((contact) => contact.changes)
  await insertInBatches(scope, 'contact_stage_changes', changes.map(stageChangeRow), 50)
  await queueStageEvents(scope, changes)
}

const stageChangeRow = (change: StageChange) => ({
  id: orderedId('sc', change.at),
  contact_id: change.contactId,
  from_stage: change.from,
  to_stage: change.to,
  source: change.source,
  reason: change.reason.slice(0, 500),
  actor_id: change.actorId ?? null,
  message_id: change.messageId ?? null,
  conversion_id: change.conversionId ?? null,
  at: change.at,
})

/** Multi-row inserts, `size` rows at a time (both databases cap the parameters of a statement). */
async function insertInBatches<
  T extends
    | 'conversations'
    | 'messages'
    | 'contact_stage_changes'
    | 'contacts'
    | 'contact_identities',
>(
  scope: WorkspaceScope,
  table: T,
  rows: Parameters<WorkspaceScope['insertInto']>[1][],
  size: number,
) {
  for (let start = 0; start < rows.length; start += size) {
    // biome-ignore lint/suspicious/noExplicitAny: rows are typed by the callers
    await scope.insertInto(table, rows.slice(start, start + size) as any).execute()
  }
}

export async function contactStates(
  scope: WorkspaceScope,
  ids: string[],
  created: ReadonlySet<string> = new Set(),
): Promise<Map<string, ContactState>> {
  const unique = [...new Set(ids)]
  const states = new Map<string, ContactState>()
  for (let start = 0; start < unique.length; start += 200) {
    const rows = await scope
      .selectFrom('contacts')
      .select([
        'id',
        'stage',
        'stage_changed_at',
        'score_points',
        'score_at',
        'message_count',
        'last_seen_at',
      ])
      .where('id', 'in', unique.slice(start, start + 200))
      .execute()
    for (const row of rows) {
      states.set(row.id, {
        id: row.id,
        isNew: created.has(row.id),
        stage: row.stage,
        stageChangedAt: row.stage_changed_at,
        score: { points: row.score_points, at: row.score_at },
        message_count: row.message_count,
        last_seen_at: row.last_seen_at,
        changes: [],
      })
    }
  }
  return states
}

interface IdentityRef {
  id: string
  contact_id: string
}

/**
 * The identity of each author: found by the network's account id, or adopted from a contact
 * imported by handle, or created with a new contact. Profiles are kept up to date.
 */
async function identitiesFor(
  context: IngestContext,
  fresh: Array<{ item: NetworkMention }>,
  now: number,
): Promise<{ found: Map<string, IdentityRef>; created: Set<string> }> {
  const { scope, channel } = context
  // Newest profile of each author (fresh is oldest first).
  const authors = new Map<string, NetworkMention['author']>()
  for (const { item } of fresh) authors.set(item.author.id, item.author)
  const found = new Map<string, IdentityRef>()
  const accountIds = [...authors.keys()]
  for (let start = 0; start < accountIds.length; start += 200) {
    const rows = await scope
      .selectFrom('contact_identities')
      .select(['id', 'contact_id', 'account_id', 'handle', 'display_name', 'avatar_url'])
      .select('last_seen_at')
      .where('network', '=', channel.network)
      .where('account_id', 'in', accountIds.slice(start, start + 200))
      .execute()
    for (const row of rows) {
      found.set(row.account_id, { id: row.id, contact_id: row.contact_id })
      const author = authors.get(row.account_id)!
      const changed =
        row.handle !== author.handle ||
        row.display_name !== (author.displayName ?? null) ||
        row.avatar_url !== (author.avatarUrl ?? null)
      if (changed || (row.last_seen_at ?? 0) < now - IDENTITY_SEEN_EVERY_MS) {
        await scope
          .updateTable('contact_identities')
          .set({
            handle: author.handle,
            display_name: author.displayName ?? null,
            avatar_url: author.avatarUrl ?? null,
            last_seen_at: now,
          })
          .where('id', '=', row.id)
          .execute()
      }
    }
  }
  const missing = [...authors.values()].filter((author) => !found.has(author.id))
  if (missing.length > 0) {
    const adopted = await scope
      .selectFrom('contact_identities')
      .select(['id', 'contact_id', 'handle'])
      .where('network', '=', channel.network)
      .where(
        'handle',
        'in',
        missing.map((author) => author.handle.toLowerCase()),
      )
      .where('account_id', 'like', `${HANDLE_ACCOUNT_PREFIX}%`)
      .execute()
    for (const row of adopted) {
      const author = missing.find((a) => a.handle.toLowerCase() === row.handle && !found.has(a.id))
      if (!author) continue
      await scope
        .updateTable('contact_identities')
        .set({
          account_id: author.id,
          handle: author.handle,
          display_name: author.displayName ?? null,
          avatar_url: author.avatarUrl ?? null,
          last_seen_at: now,
        })
        .where('id', '=', row.id)
        .execute()
      found.set(author.id, { id: row.id, contact_id: row.contact_id })
    }
  }
  const firstMessage = new Map<string, NetworkMention>()
  for (const { item } of fresh) {
    if (!firstMessage.has(item.author.id)) firstMessage.set(item.author.id, item)
  }
  const created = new Set<string>()
  const contacts: Array<Parameters<WorkspaceScope['insertInto']>[1]> = []
  const identities: Array<Parameters<WorkspaceScope['insertInto']>[1]> = []
  const history: Array<Parameters<WorkspaceScope['insertInto']>[1]> = []
  for (const author of authors.values()) {
    if (found.has(author.id)) continue
    const contactId = orderedId('ct', now)
    const identityId = orderedId('cid', now)
    const first = firstMessage.get(author.id)
    contacts.push({
      id: contactId,
      display_name: (author.displayName || author.handle).slice(0, 200),
      first_name: null,
      email: null,
      customer_id: null,
      stage: 'audience',
      stage_changed_at: now,
      tags: '[]',
      score_points: 0,
      score_at: now,
      message_count: 0,
      last_seen_at: null,
      created_at: now,
      updated_at: now,
    })
    identities.push({
      id: identityId,
      contact_id: contactId,
      network: channel.network,
      account_id: author.id,
      handle: author.handle,
      display_name: author.displayName ?? null,
      avatar_url: author.avatarUrl ?? null,
      created_at: now,
      last_seen_at: now,
    })
    history.push(
      stageChangeRow({
        contactId,
        from: null,
        to: 'audience',
        source: 'rule',
        reason: `New contact: @${author.handle} wrote to the business on ${NETWORK_NAMES[channel.network]}${first ? ` (${first.kind})` : ''}`,
        at: now,
      }),
    )
    created.add(contactId)
    found.set(author.id, { id: identityId, contact_id: contactId })
  }
  await insertInBatches(scope, 'contacts', contacts, 50)
  await insertInBatches(scope, 'contact_identities', identities, 50)
  await insertInBatches(scope, 'contact_stage_changes', history, 50)
  return { found, created }
}

/** The conversation of each fresh item, existing or new (not yet inserted), by root id. */
async function conversationsFor(
  context: IngestContext,
  fresh: Array<{ item: NetworkMention; createdAt: number }>,
  now: number,
): Promise<Map<string, ConversationState>> {
  const { scope, channel, ours } = context
  const roots = new Map<string, { item: NetworkMention; createdAt: number }>()
  for (const entry of fresh) {
    const root = rootOf(entry.item, ours)
    if (!roots.has(root)) roots.set(root, entry)
  }
  const states = new Map<string, ConversationState>()
  const rootIds = [...roots.keys()]
  for (let start = 0; start < rootIds.length; start += 200) {
    const rows = await scope
      .selectFrom('conversations')
      .select([
        'id',
        'kind',
        'root_remote_id',
        'root_url',
        'post_id',
        'delivery_id',
        'status',
        'intent',
        'priority',
        'sentiment',
        'contact_id',
        'last_message_id',
        'last_activity_at',
        'message_count',
      ])
      .where('channel_id', '=', channel.id)
      .where('root_remote_id', 'in', rootIds.slice(start, start + 200))
      .execute()
    for (const row of rows) {
      states.set(row.root_remote_id ?? '', {
        ...row,
        isNew: false,
        root: row.root_remote_id ?? '',
      })
    }
  }
  for (const [root, { item, createdAt }] of roots) {
    if (states.has(root)) continue
    const ourPost = ours.get(root)
    const answersUs = (item.kind === 'reply' || item.kind === 'comment') && item.inReplyTo === root
    states.set(root, {
      id: orderedId('cv', now),
      isNew: true,
      kind: ourPost || answersUs ? 'post' : 'thread',
      root,
      root_url: ourPost?.url ?? (root === item.id ? item.url : null),
      post_id: ourPost?.post_id ?? null,
      delivery_id: ourPost?.delivery_id ?? null,
      status: 'open',
      intent: null,
      priority: BASE_PRIORITY,
      sentiment: null,
      contact_id: null,
      last_message_id: null,
      last_activity_at: createdAt,
      message_count: 0,
    })
  }
  return states
}
