import { type Expression, type SqlBool, sql } from 'kysely'
import { invalid } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import type { NetworkId } from '../networks/spec/index.js'
import type { ContactStage, Intent, Sentiment } from '../storage/tables/engagement.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { requireContact } from './contact-merge.js'

/** One thing in a contact's history, newest first. Fields that do not apply are absent. */
export interface TimelineItem {
  type: 'message' | 'reply' | 'stage' | 'note' | 'conversion' | 'click'
  id: string
  at: number
  conversation_id?: string
  network?: NetworkId | null
  text?: string
  url?: string | null
  sentiment?: Sentiment | null
  intent?: Intent | null
  from_stage?: ContactStage | null
  to_stage?: ContactStage
  reason?: string
  author_id?: string | null
  conversion_kind?: 'lead' | 'sale'
  amount?: number | null
  currency?: string | null
  event_name?: string | null
  link_id?: string
}

interface Position {
  at: number
  id: string
}

function decode(cursor: string): Position {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[]
    if (typeof at === 'number' && typeof id === 'string') return { at, id }
  } catch {
    // answered below
  }
  throw invalid('This cursor is not one Murmur gave out; start again without it.')
}

const encode = (p: Position) => Buffer.from(JSON.stringify([p.at, p.id])).toString('base64url')

const newerFirst = (a: Position, b: Position) =>
  b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

/**
 * Everything about a contact, newest first: their messages and the business's replies, stage
 * changes, notes, conversions tied to them and the link clicks those conversions came through.
 * Each source is read through its own (contact, time) index up to one page past the cursor and
 * the pages are merged, so a page costs the same however long the history.
 */
export async function contactTimeline(
  _murmur: Murmur,
  scope: WorkspaceScope,
  contactId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ data: TimelineItem[]; next_cursor: string | null }> {
  await requireContact(scope, contactId)
  const after = page.cursor ? decode(page.cursor) : null
  const take = page.limit + 1
  // Older than the cursor: (at, id) < (cursor.at, cursor.id).
  const before = (atColumn: string, idColumn: string) =>
    after
      ? sql<SqlBool>`(${sql.ref(atColumn)} < ${after.at} or (${sql.ref(atColumn)} = ${after.at} and ${sql.ref(idColumn)} < ${after.id}))`
      : sql<SqlBool>`1 = 1`

  const messagesRead = scope
    .selectFrom('messages')
    .select([
      'id',
      'direction',
      'conversation_id',
      'network',
      'text',
      'url',
      'sentiment',
      'intent',
      'sent_by',
      'created_at',
      'deleted_at',
    ])
    .where('contact_id', '=', contactId)
    .where(before('created_at', 'id') as Expression<SqlBool>)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(take)
    .execute()
  const stagesRead = scope
    .selectFrom('contact_stage_changes')
    .select(['id', 'from_stage', 'to_stage', 'reason', 'source', 'actor_id', 'at'])
    .where('contact_id', '=', contactId)
    .where(before('at', 'id') as Expression<SqlBool>)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(take)
    .execute()
  const notesRead = scope
    .selectFrom('contact_notes')
    .select(['id', 'body', 'author_id', 'created_at'])
    .where('contact_id', '=', contactId)
    .where(before('created_at', 'id') as Expression<SqlBool>)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(take)
    .execute()
  const conversionsRead = scope
    .selectFrom('contact_conversions')
    .innerJoin('conversions', 'conversions.id', 'contact_conversions.conversion_id')
    .select([
      'conversions.id',
      'conversions.kind',
      'conversions.amount',
      'conversions.currency',
      'conversions.event_name',
      'conversions.occurred_at',
    ])
    .where('contact_conversions.contact_id', '=', contactId)
    .where('conversions.workspace_id', '=', scope.workspaceId)
    .where(before('conversions.occurred_at', 'conversions.id') as Expression<SqlBool>)
    .orderBy('conversions.occurred_at', 'desc')
    .orderBy('conversions.id', 'desc')
    .limit(take)
    .execute()
  const clicksRead = scope
    .selectFrom('contact_conversions')
    .innerJoin(
      'conversion_touchpoints',
      'conversion_touchpoints.conversion_id',
      'contact_conversions.conversion_id',
    )
    .select(['conversion_touchpoints.click_id', 'conversion_touchpoints.link_id'])
    .select('conversion_touchpoints.at')
    .distinct()
    .where('contact_conversions.contact_id', '=', contactId)
    .where('conversion_touchpoints.workspace_id', '=', scope.workspaceId)
    .where(
      before('conversion_touchpoints.at', 'conversion_touchpoints.click_id') as Expression<SqlBool>,
    )
    .orderBy('conversion_touchpoints.at', 'desc')
    .orderBy('conversion_touchpoints.click_id', 'desc')
    .limit(take)
    .execute()

  // Independent reads: PostgreSQL runs them side by side on the pool.
  const [messages, stages, notes, conversions, clicks] = await Promise.all([
    messagesRead,
    stagesRead,
    notesRead,
    conversionsRead,
    clicksRead,
  ])
  const items: TimelineItem[] = [
    ...messages.map(
      (m): TimelineItem => ({
        type: m.direction === 'in' ? 'message' : 'reply',
        id: m.id,
        at: m.created_at,
        conversation_id: m.conversation_id,
        network: m.network,
        text: m.deleted_at === null ? m.text : '',
        url: m.url,
        ...(m.direction === 'in'
          ? { sentiment: m.sentiment, intent: m.intent }
          : { author_id: m.sent_by }),
      }),
    ),
    ...stages.map(
      (s): TimelineItem => ({
        type: 'stage',
        id: s.id,
        at: s.at,
        from_stage: s.from_stage,
        to_stage: s.to_stage,
        reason: s.reason,
        author_id: s.actor_id,
      }),
    ),
    ...notes.map(
      (n): TimelineItem => ({
        type: 'note',
        id: n.id,
        at: n.created_at,
        text: n.body,
        author_id: n.author_id,
      }),
    ),
    ...conversions.map(
      (c): TimelineItem => ({
        type: 'conversion',
        id: c.id,
        at: c.occurred_at,
        conversion_kind: c.kind,
        amount: c.amount,
        currency: c.currency,
        event_name: c.event_name,
      }),
    ),
    ...clicks.map(
      (c): TimelineItem => ({ type: 'click', id: c.click_id, at: c.at, link_id: c.link_id }),
    ),
  ].sort(newerFirst)
  const data = items.slice(0, page.limit)
  const last = data.at(-1)
  return {
    data,
    next_cursor: items.length > page.limit && last ? encode(last) : null,
  }
}
