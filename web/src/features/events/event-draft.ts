import type { EventInput, EventPlace, MurmurEvent } from '../../api/page-types.js'

/** The form's fields, as text; converted to the API's body on save. */
export interface EventDraft {
  title: string
  slug: string
  description: string
  starts_at: string
  ends_at: string
  place: Record<'name' | 'street' | 'locality' | 'postal_code' | 'country', string>
  online_url: string
  capacity: number | null
  image_url: string
  image_alt: string
}

export type PlaceKey = keyof EventDraft['place']

const pad = (value: number) => String(value).padStart(2, '0')

/** A week from now at 18:00, a sensible first guess for a new event. */
function nextWeekEvening(): string {
  const day = new Date(Date.now() + 7 * 86_400_000)
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}T18:00`
}

export function emptyDraft(): EventDraft {
  return {
    title: '',
    slug: '',
    description: '',
    starts_at: nextWeekEvening(),
    ends_at: '',
    place: { name: '', street: '', locality: '', postal_code: '', country: '' },
    online_url: '',
    capacity: null,
    image_url: '',
    image_alt: '',
  }
}

export function draftOfEvent(event: MurmurEvent): EventDraft {
  return {
    title: event.title,
    slug: event.slug,
    description: event.description ?? '',
    starts_at: event.starts_at_local.slice(0, 16),
    ends_at: event.ends_at_local.slice(0, 16),
    place: {
      name: event.place?.name ?? '',
      street: event.place?.street ?? '',
      locality: event.place?.locality ?? '',
      postal_code: event.place?.postal_code ?? '',
      country: event.place?.country ?? '',
    },
    online_url: event.online_url ?? '',
    capacity: event.capacity,
    image_url: event.image_url ?? '',
    image_alt: event.image_alt ?? '',
  }
}

const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim())

/** The body for POST (new) or PATCH (saved) /events; an empty slug lets the server make one. */
export function inputOf(draft: EventDraft): EventInput {
  const place = Object.fromEntries(
    Object.entries(draft.place).map(([key, value]) => [key, orNull(value)]),
  ) as EventPlace
  const hasPlace = Object.values(place).some((value) => value !== null)
  const input: EventInput = {
    title: draft.title.trim(),
    description: orNull(draft.description),
    starts_at: draft.starts_at,
    ends_at: orNull(draft.ends_at),
    place: hasPlace ? place : null,
    online_url: orNull(draft.online_url),
    capacity: draft.capacity,
    image_url: orNull(draft.image_url),
    image_alt: orNull(draft.image_alt),
  }
  if (draft.slug.trim()) input.slug = draft.slug.trim()
  return input
}
