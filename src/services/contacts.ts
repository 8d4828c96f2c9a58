import { sql } from 'kysely'
import { conflict, invalid, notFound } from '../core/errors.js'
import { HANDLE_ACCOUNT_PREFIX } from '../engagement/ingest.js'
import { orderedId } from '../engagement/ordered-id.js'
import { scoreNow } from '../engagement/score.js'
import { applyStageChange, queueStageEvents, type StageChange } from '../engagement/stages.js'
import type { Murmur } from '../murmur.js'
import type { NetworkId } from '../networks/spec/index.js'
import type { ContactStage } from '../storage/tables/engagement.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import type { Note } from './conversations.js'

export interface Identity {
  id: string
  network: NetworkId
  /** The network's stable id; null for an identity known only by handle (imported or typed in). */
  account_id: string | null
  handle: string
  display_name: string | null
  avatar_url: string | null
  created_at: number
  last_seen_at: number | null
}

export interface Contact {
  id: string
  display_name: string
  first_name: string | null
  email: string | null
  customer_id: string | null
  stage: ContactStage
  stage_changed_at: number
  tags: string[]
  engagement_score: number
  message_count: number
  last_seen_at: number | null
  identities: Identity[]
  created_at: number
  updated_at: number
}

export interface StageChangeView {
  id: string
  from_stage: ContactStage | null
  to_stage: ContactStage
  source: string
  reason: string
  actor_id: string | null
  message_id: string | null
  conversion_id: string | null
  at: number
}

export interface ContactDetail extends Contact {
  stage_history: StageChangeView[]
  notes: Note[]
}

export interface ContactInput {
  display_name?: string | undefined
  first_name?: string | null | undefined
  email?: string | null | undefined
  customer_id?: string | null | undefined
  tags?: string[] | undefined
}

export const CONTACT_COLUMNS = [
  'id',
  'display_name',
  'first_name',
  'email',
  'customer_id',
  'stage',
  'stage_changed_at',
  'tags',
  'score_points',
  'score_at',
  'message_count',
  'last_seen_at',
  'created_at',
  'updated_at',
] as const

const IDENTITY_COLUMNS = [
  'id',
  'contact_id',
  'network',
  'account_id',
  'handle',
  'display_name',
  'avatar_url',
  'created_at',
  'last_seen_at',
] as const

export function normalizeTags(tags: string[]): string[] {
  const cleaned = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))]
  if (cleaned.some((t) => t.length > 40)) throw invalid('A tag is at most 40 characters.')
  if (cleaned.length > 50) throw invalid('A contact has at most 50 tags.')
  return cleaned.sort()
}

export const normalizeHandle = (handle: string) => handle.trim().replace(/^@/, '').toLowerCase()

type ContactRow = Awaited<ReturnType<typeof contactRows>>[number]

/**
 * The identities of some contacts, oldest first. Read through the contacts (by id), then each
 * contact's identities: asked directly with the workspace filter, SQLite would rather walk every
 * identity of the workspace than use the contact index.
 */
export function identitiesOf(scope: WorkspaceScope, contactIds: string[]) {
  return scope
    .selectFrom('contacts')
    .innerJoin('contact_identities', 'contact_identities.contact_id', 'contacts.id')
    .select(IDENTITY_COLUMNS.map((column) => `contact_identities.${column}` as const))
    .where('contacts.id', 'in', contactIds)
    .orderBy('contact_identities.created_at')
    .orderBy('contact_identities.id')
    .execute()
}

function contactRows(scope: WorkspaceScope, ids: string[]) {
  return scope.selectFrom('contacts').select(CONTACT_COLUMNS).where('id', 'in', ids).execute()
}

/** Contacts with their identities, in the order of `rows`. */
export async function presentContacts(
  murmur: Murmur,
  scope: WorkspaceScope,
  rows: ContactRow[],
): Promise<Contact[]> {
  if (rows.length === 0) return []
  const identities = await identitiesOf(
    scope,
    rows.map((r) => r.id),
  )
  const now = murmur.now()
  return rows.map((row) => ({
    id: row.id,
    display_name: row.display_name,
    first_name: row.first_name,
    email: row.email,
    customer_id: row.customer_id,
    stage: row.stage,
    stage_changed_at: row.stage_changed_at,
    tags: JSON.parse(row.tags) as string[],
    engagement_score: scoreNow({ points: row.score_points, at: row.score_at }, now),
    message_count: row.message_count,
    last_seen_at: row.last_seen_at,
    identities: identities
      .filter((i) => i.contact_id === row.id)
      .map((i) => ({
        id: i.id,
        network: i.network,
        account_id: i.account_id.startsWith(HANDLE_ACCOUNT_PREFIX) ? null : i.account_id,
        handle: i.handle,
        display_name: i.display_name,
        avatar_url: i.avatar_url,
        created_at: i.created_at,
        last_seen_at: i.last_seen_at,
      })),
    created_at: row.created_at,
    updated_at: row.updated_at,
  }))
}

export async function getContact(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
): Promise<Contact> {
  const rows = await contactRows(scope, [id])
  if (rows.length === 0) throw notFound('Contact')
  const [contact] = await presentContacts(murmur, scope, rows)
  return contact!
}

export async function getContactDetail(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
): Promise<ContactDetail> {
  const contact = await getContact(murmur, scope, id)
  const history = await scope
    .selectFrom('contact_stage_changes')
    .select([
      'id',
      'from_stage',
      'to_stage',
      'source',
      'reason',
      'actor_id',
      'message_id',
      'conversion_id',
      'at',
    ])
    .where('contact_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute()
  return { ...contact, stage_history: history, notes: await listContactNotes(scope, id) }
}

export interface ContactFilter {
  stage?: ContactStage | undefined
  tag?: string | undefined
  network?: NetworkId | undefined
  /** Part of a name, email or handle. */
  q?: string | undefined
  limit: number
  cursor?: string | undefined
}

/** Newest contacts first; the cursor is the id of the last contact of the previous page. */
export async function listContacts(
  murmur: Murmur,
  scope: WorkspaceScope,
  filter: ContactFilter,
): Promise<{ data: Contact[]; next_cursor: string | null }> {
  let query = scope
    .selectFrom('contacts')
    .select(CONTACT_COLUMNS)
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
  if (filter.stage) query = query.where('stage', '=', filter.stage)
  if (filter.tag)
    query = query.where('tags', 'like', `%${JSON.stringify(filter.tag.toLowerCase())}%`)
  if (filter.network) {
    query = query.where('id', 'in', (eb) =>
      eb
        .selectFrom('contact_identities')
        .select('contact_id')
        .where('workspace_id', '=', scope.workspaceId)
        .where('network', '=', filter.network!),
    )
  }
  if (filter.q?.trim()) {
    const pattern = `%${filter.q
      .trim()
      .toLowerCase()
      .replace(/[%_\\]/g, '')}%`
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['display_name']), 'like', pattern),
        eb(eb.fn('lower', ['email']), 'like', pattern),
        eb(
          'id',
          'in',
          eb
            .selectFrom('contact_identities')
            .select('contact_id')
            .where('workspace_id', '=', scope.workspaceId)
            .where(sql`lower(handle)`, 'like', pattern),
        ),
      ]),
    )
  }
  if (filter.cursor) query = query.where('id', '<', filter.cursor)
  const rows = await query.execute()
  const page = rows.slice(0, filter.limit)
  return {
    data: await presentContacts(murmur, scope, page),
    next_cursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  }
}

/** How many contacts stand at each stage: the pipeline board's columns. */
export async function pipelineCounts(scope: WorkspaceScope) {
  const rows = await scope
    .selectFrom('contacts')
    .select(['stage', sql<number>`count(*)`.as('n')])
    .groupBy('stage')
    .execute()
  const counts: Record<ContactStage, number> = {
    audience: 0,
    engaged: 0,
    lead: 0,
    customer: 0,
    lost: 0,
  }
  for (const row of rows) counts[row.stage] = Number(row.n)
  return counts
}

async function checkIdentityFree(scope: WorkspaceScope, network: NetworkId, handle: string) {
  const taken = await scope
    .selectFrom('contact_identities')
    .innerJoin('contacts', 'contacts.id', 'contact_identities.contact_id')
    .select(['contacts.id', 'contacts.display_name'])
    .where('contact_identities.network', '=', network)
    .where((eb) => eb(eb.fn('lower', ['contact_identities.handle']), '=', handle))
    .executeTakeFirst()
  if (taken) {
    throw conflict(`@${handle} on ${network} already belongs to ${taken.display_name}.`, {
      contact_id: taken.id,
    })
  }
}

/** Adds an identity known by its handle; its first message fills in the network's account id. */
export async function addIdentityByHandle(
  murmur: Murmur,
  scope: WorkspaceScope,
  contactId: string,
  input: { network: NetworkId; handle: string },
): Promise<void> {
  const handle = normalizeHandle(input.handle)
  if (!handle) throw invalid('Give the handle on the network.')
  await checkIdentityFree(scope, input.network, handle)
  const now = murmur.now()
  await scope
    .insertInto('contact_identities', {
      id: orderedId('cid', now),
      contact_id: contactId,
      network: input.network,
      account_id: `${HANDLE_ACCOUNT_PREFIX}${handle}`,
      handle,
      display_name: null,
      avatar_url: null,
      created_at: now,
      last_seen_at: null,
    })
    .execute()
}

export async function createContact(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: ContactInput & {
    display_name: string
    stage?: ContactStage | undefined
    identities?: Array<{ network: NetworkId; handle: string }> | undefined
    source?: 'manual' | 'import'
    actorId: string | null
  },
): Promise<Contact> {
  const now = murmur.now()
  const id = orderedId('ct', now)
  const stage = input.stage ?? 'audience'
  await scope.transaction(async (trx) => {
    await trx
      .insertInto('contacts', {
        id,
        display_name: input.display_name.trim(),
        first_name: input.first_name?.trim() || null,
        email: input.email?.trim().toLowerCase() || null,
        customer_id: input.customer_id?.trim() || null,
        stage,
        stage_changed_at: now,
        tags: JSON.stringify(normalizeTags(input.tags ?? [])),
        score_points: 0,
        score_at: now,
        message_count: 0,
        last_seen_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const change: StageChange = {
      contactId: id,
      from: null,
      to: stage,
      source: input.source ?? 'manual',
      reason: input.source === 'import' ? 'Imported from a CSV file' : 'Added by hand',
      actorId: input.actorId,
      at: now,
    }
    await trx
      .insertInto('contact_stage_changes', {
        id: orderedId('sc', now),
        contact_id: id,
        from_stage: null,
        to_stage: stage,
        source: change.source,
        reason: change.reason,
        actor_id: input.actorId,
        message_id: null,
        conversion_id: null,
        at: now,
      })
      .execute()
    for (const identity of input.identities ?? []) {
      await addIdentityByHandle(murmur, trx, id, identity)
    }
    await queueStageEvents(trx, [change])
  })
  return getContact(murmur, scope, id)
}

export async function updateContact(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  input: ContactInput,
): Promise<Contact> {
  await getContact(murmur, scope, id)
  const now = murmur.now()
  await scope
    .updateTable('contacts')
    .set({
      ...(input.display_name !== undefined && { display_name: input.display_name.trim() }),
      ...(input.first_name !== undefined && { first_name: input.first_name?.trim() || null }),
      ...(input.email !== undefined && { email: input.email?.trim().toLowerCase() || null }),
      ...(input.customer_id !== undefined && { customer_id: input.customer_id?.trim() || null }),
      ...(input.tags !== undefined && { tags: JSON.stringify(normalizeTags(input.tags)) }),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute()
  return getContact(murmur, scope, id)
}

/** Moves a contact by hand, with the reason given (or "Moved by hand"). */
export async function setContactStage(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  input: { stage: ContactStage; reason?: string | undefined; actorId: string | null },
): Promise<Contact> {
  const contact = await getContact(murmur, scope, id)
  if (contact.stage !== input.stage) {
    await scope.transaction((trx) =>
      applyStageChange(trx, {
        contactId: id,
        from: contact.stage,
        to: input.stage,
        source: 'manual',
        reason: input.reason?.trim() || `Moved by hand from ${contact.stage} to ${input.stage}`,
        actorId: input.actorId,
        at: murmur.now(),
      }),
    )
  }
  return getContact(murmur, scope, id)
}

export async function listContactNotes(scope: WorkspaceScope, contactId: string): Promise<Note[]> {
  return scope
    .selectFrom('contact_notes')
    .select(['id', 'body', 'author_id', 'created_at'])
    .where('contact_id', '=', contactId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function addContactNote(
  murmur: Murmur,
  scope: WorkspaceScope,
  contactId: string,
  input: { body: string; authorId: string | null },
): Promise<Note> {
  await getContact(murmur, scope, contactId)
  const now = murmur.now()
  const note = {
    id: orderedId('nt', now),
    body: input.body.trim(),
    author_id: input.authorId,
    created_at: now,
  }
  await scope.insertInto('contact_notes', { ...note, contact_id: contactId }).execute()
  return note
}

export async function deleteContactNote(
  scope: WorkspaceScope,
  contactId: string,
  noteId: string,
): Promise<void> {
  const deleted = await scope
    .deleteFrom('contact_notes')
    .where('contact_id', '=', contactId)
    .where('id', '=', noteId)
    .executeTakeFirst()
  if (Number(deleted.numDeletedRows) === 0) throw notFound('Note')
}
