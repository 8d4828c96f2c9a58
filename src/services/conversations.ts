import { type Expression, type SqlBool, sql } from 'kysely'
import { invalid, notFound } from '../core/errors.js'
import { inboxEvents } from '../engagement/events.js'
import { contactStates, foldIntoContact, saveContacts } from '../engagement/ingest.js'
import { orderedId } from '../engagement/ordered-id.js'
import type { Label } from '../engagement/understanding/understand.js'
import type { Murmur } from '../murmur.js'
import type { NetworkId } from '../networks/spec/index.js'
import type {
  ContactStage,
  ConversationKind,
  ConversationStatus,
  Intent,
  MessageKind,
  MessagesTable,
  Sentiment,
} from '../storage/tables/engagement.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { identitiesOf } from './contacts.js'
import { workspaceUnderstander } from './intent-rules.js'

export interface ConversationFilter {
  status: ConversationStatus | 'all'
  channel_id?: string | undefined
  /** A member's user id, or `none` for unassigned. */
  assignee_id?: string | undefined
  sentiment?: Sentiment | undefined
  /** An intent, or `none` for conversations without one. */
  intent?: Intent | 'none' | undefined
  stage?: ContactStage | undefined
  contact_id?: string | undefined
  /** `recent`: newest activity first; `priority`: complaints and purchase intent first. */
  sort: 'recent' | 'priority'
  limit: number
  cursor?: string | undefined
}

export interface MessageAuthor {
  contact_id: string | null
  handle: string | null
  name: string | null
}

export interface Message {
  id: string
  conversation_id: string
  direction: 'in' | 'out'
  kind: MessageKind
  channel_id: string | null
  network: NetworkId | null
  remote_id: string | null
  url: string | null
  author: MessageAuthor | null
  text: string
  in_reply_to: string | null
  quoted_id: string | null
  sentiment: Sentiment | null
  sentiment_score: number | null
  intent: Intent | null
  priority: number
  labels: Label[]
  sent_by: string | null
  created_at: number
  edited_at: number | null
  deleted_at: number | null
  /** When a member liked it on the network from Murmur, and who (received messages only). */
  liked_at: number | null
  liked_by: string | null
}

export interface ConversationContact {
  id: string
  display_name: string
  stage: ContactStage
  handle: string | null
  avatar_url: string | null
}

export interface Conversation {
  id: string
  kind: ConversationKind
  channel_id: string | null
  network: NetworkId | null
  root_remote_id: string | null
  root_url: string | null
  post_id: string | null
  delivery_id: string | null
  status: ConversationStatus
  assignee_id: string | null
  intent: Intent | null
  sentiment: Sentiment | null
  priority: number
  contact: ConversationContact | null
  last_message: Message | null
  last_activity_at: number
  message_count: number
  unread: boolean
  created_at: number
  updated_at: number
}

export interface Note {
  id: string
  body: string
  author_id: string | null
  created_at: number
}

const CONVERSATION_COLUMNS = [
  'id',
  'kind',
  'channel_id',
  'network',
  'root_remote_id',
  'root_url',
  'post_id',
  'delivery_id',
  'status',
  'assignee_id',
  'intent',
  'sentiment',
  'priority',
  'contact_id',
  'last_message_id',
  'last_activity_at',
  'message_count',
  'read_at',
  'created_at',
  'updated_at',
] as const

export const MESSAGE_COLUMNS = [
  'id',
  'conversation_id',
  'direction',
  'kind',
  'channel_id',
  'network',
  'remote_id',
  'url',
  'contact_id',
  'author_handle',
  'author_name',
  'text',
  'in_reply_to',
  'quoted_id',
  'sentiment',
  'sentiment_score',
  'intent',
  'priority',
  'labels',
  'sent_by',
  'created_at',
  'edited_at',
  'deleted_at',
  'liked_at',
  'liked_by',
] as const

type MessageRow = Pick<MessagesTable, (typeof MESSAGE_COLUMNS)[number]>

export function presentMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversation_id: row.conversation_id,
    direction: row.direction,
    kind: row.kind,
    channel_id: row.channel_id,
    network: row.network,
    remote_id: row.remote_id,
    url: row.url,
    author:
      row.direction === 'in'
        ? { contact_id: row.contact_id, handle: row.author_handle, name: row.author_name }
        : null,
    text: row.text,
    in_reply_to: row.in_reply_to,
    quoted_id: row.quoted_id,
    sentiment: row.sentiment,
    sentiment_score: row.sentiment_score,
    intent: row.intent,
    priority: row.priority,
    labels: JSON.parse(row.labels) as Label[],
    sent_by: row.sent_by,
    created_at: row.created_at,
    edited_at: row.edited_at,
    deleted_at: row.deleted_at,
    liked_at: row.liked_at,
    liked_by: row.liked_by,
  }
}

interface Cursor {
  priority: number
  at: number
  id: string
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.priority, cursor.at, cursor.id])).toString('base64url')
}

function decodeCursor(text: string): Cursor {
  try {
    const [priority, at, id] = JSON.parse(Buffer.from(text, 'base64url').toString()) as unknown[]
    if (typeof priority === 'number' && typeof at === 'number' && typeof id === 'string') {
      return { priority, at, id }
    }
  } catch {
    // answered below
  }
  throw invalid('This cursor is not one Murmur gave out; start again without it.', [
    { path: 'cursor', message: 'Unknown cursor' },
  ])
}

/**
 * One page of the inbox. Filters and order are SQL, and the cursor is a position in the order
 * (keyset), so each page is a short walk down one of the inbox indexes however large the inbox.
 */
export async function listConversations(
  scope: WorkspaceScope,
  filter: ConversationFilter,
): Promise<{ data: Conversation[]; next_cursor: string | null }> {
  let query = scope
    .selectFrom('conversations')
    .select(CONVERSATION_COLUMNS)
    .limit(filter.limit + 1)
  if (filter.status !== 'all') query = query.where('status', '=', filter.status)
  if (filter.channel_id) query = query.where('channel_id', '=', filter.channel_id)
  if (filter.assignee_id === 'none') query = query.where('assignee_id', 'is', null)
  else if (filter.assignee_id) query = query.where('assignee_id', '=', filter.assignee_id)
  if (filter.sentiment) query = query.where('sentiment', '=', filter.sentiment)
  if (filter.intent === 'none') query = query.where('intent', 'is', null)
  else if (filter.intent) query = query.where('intent', '=', filter.intent)
  if (filter.stage) query = query.where('contact_stage', '=', filter.stage)
  if (filter.contact_id) query = query.where('contact_id', '=', filter.contact_id)
  if (filter.cursor) {
    const c = decodeCursor(filter.cursor)
    query = query.where((eb) => {
      const afterInTime: Expression<SqlBool> = eb.and([
        eb('last_activity_at', '<=', c.at),
        eb.or([eb('last_activity_at', '<', c.at), eb('id', '<', c.id)]),
      ])
      if (filter.sort === 'recent') return afterInTime
      return eb.and([
        eb('priority', '<=', c.priority),
        eb.or([eb('priority', '<', c.priority), afterInTime]),
      ])
    })
  }
  if (filter.sort === 'priority') query = query.orderBy('priority', 'desc')
  query = query.orderBy('last_activity_at', 'desc').orderBy('id', 'desc')
  const rows = await query.execute()
  const page = rows.slice(0, filter.limit)
  const last = page.at(-1)
  return {
    data: await presentConversations(scope, page),
    next_cursor:
      rows.length > filter.limit && last
        ? encodeCursor({ priority: last.priority, at: last.last_activity_at, id: last.id })
        : null,
  }
}

type ConversationRow = Awaited<ReturnType<typeof conversationRow>>

function conversationRow(scope: WorkspaceScope, id: string) {
  return scope
    .selectFrom('conversations')
    .select(CONVERSATION_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst()
}

async function presentConversations(
  scope: WorkspaceScope,
  rows: NonNullable<ConversationRow>[],
): Promise<Conversation[]> {
  if (rows.length === 0) return []
  const messageIds = rows.flatMap((row) => (row.last_message_id ? [row.last_message_id] : []))
  const contactIds = [...new Set(rows.flatMap((row) => (row.contact_id ? [row.contact_id] : [])))]
  const messages = new Map(
    messageIds.length === 0
      ? []
      : (
          await scope
            .selectFrom('messages')
            .select(MESSAGE_COLUMNS)
            .where('id', 'in', messageIds)
            .execute()
        ).map((m) => [m.id, presentMessage(m)]),
  )
  const contacts = await contactCards(scope, contactIds)
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    channel_id: row.channel_id,
    network: row.network,
    root_remote_id: row.root_remote_id,
    root_url: row.root_url,
    post_id: row.post_id,
    delivery_id: row.delivery_id,
    status: row.status,
    assignee_id: row.assignee_id,
    intent: row.intent,
    sentiment: row.sentiment,
    priority: row.priority,
    contact: row.contact_id ? (contacts.get(row.contact_id) ?? null) : null,
    last_message: row.last_message_id ? (messages.get(row.last_message_id) ?? null) : null,
    last_activity_at: row.last_activity_at,
    message_count: row.message_count,
    unread: row.read_at === null || row.read_at < row.last_activity_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }))
}

/** Name, stage and the most recently seen identity of each contact. */
export async function contactCards(
  scope: WorkspaceScope,
  ids: string[],
): Promise<Map<string, ConversationContact>> {
  const cards = new Map<string, ConversationContact>()
  if (ids.length === 0) return cards
  const contacts = await scope
    .selectFrom('contacts')
    .select(['id', 'display_name', 'stage'])
    .where('id', 'in', ids)
    .execute()
  const identities = await identitiesOf(scope, ids)
  for (const contact of contacts) {
    const identity = identities
      .filter((i) => i.contact_id === contact.id)
      .sort((a, b) => (b.last_seen_at ?? 0) - (a.last_seen_at ?? 0))[0]
    cards.set(contact.id, {
      ...contact,
      handle: identity?.handle ?? null,
      avatar_url: identity?.avatar_url ?? null,
    })
  }
  return cards
}

export async function getConversation(scope: WorkspaceScope, id: string): Promise<Conversation> {
  const row = await conversationRow(scope, id)
  if (!row) throw notFound('Conversation')
  const [conversation] = await presentConversations(scope, [row])
  return conversation!
}

/** The business's post at the top of a conversation: its text as published on this channel. */
export async function rootPostText(
  scope: WorkspaceScope,
  conversation: Pick<Conversation, 'post_id' | 'delivery_id'>,
): Promise<string | null> {
  if (!conversation.post_id) return null
  const parts = await scope
    .selectFrom('post_parts')
    .select(['text', 'delivery_id'])
    .where('post_id', '=', conversation.post_id)
    .orderBy('position')
    .execute()
  const variant = parts.filter((p) => p.delivery_id === conversation.delivery_id)
  const chosen = variant.length > 0 ? variant : parts.filter((p) => p.delivery_id === null)
  return chosen[0]?.text ?? null
}

/** Messages of a conversation, oldest first, `limit` at a time (cursor: the last message id). */
export async function listMessages(
  scope: WorkspaceScope,
  conversationId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ data: Message[]; next_cursor: string | null }> {
  await requireConversation(scope, conversationId)
  let query = scope
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(page.limit + 1)
  if (page.cursor) {
    const after = await scope
      .selectFrom('messages')
      .select(['created_at', 'id'])
      .where('id', '=', page.cursor)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst()
    if (!after) throw invalid('Unknown cursor; start again without it.')
    query = query.where((eb) =>
      eb.and([
        eb('created_at', '>=', after.created_at),
        eb.or([eb('created_at', '>', after.created_at), eb('id', '>', after.id)]),
      ]),
    )
  }
  const rows = await query.execute()
  const data = rows.slice(0, page.limit).map(presentMessage)
  return { data, next_cursor: rows.length > page.limit ? (data.at(-1)?.id ?? null) : null }
}

export async function requireConversation(scope: WorkspaceScope, id: string) {
  const row = await conversationRow(scope, id)
  if (!row) throw notFound('Conversation')
  return row
}

async function requireMember(scope: WorkspaceScope, userId: string): Promise<void> {
  const member = await scope
    .selectFrom('members')
    .select('user_id')
    .where('user_id', '=', userId)
    .executeTakeFirst()
  if (!member) {
    throw invalid('Assign the conversation to a member of this workspace.', [
      { path: 'assignee_id', message: 'Not a member of this workspace' },
    ])
  }
}

/** Marks done or open, and assigns (a member's id) or unassigns (null). */
export async function updateConversation(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  input: { status?: ConversationStatus | undefined; assignee_id?: string | null | undefined },
): Promise<Conversation> {
  await requireConversation(scope, id)
  if (input.assignee_id) await requireMember(scope, input.assignee_id)
  const now = murmur.now()
  await scope
    .updateTable('conversations')
    .set({
      ...(input.status !== undefined && { status: input.status }),
      ...(input.status === 'done' && { read_at: now }),
      ...(input.assignee_id !== undefined && { assignee_id: input.assignee_id }),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute()
  inboxEvents(murmur).publish(scope.workspaceId, {
    type: 'conversation.updated',
    conversation_id: id,
  })
  return getConversation(scope, id)
}

/** Seen: the conversation is no longer unread (until something new arrives). */
export async function markRead(murmur: Murmur, scope: WorkspaceScope, id: string): Promise<void> {
  await requireConversation(scope, id)
  await scope
    .updateTable('conversations')
    .set({ read_at: murmur.now() })
    .where('id', '=', id)
    .execute()
}

export async function listConversationNotes(
  scope: WorkspaceScope,
  conversationId: string,
): Promise<Note[]> {
  return scope
    .selectFrom('conversation_notes')
    .select(['id', 'body', 'author_id', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function addConversationNote(
  murmur: Murmur,
  scope: WorkspaceScope,
  conversationId: string,
  input: { body: string; authorId: string | null },
): Promise<Note> {
  await requireConversation(scope, conversationId)
  const now = murmur.now()
  const note = {
    id: orderedId('cn', now),
    body: input.body.trim(),
    author_id: input.authorId,
    created_at: now,
  }
  await scope
    .insertInto('conversation_notes', { ...note, conversation_id: conversationId })
    .execute()
  inboxEvents(murmur).publish(scope.workspaceId, {
    type: 'conversation.updated',
    conversation_id: conversationId,
  })
  return note
}

export async function deleteConversationNote(
  scope: WorkspaceScope,
  conversationId: string,
  noteId: string,
): Promise<void> {
  const deleted = await scope
    .deleteFrom('conversation_notes')
    .where('conversation_id', '=', conversationId)
    .where('id', '=', noteId)
    .executeTakeFirst()
  if (Number(deleted.numDeletedRows) === 0) throw notFound('Note')
}

/**
 * Records an exchange that happened off the networks (a call, an email, a chat in the shop):
 * a `logged` conversation with the contact's message, read like any other (sentiment, intent,
 * stage rules), so the contact's timeline holds everything.
 */
export async function logConversation(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: {
    contactId: string
    text: string
    occurredAt?: number | undefined
    loggedBy: string | null
  },
): Promise<Conversation> {
  const now = murmur.now()
  const at = Math.min(input.occurredAt ?? now, now)
  const understand = await workspaceUnderstander(murmur, scope)
  const understood = understand(input.text)
  const conversationId = orderedId('cv', now)
  const messageId = orderedId('msg', now)
  await scope.transaction(async (trx) => {
    const contacts = await contactStates(trx, [input.contactId])
    const contact = contacts.get(input.contactId)
    if (!contact) throw notFound('Contact')
    const labels = JSON.stringify(understood.labels)
    foldIntoContact(
      contact,
      { id: messageId, kind: 'logged', text: input.text, labels, created_at: at },
      understood.intents,
      'a logged exchange',
      now,
    )
    await trx
      .insertInto('conversations', {
        id: conversationId,
        kind: 'logged',
        channel_id: null,
        network: null,
        root_remote_id: null,
        root_url: null,
        post_id: null,
        delivery_id: null,
        status: 'open',
        assignee_id: null,
        intent: understood.intent,
        sentiment: understood.sentiment,
        priority: understood.priority,
        contact_id: input.contactId,
        contact_stage: contact.stage,
        last_message_id: messageId,
        last_activity_at: at,
        message_count: 1,
        read_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute()
    await trx
      .insertInto('messages', {
        id: messageId,
        conversation_id: conversationId,
        channel_id: null,
        network: null,
        direction: 'in',
        kind: 'logged',
        remote_id: null,
        url: null,
        contact_id: input.contactId,
        identity_id: null,
        author_handle: null,
        author_name: null,
        text: input.text,
        in_reply_to: null,
        quoted_id: null,
        sentiment: understood.sentiment,
        sentiment_score: understood.sentimentScore,
        intent: understood.intent,
        priority: understood.priority,
        labels,
        sent_by: input.loggedBy,
        created_at: at,
        received_at: now,
        edited_at: null,
        deleted_at: null,
        checked_at: null,
        erased: 0,
      })
      .execute()
    await saveContacts(trx, [contact], now)
  })
  inboxEvents(murmur).publish(scope.workspaceId, {
    type: 'message.created',
    conversation_id: conversationId,
    message_id: messageId,
    direction: 'in',
  })
  return getConversation(scope, conversationId)
}

/** Open conversations by intent and sentiment, and unassigned ones: the inbox's badges. */
export async function inboxCounts(scope: WorkspaceScope) {
  const rows = await scope
    .selectFrom('conversations')
    .select(['intent', 'sentiment', sql<number>`count(*)`.as('n')])
    .select((eb) =>
      eb.fn
        .sum<number>(eb.case().when('assignee_id', 'is', null).then(1).else(0).end())
        .as('unassigned'),
    )
    .where('status', '=', 'open')
    .groupBy(['intent', 'sentiment'])
    .execute()
  const counts = {
    open: 0,
    unassigned: 0,
    by_intent: { complaint: 0, purchase: 0, question: 0, praise: 0, none: 0 },
    by_sentiment: { positive: 0, neutral: 0, negative: 0 },
  }
  for (const row of rows) {
    const n = Number(row.n)
    counts.open += n
    counts.unassigned += Number(row.unassigned)
    counts.by_intent[row.intent ?? 'none'] += n
    if (row.sentiment) counts.by_sentiment[row.sentiment] += n
  }
  return counts
}
