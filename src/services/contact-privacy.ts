import { orderedId } from '../engagement/ordered-id.js'
import { erasedRemoteId } from '../engagement/our-posts.js'
import type { Murmur } from '../murmur.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { getContactDetail } from './contacts.js'
import { MESSAGE_COLUMNS, presentMessage } from './conversations.js'

/**
 * Everything Murmur holds about one person, as one JSON document (the answer to a data access
 * request): the contact, identities, stage history, notes, their messages and the replies they
 * got, and the conversions tied to them.
 */
export async function exportContact(murmur: Murmur, scope: WorkspaceScope, contactId: string) {
  const contact = await getContactDetail(murmur, scope, contactId)
  const messages = await scope
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
    .where('contact_id', '=', contactId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const conversions = await scope
    .selectFrom('contact_conversions')
    .innerJoin('conversions', 'conversions.id', 'contact_conversions.conversion_id')
    .select([
      'conversions.id',
      'conversions.kind',
      'conversions.event_name',
      'conversions.amount',
      'conversions.currency',
      'conversions.customer_id',
      'conversions.external_id',
      'conversions.occurred_at',
    ])
    .where('contact_conversions.contact_id', '=', contactId)
    .where('conversions.workspace_id', '=', scope.workspaceId)
    .orderBy('conversions.occurred_at')
    .execute()
  return {
    exported_at: murmur.now(),
    contact,
    messages: messages.map(presentMessage),
    conversions,
  }
}

export interface ErasureReport {
  id: string
  erased_at: number
  messages_anonymised: number
}

const REDACTED = '[erased]'

/**
 * Erases a person on request. Their contact, identities, notes, stage history and ties to
 * conversions are deleted. Their messages stay as empty, anonymous rows, so counts (messages
 * per channel, sentiment and intent totals) still add up: text, author, links and network ids
 * are gone, the id replaced by a one-way stand-in so sync does not bring the message back.
 * Their name and handles are blanked out of the business's replies and of notes, conversion
 * records lose the customer id that named them, and stored API answers that held the contact
 * are dropped. One row records that an erasure happened, with no personal data.
 */
export async function eraseContact(
  murmur: Murmur,
  scope: WorkspaceScope,
  contactId: string,
  erasedBy: string | null,
): Promise<ErasureReport> {
  const contact = await getContactDetail(murmur, scope, contactId)
  const now = murmur.now()
  const terms = [
    contact.display_name,
    contact.first_name,
    contact.email,
    ...contact.identities.flatMap((i) => [`@${i.handle}`, i.handle, i.display_name]),
  ]
    .filter((t): t is string => typeof t === 'string' && t.trim().length >= 2)
    .sort((a, b) => b.length - a.length)
  const redact = (text: string) => terms.reduce((out, term) => out.split(term).join(REDACTED), text)
  const id = orderedId('er', now)

  const anonymised = await scope.transaction(async (trx) => {
    const theirs = await trx
      .selectFrom('messages')
      .select(['id', 'remote_id'])
      .where('contact_id', '=', contactId)
      .where('direction', '=', 'in')
      .execute()
    const remoteIds = theirs.flatMap((m) => (m.remote_id ? [m.remote_id] : []))
    for (const message of theirs) {
      await trx
        .updateTable('messages')
        .set({
          text: '',
          url: null,
          remote_id: message.remote_id
            ? erasedRemoteId(scope.workspaceId, message.remote_id)
            : null,
          contact_id: null,
          identity_id: null,
          author_handle: null,
          author_name: null,
          in_reply_to: null,
          quoted_id: null,
          labels: '[]',
          erased: 1,
        })
        .where('id', '=', message.id)
        .execute()
    }
    for (let start = 0; start < remoteIds.length; start += 200) {
      const chunk = remoteIds.slice(start, start + 200)
      // Others' replies to them, and threads they started, stop pointing at their posts.
      await trx
        .updateTable('messages')
        .set({ in_reply_to: null })
        .where('in_reply_to', 'in', chunk)
        .execute()
      await trx
        .updateTable('messages')
        .set({ quoted_id: null })
        .where('quoted_id', 'in', chunk)
        .execute()
      for (const remoteId of chunk) {
        await trx
          .updateTable('conversations')
          .set({ root_remote_id: erasedRemoteId(scope.workspaceId, remoteId), root_url: null })
          .where('root_remote_id', '=', remoteId)
          .execute()
      }
    }
    const replies = await trx
      .selectFrom('messages')
      .select(['id', 'text'])
      .where('contact_id', '=', contactId)
      .where('direction', '=', 'out')
      .execute()
    for (const reply of replies) {
      await trx
        .updateTable('messages')
        .set({ text: redact(reply.text), contact_id: null })
        .where('id', '=', reply.id)
        .execute()
    }
    await trx
      .updateTable('conversations')
      .set({ contact_id: null, contact_stage: null })
      .where('contact_id', '=', contactId)
      .execute()
    for (const table of ['conversation_notes', 'contact_notes'] as const) {
      const notes = await trx.selectFrom(table).select(['id', 'body']).execute()
      for (const note of notes) {
        const body = redact(note.body)
        if (body !== note.body) {
          await trx.updateTable(table).set({ body }).where('id', '=', note.id).execute()
        }
      }
    }
    const customerKeys = [contact.customer_id, contact.email].filter((k): k is string => Boolean(k))
    if (customerKeys.length > 0) {
      await trx
        .updateTable('conversions')
        .set({ customer_id: null })
        .where('customer_id', 'in', customerKeys)
        .execute()
    }
    // Stored answers replayed for Idempotency-Key may quote the contact (a created note, say).
    for (const key of new Set([contactId, ...customerKeys, ...terms])) {
      await trx.deleteFrom('idempotency_keys').where('body', 'like', `%${key}%`).execute()
    }
    await trx.deleteFrom('contacts').where('id', '=', contactId).execute()
    await trx
      .insertInto('contact_erasures', {
        id,
        erased_at: now,
        erased_by: erasedBy,
        messages_anonymised: theirs.length,
      })
      .execute()
    return theirs.length
  })
  return { id, erased_at: now, messages_anonymised: anonymised }
}
