import { sql } from 'kysely'
import { notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import type { AttendeesTable } from '../storage/tables/pages.js'
import { isUniqueViolation } from '../storage/unique-violation.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { attendeeToContact } from './attendee-contacts.js'
import { eventRow } from './events.js'

export interface Attendee {
  id: string
  event_id: string
  name: string
  email: string
  consent: boolean
  consent_text: string
  contact_id: string | null
  joined_at: number
}

const present = (row: Omit<AttendeesTable, 'workspace_id' | 'email_key'>): Attendee => ({
  id: row.id,
  event_id: row.event_id,
  name: row.name,
  email: row.email,
  consent: row.consent === 1,
  consent_text: row.consent_text,
  contact_id: row.contact_id,
  joined_at: row.joined_at,
})

export interface JoinInput {
  name: string
  email: string
  consentText: string
}

/** `joined` also when the address had already joined: the visitor is on the list either way. */
export type JoinOutcome =
  | { result: 'joined'; attendee: Attendee | null }
  | { result: 'full' | 'closed' }

/**
 * Adds an attendee. The place is taken by one guarded update of the event's counter (capacity
 * not reached, still published, not over), so two people racing for the last place cannot both
 * get it, in either database. The same email joining twice is one attendee. Then the attendee
 * becomes a contact; if that fails the join still stands and the contact can be made later.
 */
export async function joinEvent(
  murmur: Murmur,
  scope: WorkspaceScope,
  eventId: string,
  input: JoinInput,
): Promise<JoinOutcome> {
  const now = murmur.now()
  const email = input.email.trim()
  const attendee: Omit<AttendeesTable, 'workspace_id'> = {
    id: newId('att', now),
    event_id: eventId,
    name: input.name.trim(),
    email,
    email_key: email.toLowerCase(),
    consent: 1,
    consent_text: input.consentText,
    contact_id: null,
    joined_at: now,
  }
  const outcome = await scope
    .transaction(async (trx): Promise<JoinOutcome | 'duplicate'> => {
      const taken = await trx
        .updateTable('events')
        .set({ attendee_count: sql<number>`attendee_count + 1` })
        .where('id', '=', eventId)
        .where('status', '=', 'published')
        .where('ends_at', '>', now)
        .where((eb) =>
          eb.or([eb('capacity', 'is', null), eb('attendee_count', '<', eb.ref('capacity'))]),
        )
        .executeTakeFirst()
      if (Number(taken.numUpdatedRows) === 0) {
        const already = await trx
          .selectFrom('attendees')
          .select('id')
          .where('event_id', '=', eventId)
          .where('email_key', '=', attendee.email_key)
          .executeTakeFirst()
        if (already) return 'duplicate'
        const event = await trx
          .selectFrom('events')
          .select(['status', 'ends_at', 'capacity', 'attendee_count'])
          .where('id', '=', eventId)
          .executeTakeFirst()
        const full =
          event?.status === 'published' &&
          event.ends_at > now &&
          event.capacity !== null &&
          event.attendee_count >= event.capacity
        return { result: full ? 'full' : 'closed' }
      }
      try {
        await trx.insertInto('attendees', attendee).execute()
      } catch (error) {
        // Abandons the transaction, counter included: the address is already on the list.
        if (isUniqueViolation(error)) throw new DuplicateJoin()
        throw error
      }
      return { result: 'joined', attendee: present(attendee) }
    })
    .catch((error) => {
      if (error instanceof DuplicateJoin) return 'duplicate' as const
      throw error
    })
  if (outcome === 'duplicate') return { result: 'joined', attendee: null }
  if (outcome.result === 'joined' && outcome.attendee) {
    await linkToContact(murmur, scope, outcome.attendee).catch((error: unknown) =>
      murmur.log.error({ err: error, attendeeId: attendee.id }, 'attendee not made a contact'),
    )
  }
  return outcome
}

class DuplicateJoin extends Error {}

async function linkToContact(murmur: Murmur, scope: WorkspaceScope, attendee: Attendee) {
  const event = await eventRow(scope, attendee.event_id)
  const contactId = await attendeeToContact(murmur, scope, attendee, event)
  await scope
    .updateTable('attendees')
    .set({ contact_id: contactId })
    .where('id', '=', attendee.id)
    .execute()
  attendee.contact_id = contactId
}

/** Makes contacts of attendees that are not yet (a failed link, or attendees from before). */
export async function linkPendingAttendees(murmur: Murmur, scope: WorkspaceScope): Promise<number> {
  const rows = await scope
    .selectFrom('attendees')
    .select([
      'id',
      'event_id',
      'name',
      'email',
      'consent',
      'consent_text',
      'contact_id',
      'joined_at',
    ])
    .where('contact_id', 'is', null)
    .orderBy('joined_at')
    .execute()
  for (const row of rows) await linkToContact(murmur, scope, present(row))
  return rows.length
}

export async function listAttendees(scope: WorkspaceScope, eventId: string): Promise<Attendee[]> {
  await eventRow(scope, eventId)
  const rows = await scope
    .selectFrom('attendees')
    .select([
      'id',
      'event_id',
      'name',
      'email',
      'consent',
      'consent_text',
      'contact_id',
      'joined_at',
    ])
    .where('event_id', '=', eventId)
    .orderBy('joined_at')
    .orderBy('id')
    .execute()
  return rows.map(present)
}

/** Takes someone off the list (they asked, or it was a mistake); their place frees up. */
export async function removeAttendee(scope: WorkspaceScope, eventId: string, attendeeId: string) {
  await scope.transaction(async (trx) => {
    const deleted = await trx
      .deleteFrom('attendees')
      .where('event_id', '=', eventId)
      .where('id', '=', attendeeId)
      .executeTakeFirst()
    if (Number(deleted.numDeletedRows) === 0) throw notFound('Attendee')
    await trx
      .updateTable('events')
      .set({ attendee_count: sql<number>`attendee_count - 1` })
      .where('id', '=', eventId)
      .where('attendee_count', '>', 0)
      .execute()
  })
}
