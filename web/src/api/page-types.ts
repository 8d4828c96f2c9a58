import type { Timestamp } from './types.js'

/** Mirrors src/http/routes/page-schemas.ts: the home page settings and events. */

export const PALETTES = ['light', 'warm', 'dark', 'forest'] as const
export const FONTS = ['system', 'serif', 'rounded', 'mono'] as const
export const LAYOUTS = ['centered', 'wide'] as const
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

export type Palette = (typeof PALETTES)[number]
export type Font = (typeof FONTS)[number]
export type Layout = (typeof LAYOUTS)[number]
export type Weekday = (typeof WEEKDAYS)[number]

/** schema.org kinds the server accepts (src/pages/json-ld.ts), with their labels. */
export const BUSINESS_TYPES: Array<{ value: string; label: string }> = [
  { value: 'Organization', label: 'Organization' },
  { value: 'LocalBusiness', label: 'Local business' },
  { value: 'Bakery', label: 'Bakery' },
  { value: 'CafeOrCoffeeShop', label: 'Café' },
  { value: 'Restaurant', label: 'Restaurant' },
  { value: 'BarOrPub', label: 'Bar or pub' },
  { value: 'Store', label: 'Shop' },
  { value: 'BicycleStore', label: 'Bike shop' },
  { value: 'BookStore', label: 'Book shop' },
  { value: 'ClothingStore', label: 'Clothing shop' },
  { value: 'BeautySalon', label: 'Beauty salon' },
  { value: 'HairSalon', label: 'Hair salon' },
  { value: 'ExerciseGym', label: 'Gym' },
  { value: 'SportsActivityLocation', label: 'Sports or yoga studio' },
  { value: 'AutoRepair', label: 'Car or bike repair' },
  { value: 'ProfessionalService', label: 'Professional service' },
  { value: 'LodgingBusiness', label: 'Lodging' },
  { value: 'EntertainmentBusiness', label: 'Entertainment' },
]

export interface PageContact {
  email: string | null
  phone: string | null
  website: string | null
  street: string | null
  locality: string | null
  region: string | null
  postal_code: string | null
  country: string | null
}

export interface OpeningHours {
  days: Weekday[]
  opens: string
  closes: string
}

export interface PageTheme {
  palette: Palette
  font: Font
  layout: Layout
  accent: string
}

export interface PageLink {
  id: string
  label: string
  url: string
  link_id: string
  short_url: string
}

export interface PageSettings {
  published: boolean
  slug: string
  url: string
  seo_title: string | null
  description: string | null
  language: string
  business_type: string
  logo_url: string | null
  image_media_id: string | null
  image_url: string | null
  contact: PageContact
  opening_hours: OpeningHours[]
  hours_note: string | null
  theme: PageTheme
  show_posts: boolean
  custom_domain: string | null
  links: PageLink[]
  updated_at: Timestamp | null
}

export interface PageLinkInput {
  label: string
  url: string
}

export type PageSettingsInput = Partial<
  Omit<PageSettings, 'url' | 'links' | 'updated_at'> & { links: PageLinkInput[] }
>

export type EventStatus = 'draft' | 'published' | 'cancelled'

export interface EventPlace {
  name?: string | null
  street?: string | null
  locality?: string | null
  region?: string | null
  postal_code?: string | null
  country?: string | null
}

export interface MurmurEvent {
  id: string
  slug: string
  title: string
  description: string | null
  starts_at: Timestamp
  ends_at: Timestamp
  time_zone: string
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
  url: string
  published_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface EventInput {
  title?: string
  slug?: string
  description?: string | null
  starts_at?: string
  ends_at?: string | null
  place?: EventPlace | null
  online_url?: string | null
  capacity?: number | null
  image_url?: string | null
  image_alt?: string | null
  status?: EventStatus
}

export interface Attendee {
  id: string
  event_id: string
  name: string
  email: string
  consent: boolean
  consent_text: string
  contact_id: string | null
  joined_at: Timestamp
}

export type AnnounceSchedule = { type: 'at'; at: string } | { type: 'queue' } | { type: 'now' }

export interface AnnounceInput {
  channels: string[]
  schedule?: AnnounceSchedule
  text?: string
}
