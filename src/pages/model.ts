import type { PageTheme } from './themes.js'

/**
 * What the public pages show, as the renderers take it: plain data, already validated and
 * with every address resolved (renderers never touch the database or the clock).
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

export interface OpeningHours {
  days: Weekday[]
  /** HH:MM local time. */
  opens: string
  /** HH:MM; earlier than `opens` means past midnight. */
  closes: string
}

export interface PostalAddress {
  street: string | null
  locality: string | null
  region: string | null
  postal_code: string | null
  /** ISO 3166-1 alpha-2 or a country name, as the owner wrote it. */
  country: string | null
}

export interface PageContact extends PostalAddress {
  email: string | null
  phone: string | null
  website: string | null
}

export interface EventPlace extends PostalAddress {
  name: string | null
}

export const EMPTY_CONTACT: PageContact = {
  email: null,
  phone: null,
  website: null,
  street: null,
  locality: null,
  region: null,
  postal_code: null,
  country: null,
}

/** Where a page lives and how to reach its parts: Murmur's host or the workspace's own domain. */
export interface PageSite {
  /** https://bakery.example or https://murmur.example/p/corner-bakery (no trailing slash). */
  base: string
  /** Origin of `base`, for absolute addresses of assets (stylesheet). */
  origin: string
}

export interface ImageView {
  url: string
  alt: string
  /** Known when Murmur serves it resized; null for an outside address. */
  width: number | null
  height: number | null
}

export interface BusinessView {
  name: string
  language: string
  /** The workspace's zone: dates on the home page are shown in it. */
  timeZone: string
  businessType: string
  description: string | null
  seoTitle: string | null
  logoUrl: string | null
  /** For link previews: the chosen image, or a card drawn from the name. */
  image: ImageView
  contact: PageContact
  hours: OpeningHours[]
  hoursNote: string | null
  theme: PageTheme
  /** The home page's canonical address, or null when the home page is not published. */
  homeUrl: string | null
  site: PageSite
}

export interface LinkView {
  label: string
  /** Where the visitor goes first: the tracked short link (or the destination in a preview). */
  href: string
  destination: string
}

export interface PostView {
  text: string
  publishedAt: number
  network: string
  url: string | null
}

export interface EventSummary {
  title: string
  url: string
  startsAt: number
  endsAt: number
  timeZone: string
  status: 'published' | 'cancelled'
}

export interface EventView extends EventSummary {
  id: string
  slug: string
  description: string | null
  place: EventPlace | null
  onlineUrl: string | null
  capacity: number | null
  attendeeCount: number
  /** Shown on the page: the event's own image, if it has one. */
  image: ImageView | null
  /** For link previews and structured data: its image, or a card drawn from its title. */
  shareImage: ImageView
  sequence: number
  updatedAt: number
  calendarUrl: string
  joinUrl: string
}

export interface HomeView {
  business: BusinessView
  url: string
  links: LinkView[]
  events: EventSummary[]
  posts: PostView[]
  /** Set for the editor's live preview: noindex, and a note that it is not saved. */
  preview: boolean
}

export const isFull = (event: Pick<EventView, 'capacity' | 'attendeeCount'>) =>
  event.capacity !== null && event.attendeeCount >= event.capacity

export const spotsLeft = (event: Pick<EventView, 'capacity' | 'attendeeCount'>) =>
  event.capacity === null ? null : Math.max(0, event.capacity - event.attendeeCount)

/** One line of an address ("12 Rue Cler, 75007 Paris, FR"), or null when it has none. */
export function addressLine(address: PostalAddress | null): string | null {
  if (!address) return null
  const town = [address.postal_code, address.locality].filter(Boolean).join(' ')
  const parts = [address.street, town, address.region, address.country].filter(
    (part): part is string => Boolean(part),
  )
  return parts.length > 0 ? parts.join(', ') : null
}

export const hasAddress = (address: PostalAddress | null): boolean =>
  Boolean(address && (address.street || address.locality))
