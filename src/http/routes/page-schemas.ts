import { z } from '@hono/zod-openapi'
import { BUSINESS_TYPE_IDS } from '../../pages/json-ld.js'
import { WEEKDAYS } from '../../pages/model.js'
import { FONTS, LAYOUTS, PALETTES } from '../../pages/themes.js'
import type { Attendee } from '../../services/attendees.js'
import type { Event } from '../../services/events.js'
import type { PageSettings } from '../../services/pages.js'
import { iso, isoOrNull, Timestamp, WorkspaceParams } from '../schemas.js'
import { WhenSchema } from './publishing-schemas.js'

/** Schemas of the Be found area: page settings, previews, events and attendees. */

const id = (name: string, example: string) =>
  z
    .string()
    .max(64)
    .openapi({ param: { name, in: 'path' }, example })

export const EventParams = WorkspaceParams.extend({
  event_id: id('event_id', 'evt_01jb3k8x4r2m5n7p9q0s1t2v3w'),
})
export const AttendeeParams = EventParams.extend({
  attendee_id: id('attendee_id', 'att_01jb3k8x4r2m5n7p9q0s1t2v3w'),
})

const Text = (max: number) => z.string().max(max, `At most ${max} characters`)
const OptionalText = (max: number) => Text(max).nullable().optional()
const Url = z.string().max(2048).openapi({ example: 'https://cornerbakery.example/menu' })

// ---------------------------------------------------------------- page settings

export const ContactSchema = z
  .strictObject({
    email: OptionalText(254).openapi({ example: 'hello@cornerbakery.example' }),
    phone: OptionalText(40).openapi({ example: '+33 1 23 45 67 89' }),
    website: Url.nullable().optional(),
    street: OptionalText(200).openapi({ example: '12 Rue Cler' }),
    locality: OptionalText(120).openapi({ example: 'Paris' }),
    region: OptionalText(120),
    postal_code: OptionalText(20).openapi({ example: '75007' }),
    country: OptionalText(60).openapi({ example: 'FR' }),
  })
  .openapi('PageContact')

const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use HH:MM, e.g. 09:30')
  .openapi({ example: '08:00' })

export const OpeningHoursSchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1, 'Pick at least one day').max(7),
    opens: TimeOfDay,
    closes: TimeOfDay.openapi({
      example: '19:00',
      description: 'Earlier than `opens` means past midnight',
    }),
  })
  .openapi('OpeningHours')

export const ThemeSchema = z
  .strictObject({
    palette: z.enum(PALETTES),
    font: z.enum(FONTS),
    layout: z.enum(LAYOUTS).openapi({
      description: '`centered`: one column, like a link in bio. `wide`: two columns on a desktop',
    }),
    accent: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour such as #c2410c')
      .openapi({ example: '#c2410c', description: 'Buttons and link underlines' }),
  })
  .openapi('PageTheme')

const LinkInputSchema = z
  .strictObject({
    label: z.string().min(1, 'Required').max(80, 'At most 80 characters'),
    url: Url,
  })
  .openapi('PageLinkInput')

const settingsFields = {
  published: z.boolean().openapi({ description: 'false: the home page answers 404' }),
  slug: z.string().max(64).openapi({
    description:
      'The workspace’s address /p/{slug}. Changing it keeps the old address working with a 301',
    example: 'corner-bakery',
  }),
  seo_title: OptionalText(70).openapi({
    description: 'Replaces the generated title in search results (keep it under 60 characters)',
  }),
  description: OptionalText(2000).openapi({
    example: 'Sourdough, croissants and coffee in the 7th since 1998.',
  }),
  language: z.string().max(35).openapi({ example: 'en', description: 'BCP 47 language tag' }),
  business_type: z.enum(BUSINESS_TYPE_IDS).openapi({
    description:
      'schema.org type for search engines; a local kind without an address is written as Organization',
  }),
  logo_url: Url.nullable().optional(),
  image_media_id: z.string().max(64).nullable().optional().openapi({
    description: 'An uploaded image, served at 1200×630 for link previews',
  }),
  image_url: Url.nullable().optional().openapi({ description: 'Or an image elsewhere' }),
  contact: ContactSchema,
  opening_hours: z.array(OpeningHoursSchema).max(50),
  hours_note: OptionalText(300).openapi({ example: 'Closed on public holidays' }),
  theme: ThemeSchema,
  show_posts: z.boolean().openapi({ description: 'Show the latest published posts' }),
  custom_domain: z.string().max(253).nullable().optional().openapi({
    description:
      'A domain that serves these pages (its DNS must point at Murmur, HTTPS by your proxy). Once set, /p/{slug} redirects there',
    example: 'cornerbakery.example',
  }),
  links: z.array(LinkInputSchema).max(30).openapi({
    description:
      'The links, in order. Each becomes a tracked link; an unchanged address keeps its tracked link and clicks',
  }),
}

// Request examples carry only fields whose every other type is refused (the fuzz test swaps each
// field's type and expects a 4xx); the fields' own examples show the rest.
const SETTINGS_EXAMPLE_SHORT = {
  published: true,
  business_type: 'Bakery',
  theme: { palette: 'warm', font: 'serif', layout: 'centered', accent: '#c2410c' },
}

export const PageSettingsBody = z
  .strictObject(
    Object.fromEntries(
      Object.entries(settingsFields).map(([key, schema]) => [key, schema.optional()]),
    ) as { [K in keyof typeof settingsFields]: z.ZodOptional<(typeof settingsFields)[K]> },
  )
  .openapi('PageSettingsInput', {
    description: 'Fields left out keep their saved value.',
    example: SETTINGS_EXAMPLE_SHORT,
  })

export const PreviewPageBody = PageSettingsBody.openapi('PagePreviewInput', {
  description: 'Unsaved settings to render; fields left out use the saved value.',
  example: SETTINGS_EXAMPLE_SHORT,
})

const PageLinkSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    url: z.string().openapi({ description: 'Where the tracked link sends people' }),
    link_id: z.string(),
    short_url: z.string().openapi({ example: 'https://murmur.example/l/x7k2m9' }),
  })
  .openapi('PageLink')

export const PageSettingsSchema = z
  .object({
    published: z.boolean(),
    slug: z.string(),
    url: z.string().openapi({ example: 'https://murmur.example/p/corner-bakery' }),
    seo_title: z.string().nullable(),
    description: z.string().nullable(),
    language: z.string(),
    business_type: z.string(),
    logo_url: z.string().nullable(),
    image_media_id: z.string().nullable(),
    image_url: z.string().nullable(),
    contact: z.object({
      email: z.string().nullable(),
      phone: z.string().nullable(),
      website: z.string().nullable(),
      street: z.string().nullable(),
      locality: z.string().nullable(),
      region: z.string().nullable(),
      postal_code: z.string().nullable(),
      country: z.string().nullable(),
    }),
    opening_hours: z.array(OpeningHoursSchema),
    hours_note: z.string().nullable(),
    theme: ThemeSchema,
    show_posts: z.boolean(),
    custom_domain: z.string().nullable(),
    links: z.array(PageLinkSchema),
    updated_at: Timestamp.nullable(),
  })
  .openapi('PageSettings')

export const presentSettings = (settings: PageSettings) => ({
  ...settings,
  updated_at: isoOrNull(settings.updated_at),
})

export const PreviewSchema = z
  .object({
    html: z.string().openapi({
      description:
        'The whole page; show it in an <iframe srcdoc> (its stylesheet is at /p/assets/…, same origin)',
    }),
  })
  .openapi('PagePreview')

// ---------------------------------------------------------------- events

export const PlaceSchema = z
  .strictObject({
    name: OptionalText(200).openapi({ example: 'Corner Bakery' }),
    street: OptionalText(200).openapi({ example: '12 Rue Cler' }),
    locality: OptionalText(120).openapi({ example: 'Paris' }),
    region: OptionalText(120),
    postal_code: OptionalText(20).openapi({ example: '75007' }),
    country: OptionalText(60).openapi({ example: 'FR' }),
  })
  .openapi('EventPlace')

const EventTime = z.string().max(40).openapi({
  description:
    'Local time in the workspace’s time zone (2026-12-05T18:00), or ISO 8601 with an offset',
  example: '2026-12-05T18:00',
})

const eventFields = {
  title: z.string().min(1, 'Required').max(150).openapi({ example: 'Winter bread tasting' }),
  slug: z.string().max(64).openapi({
    description: 'Its address …/events/{slug}; made from the title when left out',
    example: 'winter-bread-tasting',
  }),
  description: OptionalText(5000),
  starts_at: EventTime,
  ends_at: EventTime.nullable().openapi({ description: 'Default: two hours after the start' }),
  place: PlaceSchema.nullable(),
  online_url: Url.nullable(),
  capacity: z.number().int().min(1).max(1_000_000).nullable().openapi({
    description: 'Most people who can join; null for no limit',
    example: 30,
  }),
  image_media_id: z.string().max(64).nullable(),
  image_url: Url.nullable(),
  image_alt: OptionalText(300),
}

// Only fields whose every other type is refused (see SETTINGS_EXAMPLE_SHORT).
const EVENT_EXAMPLE_SHORT = { title: 'Winter bread tasting', starts_at: '2026-12-05T18:00' }

export const CreateEventBody = z
  .strictObject({
    ...eventFields,
    slug: eventFields.slug.optional(),
    description: eventFields.description,
    ends_at: eventFields.ends_at.optional(),
    place: eventFields.place.optional(),
    online_url: eventFields.online_url.optional(),
    capacity: eventFields.capacity.optional(),
    image_media_id: eventFields.image_media_id.optional(),
    image_url: eventFields.image_url.optional(),
    status: z.enum(['draft', 'published']).optional().openapi({
      description: 'draft (default): not public. published: its page is served',
    }),
  })
  .openapi('CreateEvent', { example: EVENT_EXAMPLE_SHORT })

export const UpdateEventBody = z
  .strictObject({
    title: eventFields.title.optional(),
    slug: eventFields.slug.optional().openapi({
      description: 'A new address; the old one keeps working with a 301',
    }),
    description: eventFields.description,
    starts_at: eventFields.starts_at.optional(),
    ends_at: eventFields.ends_at.optional(),
    place: eventFields.place.optional(),
    online_url: eventFields.online_url.optional(),
    capacity: eventFields.capacity.optional(),
    image_media_id: eventFields.image_media_id.optional(),
    image_url: eventFields.image_url.optional(),
    image_alt: eventFields.image_alt,
    status: z.enum(['draft', 'published', 'cancelled']).optional().openapi({
      description: 'cancelled: the page stays, says so, and takes no more sign-ups',
    }),
  })
  .openapi('UpdateEvent', {
    example: { title: 'Winter bread tasting (extra date)', status: 'published' },
  })

export const PreviewEventBody = UpdateEventBody.extend({
  event_id: z.string().max(64).optional().openapi({
    description: 'Preview changes to this saved event; left out: a new event',
  }),
}).openapi('EventPreviewInput', { example: EVENT_EXAMPLE_SHORT })

export const EventSchema = z
  .object({
    id: z.string().openapi({ example: 'evt_01jb3k8x4r2m5n7p9q0s1t2v3w' }),
    slug: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    starts_at: Timestamp,
    ends_at: Timestamp,
    time_zone: z.string().openapi({ example: 'Europe/Paris' }),
    starts_at_local: z.string().openapi({ example: '2026-12-05T18:00' }),
    ends_at_local: z.string().openapi({ example: '2026-12-05T20:00' }),
    place: PlaceSchema.nullable(),
    online_url: z.string().nullable(),
    capacity: z.number().int().nullable(),
    attendee_count: z.number().int(),
    spots_left: z.number().int().nullable(),
    full: z.boolean(),
    image_media_id: z.string().nullable(),
    image_url: z.string().nullable(),
    image_alt: z.string().nullable(),
    status: z.enum(['draft', 'published', 'cancelled']),
    url: z.string().openapi({
      example: 'https://murmur.example/p/corner-bakery/events/winter-bread-tasting',
    }),
    published_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Event')

export const presentEvent = (event: Event) => ({
  ...event,
  starts_at: iso(event.starts_at),
  ends_at: iso(event.ends_at),
  published_at: isoOrNull(event.published_at),
  created_at: iso(event.created_at),
  updated_at: iso(event.updated_at),
})

export const EventListQuery = z.object({
  when: z.enum(['upcoming', 'past', 'all']).default('upcoming').openapi({
    description: 'upcoming: not over yet, soonest first; past: over, latest first',
  }),
  status: z.enum(['draft', 'published', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
})

export const AnnounceEventBody = z
  .strictObject({
    channels: z
      .array(z.string().max(64))
      .min(1, 'Choose at least one channel')
      .max(50)
      .openapi({ example: ['ch_01jb3k8x4r2m5n7p9q0s1t2v3w'] }),
    schedule: WhenSchema.optional().openapi({ description: 'Left out: the post is a draft' }),
    text: z.string().max(20_000).optional().openapi({
      description:
        'The post’s text; {link} is replaced by a tracked link to the event page (added at the end when absent). Default: title, date, place and the link',
    }),
  })
  .openapi('AnnounceEvent', {
    example: { channels: ['ch_01jb3k8x4r2m5n7p9q0s1t2v3w'], schedule: { type: 'queue' } },
  })

export const AttendeeSchema = z
  .object({
    id: z.string(),
    event_id: z.string(),
    name: z.string(),
    email: z.string(),
    consent: z.boolean(),
    consent_text: z.string().openapi({ description: 'Exactly what the person agreed to' }),
    contact_id: z.string().nullable().openapi({ description: 'The contact they became' }),
    joined_at: Timestamp,
  })
  .openapi('Attendee')

export const presentAttendee = (attendee: Attendee) => ({
  ...attendee,
  joined_at: iso(attendee.joined_at),
})
