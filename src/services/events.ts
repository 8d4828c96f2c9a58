import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import { slugify } from '../core/workspace.js'
import type { Murmur } from '../murmur.js'
import { localInputValue, parseEventTime } from '../pages/event-time.js'
import { type EventPlace, hasAddress, type PageSite } from '../pages/model.js'
import { cleanPlace, type Loose, text, webAddress } from '../pages/settings.js'
import { eventUrlOf, pageSite, SLUG } from '../pages/urls.js'
import type { EventStatus, EventsTable } from '../storage/tables/pages.js'
import { isUniqueViolation } from '../storage/unique-violation.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { pageRow } from './pages.js'
import { parseJson } from './post-views.js'
import { findWorkspace } from './workspaces.js'

const HOUR_MS = 3_600_000

export interface Event {
  id: string
  slug: string
  title: string
  description: string | null
  starts_at: number
  ends_at: number
  time_zone: string
  /** Wall-clock times in `time_zone` ("2026-12-05T18:00"), for the editor's inputs. */
  starts_at_local: string
  ends_at_local: string
  place: EventPlace | null
  online_url: string | null
  capacity: number | null
  attendee_count: number
  spots_left: number | null
  full: boolean
  image_media_id: string | null
  image_url: string | null
  image_alt: string | null
  status: EventStatus
  /** The public page (served only when published or cancelled). */
  url: string
  published_at: number | null
  created_at: number
  updated_at: number
}

export interface EventFields {
  title?: string | undefined
  slug?: string | undefined
  description?: string | null | undefined
  /** ISO 8601 with an offset, or a local time ("2026-12-05T18:00") in the workspace's zone. */
  starts_at?: string | undefined
  ends_at?: string | null | undefined
  place?: Loose<EventPlace> | null | undefined
  online_url?: string | null | undefined
  capacity?: number | null | undefined
  image_media_id?: string | null | undefined
  image_url?: string | null | undefined
  image_alt?: string | null | undefined
  status?: EventStatus | undefined
}

export type EventRow = Omit<EventsTable, 'workspace_id'>

export function presentEvent(row: EventRow, site: PageSite): Event {
  const spots = row.capacity === null ? null : Math.max(0, row.capacity - row.attendee_count)
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    starts_at: row.starts_at,
    ends_at: row.ends_at,
    time_zone: row.time_zone,
    starts_at_local: localInputValue(row.starts_at, row.time_zone),
    ends_at_local: localInputValue(row.ends_at, row.time_zone),
    place: row.place === null ? null : parseJson<EventPlace | null>(row.place, null),
    online_url: row.online_url,
    capacity: row.capacity,
    attendee_count: row.attendee_count,
    spots_left: spots,
    full: spots === 0,
    image_media_id: row.image_media_id,
    image_url: row.image_url,
    image_alt: row.image_alt,
    status: row.status,
    url: eventUrlOf(site, row.slug),
    published_at: row.published_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

export async function siteOf(murmur: Murmur, scope: WorkspaceScope) {
  const [workspace, page] = await Promise.all([
    findWorkspace(murmur, scope.workspaceId),
    pageRow(scope),
  ])
  if (!workspace) throw notFound('Workspace')
  return {
    workspace,
    site: pageSite(murmur.config.publicUrl, workspace.slug, page?.custom_domain ?? null),
  }
}

export async function eventRow(scope: WorkspaceScope, id: string): Promise<EventRow> {
  const row = await scope.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('Event')
  return row
}

const fail = (path: string, message: string) => invalid(message, [{ path, message }])

/** A published event must say where it happens: search engines require a place or a URL. */
function assertPublishable(row: Pick<EventRow, 'place' | 'online_url' | 'status'>) {
  if (row.status === 'draft') return
  const place = row.place === null ? null : parseJson<EventPlace | null>(row.place, null)
  if (!hasAddress(place) && !row.online_url) {
    throw fail(
      'place',
      'Say where it happens before publishing: a street or town for the place, or an online link.',
    )
  }
}

async function slugTaken(scope: WorkspaceScope, slug: string, exceptId: string | null) {
  let query = scope.selectFrom('events').select('id').where('slug', '=', slug)
  if (exceptId) query = query.where('id', '!=', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}

async function freeSlug(scope: WorkspaceScope, title: string): Promise<string> {
  const base = slugify(title).slice(0, 56) || 'event'
  for (let n = 1; n < 500; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`
    if (!(await slugTaken(scope, candidate, null))) return candidate
  }
  return `${base}-${Date.now().toString(36)}`
}

function cleanSlug(slug: string): string {
  const value = slug.trim().toLowerCase()
  if (!SLUG.test(value))
    throw fail('slug', 'Use lower-case letters, digits and single dashes (e.g. winter-tasting).')
  return value
}

/** The columns a create or an edit sets; fields left undefined are not touched. */
function columnsOf(fields: EventFields, timeZone: string): Partial<EventRow> {
  const columns: Partial<EventRow> = {}
  if (fields.title !== undefined) {
    const title = text(fields.title, 150)
    if (!title) throw fail('title', 'Give the event a title.')
    columns.title = title
  }
  if (fields.description !== undefined) columns.description = text(fields.description, 5000)
  if (fields.starts_at !== undefined) {
    columns.starts_at = parseEventTime(fields.starts_at, timeZone, 'starts_at')
    columns.time_zone = timeZone
  }
  if (fields.ends_at !== undefined && fields.ends_at !== null) {
    columns.ends_at = parseEventTime(fields.ends_at, timeZone, 'ends_at')
    columns.time_zone = timeZone
  }
  if (fields.place !== undefined) {
    const place = cleanPlace(fields.place)
    columns.place = place ? JSON.stringify(place) : null
  }
  if (fields.online_url !== undefined)
    columns.online_url = webAddress(fields.online_url, 'online_url')
  if (fields.capacity !== undefined) {
    if (fields.capacity !== null && (!Number.isInteger(fields.capacity) || fields.capacity < 1))
      throw fail(
        'capacity',
        'Capacity is a whole number of people (1 or more), or empty for no limit.',
      )
    columns.capacity = fields.capacity
  }
  if (fields.image_media_id !== undefined) columns.image_media_id = text(fields.image_media_id, 64)
  if (fields.image_url !== undefined) columns.image_url = webAddress(fields.image_url, 'image_url')
  if (fields.image_alt !== undefined) columns.image_alt = text(fields.image_alt, 300)
  if (fields.status !== undefined) columns.status = fields.status
  return columns
}

async function assertImage(scope: WorkspaceScope, mediaId: string | null | undefined) {
  if (!mediaId) return
  const media = await scope
    .selectFrom('media')
    .select('mime_type')
    .where('id', '=', mediaId)
    .executeTakeFirst()
  if (!media?.mime_type.startsWith('image/'))
    throw fail('image_media_id', 'Pick an image from the media library (upload it first).')
}

function assertTimes(row: Pick<EventRow, 'starts_at' | 'ends_at'>) {
  if (row.ends_at < row.starts_at) throw fail('ends_at', 'The event ends before it starts.')
  if (row.ends_at - row.starts_at > 366 * 24 * HOUR_MS)
    throw fail('ends_at', 'An event can last at most a year.')
}

export async function createEvent(
  murmur: Murmur,
  scope: WorkspaceScope,
  fields: EventFields & { title: string; starts_at: string },
  createdBy: string | null,
): Promise<Event> {
  const { workspace, site } = await siteOf(murmur, scope)
  const columns = columnsOf(fields, workspace.time_zone)
  await assertImage(scope, columns.image_media_id)
  const now = murmur.now()
  const startsAt = columns.starts_at!
  const row: EventRow = {
    id: newId('evt', now),
    slug: fields.slug ? cleanSlug(fields.slug) : await freeSlug(scope, columns.title!),
    title: columns.title!,
    description: columns.description ?? null,
    starts_at: startsAt,
    ends_at: columns.ends_at ?? startsAt + 2 * HOUR_MS,
    time_zone: workspace.time_zone,
    place: columns.place ?? null,
    online_url: columns.online_url ?? null,
    capacity: columns.capacity ?? null,
    attendee_count: 0,
    image_media_id: columns.image_media_id ?? null,
    image_url: columns.image_url ?? null,
    image_alt: columns.image_alt ?? null,
    status: columns.status ?? 'draft',
    sequence: 0,
    published_at: (columns.status ?? 'draft') === 'draft' ? null : now,
    created_by: createdBy,
    created_at: now,
    updated_at: now,
  }
  assertTimes(row)
  assertPublishable(row)
  try {
    await scope.transaction(async (trx) => {
      await trx.insertInto('events', row).execute()
      // A new event may take a slug another event used to have: the live page wins.
      await trx
        .deleteFrom('page_slugs')
        .where('kind', '=', 'event')
        .where('slug', '=', row.slug)
        .execute()
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw slugConflict(row.slug)
    throw error
  }
  return presentEvent(row, site)
}

const slugConflict = (slug: string) =>
  conflict(`Another event already uses the address …/events/${slug}. Pick another one.`, [
    { path: 'slug', message: 'Taken' },
  ])

/** Changes that make calendars update their copy (RFC 5545 SEQUENCE). */
const CALENDAR_FIELDS = ['starts_at', 'ends_at', 'place', 'online_url', 'status', 'title'] as const

export async function updateEvent(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  fields: EventFields,
): Promise<Event> {
  const { workspace, site } = await siteOf(murmur, scope)
  const before = await eventRow(scope, id)
  const columns = columnsOf(fields, workspace.time_zone)
  await assertImage(scope, columns.image_media_id)
  const slug = fields.slug === undefined ? before.slug : cleanSlug(fields.slug)
  if (slug !== before.slug && (await slugTaken(scope, slug, id))) throw slugConflict(slug)
  const now = murmur.now()
  const after: EventRow = { ...before, ...columns, slug, updated_at: now }
  if (fields.starts_at !== undefined && (fields.ends_at === undefined || fields.ends_at === null)) {
    // Moving the start keeps the length of the event (an empty end means "no end given").
    after.ends_at = after.starts_at + (before.ends_at - before.starts_at)
  }
  if (CALENDAR_FIELDS.some((key) => after[key] !== before[key]))
    after.sequence = before.sequence + 1
  if (after.status !== 'draft' && before.status === 'draft') after.published_at = now
  if (after.capacity !== null && after.capacity < before.attendee_count) {
    throw fail(
      'capacity',
      `${before.attendee_count} people have already joined; the capacity cannot be lower.`,
    )
  }
  assertTimes(after)
  assertPublishable(after)
  const { id: _, attendee_count: __, ...changes } = after
  await scope.transaction(async (trx) => {
    await trx.updateTable('events').set(changes).where('id', '=', id).execute()
    if (slug !== before.slug) {
      await trx
        .deleteFrom('page_slugs')
        .where('kind', '=', 'event')
        .where('slug', 'in', [slug, before.slug])
        .execute()
      await trx
        .insertInto('page_slugs', {
          kind: 'event',
          slug: before.slug,
          event_id: id,
          created_at: now,
        })
        .execute()
    }
  })
  return presentEvent(await eventRow(scope, id), site)
}

export async function getEvent(murmur: Murmur, scope: WorkspaceScope, id: string): Promise<Event> {
  const { site } = await siteOf(murmur, scope)
  return presentEvent(await eventRow(scope, id), site)
}

export async function listEvents(
  murmur: Murmur,
  scope: WorkspaceScope,
  filter: { when: 'upcoming' | 'past' | 'all'; status?: EventStatus | undefined },
): Promise<Event[]> {
  const { site } = await siteOf(murmur, scope)
  const now = murmur.now()
  let query = scope.selectFrom('events').selectAll()
  if (filter.when === 'upcoming')
    query = query.where('ends_at', '>', now).orderBy('starts_at', 'asc')
  else if (filter.when === 'past')
    query = query.where('ends_at', '<=', now).orderBy('starts_at', 'desc')
  else query = query.orderBy('starts_at', 'desc')
  if (filter.status) query = query.where('status', '=', filter.status)
  const rows = await query.orderBy('id').execute()
  return rows.map((row) => presentEvent(row, site))
}

/** Deletes an event with its attendees; its announcement posts stay (they are the channel's). */
export async function deleteEvent(scope: WorkspaceScope, id: string): Promise<void> {
  await eventRow(scope, id)
  await scope.deleteFrom('events').where('id', '=', id).execute()
}

/**
 * The event as it would be with `fields` applied (to a saved event, or to a new one), checked
 * like a save but not stored: for the editor's live preview. It is shown as published, so the
 * preview has its join form.
 */
export async function previewEventRow(
  murmur: Murmur,
  scope: WorkspaceScope,
  fields: EventFields,
  eventId: string | null,
): Promise<EventRow> {
  const { workspace } = await siteOf(murmur, scope)
  const before = eventId ? await eventRow(scope, eventId) : null
  const columns = columnsOf(fields, workspace.time_zone)
  await assertImage(scope, columns.image_media_id)
  const now = murmur.now()
  const start = now + 7 * 24 * HOUR_MS
  const base: EventRow = before ?? {
    id: 'evt_preview',
    slug: 'preview',
    title: 'Untitled event',
    description: null,
    starts_at: start,
    ends_at: start + 2 * HOUR_MS,
    time_zone: workspace.time_zone,
    place: null,
    online_url: null,
    capacity: null,
    attendee_count: 0,
    image_media_id: null,
    image_url: null,
    image_alt: null,
    status: 'draft',
    sequence: 0,
    published_at: null,
    created_by: null,
    created_at: now,
    updated_at: now,
  }
  const row: EventRow = { ...base, ...columns, updated_at: now }
  if (fields.slug) row.slug = cleanSlug(fields.slug)
  // An empty end ("no end given", what the editor sends) follows the start like an absent one:
  // otherwise a start moved past the default end reads as "ends before it starts".
  if (fields.starts_at !== undefined && (fields.ends_at === undefined || fields.ends_at === null))
    row.ends_at = row.starts_at + (base.ends_at - base.starts_at)
  assertTimes(row)
  return { ...row, status: row.status === 'cancelled' ? 'cancelled' : 'published' }
}
