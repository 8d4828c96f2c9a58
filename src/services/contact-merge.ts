import { invalid, notFound } from '../core/errors.js'
import { orderedId } from '../engagement/ordered-id.js'
import { decay, messagePoints, POINTS } from '../engagement/score.js'
import { applyStageChange, furtherAlong } from '../engagement/stages.js'
import type { Murmur } from '../murmur.js'
import type { ContactStage } from '../storage/tables/engagement.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { type Contact, getContact, normalizeTags } from './contacts.js'

/** Counts, last seen and score of a contact, computed again from everything tied to it. */
export async function recomputeContactStats(
  murmur: Murmur,
  scope: WorkspaceScope,
  contactId: string,
): Promise<void> {
  const now = murmur.now()
  const messages = await scope
    .selectFrom('messages')
    .select(['kind', 'created_at'])
    .where('contact_id', '=', contactId)
    .where('direction', '=', 'in')
    .execute()
  const conversions = await scope
    .selectFrom('contact_conversions')
    .innerJoin('conversions', 'conversions.id', 'contact_conversions.conversion_id')
    .select(['conversions.kind', 'conversions.occurred_at'])
    .where('contact_conversions.contact_id', '=', contactId)
    .where('conversions.workspace_id', '=', scope.workspaceId)
    .execute()
  let points = 0
  for (const m of messages) points += decay(messagePoints(m.kind), m.created_at, now)
  for (const c of conversions) {
    points += decay(c.kind === 'sale' ? POINTS.sale : POINTS.lead, c.occurred_at, now)
  }
  await scope
    .updateTable('contacts')
    .set({
      message_count: messages.length,
      last_seen_at: messages.length > 0 ? Math.max(...messages.map((m) => m.created_at)) : null,
      score_points: points,
      score_at: now,
      updated_at: now,
    })
    .where('id', '=', contactId)
    .execute()
}

/** Each conversation's person is the author of its latest message received. */
async function refreshConversationContacts(scope: WorkspaceScope, conversationIds: string[]) {
  for (const id of new Set(conversationIds)) {
    const latest = await scope
      .selectFrom('messages')
      .leftJoin('contacts', 'contacts.id', 'messages.contact_id')
      .select(['messages.contact_id', 'contacts.stage'])
      .where('messages.conversation_id', '=', id)
      .where('messages.direction', '=', 'in')
      .orderBy('messages.created_at', 'desc')
      .orderBy('messages.id', 'desc')
      .executeTakeFirst()
    await scope
      .updateTable('conversations')
      .set({ contact_id: latest?.contact_id ?? null, contact_stage: latest?.stage ?? null })
      .where('id', '=', id)
      .execute()
  }
}

/**
 * The same person on two networks (or twice on one): `sourceId` joins `targetId`. Identities,
 * messages, conversations, notes, stage history and conversions move over; missing details
 * and tags are taken from the source; the stage is the further along of the two. The merge is
 * written in the contact's notes, and `splitContact` undoes it identity by identity.
 */
export async function mergeContacts(
  murmur: Murmur,
  scope: WorkspaceScope,
  targetId: string,
  sourceId: string,
  actorId: string | null,
): Promise<Contact> {
  if (targetId === sourceId) throw invalid('A contact cannot be merged with itself.')
  const target = await getContact(murmur, scope, targetId)
  const source = await getContact(murmur, scope, sourceId).catch(() => {
    throw invalid('The contact to merge does not exist.', [
      { path: 'contact_id', message: 'Unknown contact' },
    ])
  })
  const now = murmur.now()
  await scope.transaction(async (trx) => {
    for (const table of [
      'contact_identities',
      'messages',
      'conversations',
      'contact_notes',
      'contact_stage_changes',
      'contact_conversions',
    ] as const) {
      await trx
        .updateTable(table)
        .set({ contact_id: targetId })
        .where('contact_id', '=', sourceId)
        .execute()
    }
    await trx
      .updateTable('contacts')
      .set({
        first_name: target.first_name ?? source.first_name,
        email: target.email ?? source.email,
        customer_id: target.customer_id ?? source.customer_id,
        tags: JSON.stringify(normalizeTags([...target.tags, ...source.tags])),
        updated_at: now,
      })
      .where('id', '=', targetId)
      .execute()
    await trx.deleteFrom('contacts').where('id', '=', sourceId).execute()
    const stage = furtherAlong(target.stage, source.stage)
    if (stage !== target.stage) {
      await applyStageChange(trx, {
        contactId: targetId,
        from: target.stage,
        to: stage,
        source: 'merge',
        reason: `Merged with ${source.display_name}, who was a ${source.stage}`,
        actorId,
        at: now,
      })
    }
    await trx
      .updateTable('conversations')
      .set({ contact_stage: stage })
      .where('contact_id', '=', targetId)
      .execute()
    const handles = source.identities.map((i) => `@${i.handle} (${i.network})`).join(', ')
    await trx
      .insertInto('contact_notes', {
        id: orderedId('nt', now),
        contact_id: targetId,
        body: `Merged ${source.display_name}${handles ? ` — ${handles}` : ''} into this contact.`,
        author_id: actorId,
        created_at: now,
      })
      .execute()
    await recomputeContactStats(murmur, trx, targetId)
  })
  return getContact(murmur, scope, targetId)
}

/**
 * Takes identities off a contact into a new contact, with their messages (a wrong merge, or two
 * people behind one name). The new contact's stage follows from its messages (engaged, or a
 * lead when one showed purchase intent); both contacts' counts and conversations follow.
 */
export async function splitContact(
  murmur: Murmur,
  scope: WorkspaceScope,
  contactId: string,
  identityIds: string[],
  actorId: string | null,
): Promise<Contact> {
  const contact = await getContact(murmur, scope, contactId)
  const moving = contact.identities.filter((i) => identityIds.includes(i.id))
  if (moving.length !== new Set(identityIds).size || moving.length === 0) {
    throw invalid('Choose identities of this contact to split off.', [
      { path: 'identity_ids', message: 'Not identities of this contact' },
    ])
  }
  if (moving.length === contact.identities.length) {
    throw invalid('Leave at least one identity on the contact; split off the others.')
  }
  const now = murmur.now()
  const newId = orderedId('ct', now)
  const first = moving[0]!
  const movedIds = moving.map((i) => i.id)
  await scope.transaction(async (trx) => {
    const messages = await trx
      .selectFrom('messages')
      .select(['id', 'conversation_id', 'intent', 'direction'])
      .where('identity_id', 'in', movedIds)
      .execute()
    const received = messages.filter((m) => m.direction === 'in')
    const stage: ContactStage = received.some((m) => m.intent === 'purchase')
      ? 'lead'
      : received.length > 0
        ? 'engaged'
        : 'audience'
    await trx
      .insertInto('contacts', {
        id: newId,
        display_name: first.display_name || first.handle,
        first_name: null,
        email: null,
        customer_id: null,
        stage,
        stage_changed_at: now,
        tags: '[]',
        score_points: 0,
        score_at: now,
        message_count: 0,
        last_seen_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute()
    await trx
      .insertInto('contact_stage_changes', {
        id: orderedId('sc', now),
        contact_id: newId,
        from_stage: null,
        to_stage: stage,
        source: 'merge',
        reason: `Split from ${contact.display_name}; the stage follows from their messages`,
        actor_id: actorId,
        message_id: null,
        conversion_id: null,
        at: now,
      })
      .execute()
    await trx
      .updateTable('contact_identities')
      .set({ contact_id: newId })
      .where('id', 'in', movedIds)
      .execute()
    if (messages.length > 0) {
      await trx
        .updateTable('messages')
        .set({ contact_id: newId })
        .where(
          'id',
          'in',
          messages.map((m) => m.id),
        )
        .execute()
    }
    // Our replies to them follow them too.
    const theirRemoteIds = await trx
      .selectFrom('messages')
      .select('remote_id')
      .where('identity_id', 'in', movedIds)
      .where('remote_id', 'is not', null)
      .execute()
    const remote = theirRemoteIds.flatMap((r) => (r.remote_id ? [r.remote_id] : []))
    if (remote.length > 0) {
      await trx
        .updateTable('messages')
        .set({ contact_id: newId })
        .where('direction', '=', 'out')
        .where('in_reply_to', 'in', remote)
        .execute()
    }
    await refreshConversationContacts(
      trx,
      messages.map((m) => m.conversation_id),
    )
    await trx
      .insertInto('contact_notes', {
        id: orderedId('nt', now),
        contact_id: contactId,
        body: `Split ${moving.map((i) => `@${i.handle} (${i.network})`).join(', ')} into a new contact.`,
        author_id: actorId,
        created_at: now,
      })
      .execute()
    await recomputeContactStats(murmur, trx, contactId)
    await recomputeContactStats(murmur, trx, newId)
  })
  return getContact(murmur, scope, newId)
}

/** Throws not_found unless the contact exists (helper for routes that act on a contact). */
export async function requireContact(scope: WorkspaceScope, id: string): Promise<void> {
  const row = await scope
    .selectFrom('contacts')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('Contact')
}
