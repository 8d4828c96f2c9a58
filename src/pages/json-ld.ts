import { isoInZone } from './event-time.js'
import {
  addressLine,
  type BusinessView,
  type EventView,
  hasAddress,
  type LinkView,
  type OpeningHours,
  type PostalAddress,
  spotsLeft,
  type WEEKDAYS,
} from './model.js'

/**
 * schema.org structured data for the pages: the business (LocalBusiness or one of its kinds,
 * or Organization) on the home page, an Event on each event page, with the properties Google's
 * rich results require (Event: name, startDate, location with an address or a URL;
 * LocalBusiness: name, address) and the recommended ones Murmur knows.
 */

/** The kinds an owner can pick; `local` ones are LocalBusiness types and need an address. */
export const BUSINESS_TYPES = {
  Organization: { local: false, label: 'Organization' },
  LocalBusiness: { local: true, label: 'Local business' },
  Bakery: { local: true, label: 'Bakery' },
  CafeOrCoffeeShop: { local: true, label: 'Café' },
  Restaurant: { local: true, label: 'Restaurant' },
  BarOrPub: { local: true, label: 'Bar or pub' },
  Store: { local: true, label: 'Shop' },
  BicycleStore: { local: true, label: 'Bike shop' },
  BookStore: { local: true, label: 'Book shop' },
  ClothingStore: { local: true, label: 'Clothing shop' },
  BeautySalon: { local: true, label: 'Beauty salon' },
  HairSalon: { local: true, label: 'Hair salon' },
  ExerciseGym: { local: true, label: 'Gym' },
  SportsActivityLocation: { local: true, label: 'Sports or yoga studio' },
  AutoRepair: { local: true, label: 'Car or bike repair' },
  ProfessionalService: { local: true, label: 'Professional service' },
  LodgingBusiness: { local: true, label: 'Lodging' },
  EntertainmentBusiness: { local: true, label: 'Entertainment' },
} as const

export type BusinessType = keyof typeof BUSINESS_TYPES
export const BUSINESS_TYPE_IDS = Object.keys(BUSINESS_TYPES) as [BusinessType, ...BusinessType[]]

const DAY_NAMES: Record<(typeof WEEKDAYS)[number], string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
}

/** Hosts of profiles that are the business itself elsewhere (schema.org sameAs). */
const PROFILE_HOSTS =
  /(^|\.)(facebook\.com|instagram\.com|x\.com|twitter\.com|linkedin\.com|threads\.net|bsky\.app|youtube\.com|tiktok\.com|pinterest\.com|mastodon\.social|yelp\.[a-z.]+|tripadvisor\.[a-z.]+)$/i

type Json = Record<string, unknown>

/** Drops null, undefined, '' and [] so the output carries only what is known. */
function compact(value: Json): Json {
  const out: Json = {}
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined || item === '') continue
    if (Array.isArray(item) && item.length === 0) continue
    out[key] = item
  }
  return out
}

function postalAddress(address: PostalAddress): Json | null {
  if (!hasAddress(address)) return null
  return compact({
    '@type': 'PostalAddress',
    streetAddress: address.street,
    addressLocality: address.locality,
    addressRegion: address.region,
    postalCode: address.postal_code,
    addressCountry: address.country,
  })
}

export function openingHoursSpecification(hours: OpeningHours[]): Json[] {
  return hours.map((entry) => ({
    '@type': 'OpeningHoursSpecification',
    dayOfWeek: entry.days.map((day) => `https://schema.org/${DAY_NAMES[day]}`),
    opens: entry.opens,
    closes: entry.closes,
  }))
}

/** The schema.org type actually written: a local kind without an address says Organization. */
export function effectiveType(business: BusinessView): string {
  const known = BUSINESS_TYPES[business.businessType as BusinessType]
  if (!known) return 'Organization'
  return known.local && !hasAddress(business.contact) ? 'Organization' : business.businessType
}

export function businessJsonLd(business: BusinessView, url: string, links: LinkView[]): Json {
  const type = effectiveType(business)
  const local = type !== 'Organization'
  return compact({
    '@context': 'https://schema.org',
    '@type': type,
    '@id': `${url}#business`,
    name: business.name,
    url,
    description: business.description,
    logo: business.logoUrl,
    image: [business.image.url],
    telephone: business.contact.phone,
    email: business.contact.email,
    address: postalAddress(business.contact),
    openingHoursSpecification: local ? openingHoursSpecification(business.hours) : null,
    sameAs: [
      ...new Set(
        [business.contact.website, ...links.map((link) => link.destination)].filter(
          (href): href is string => {
            if (!href) return false
            try {
              return href === business.contact.website || PROFILE_HOSTS.test(new URL(href).hostname)
            } catch {
              return false
            }
          },
        ),
      ),
    ],
  })
}

/** `summary`: the page's meta description, said when the event has no description of its own. */
export function eventJsonLd(event: EventView, business: BusinessView, summary: string): Json {
  const locations: Json[] = []
  if (event.place && hasAddress(event.place)) {
    locations.push(
      compact({
        '@type': 'Place',
        name: event.place.name ?? addressLine(event.place),
        address: postalAddress(event.place),
      }),
    )
  }
  if (event.onlineUrl) locations.push({ '@type': 'VirtualLocation', url: event.onlineUrl })
  const mode =
    locations.length === 2
      ? 'Mixed'
      : event.onlineUrl && locations.length === 1
        ? 'Online'
        : 'Offline'
  const left = spotsLeft(event)
  return compact({
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': `${event.url}#event`,
    name: event.title,
    description: event.description ?? summary,
    url: event.url,
    startDate: isoInZone(event.startsAt, event.timeZone),
    endDate: isoInZone(Math.max(event.endsAt, event.startsAt), event.timeZone),
    eventStatus:
      event.status === 'cancelled'
        ? 'https://schema.org/EventCancelled'
        : 'https://schema.org/EventScheduled',
    eventAttendanceMode: `https://schema.org/${mode}EventAttendanceMode`,
    location: locations.length === 1 ? locations[0] : locations,
    image: [event.shareImage.url],
    organizer: compact({
      '@type': effectiveType(business),
      name: business.name,
      url: business.homeUrl,
    }),
    isAccessibleForFree: true,
    maximumAttendeeCapacity: event.capacity,
    remainingAttendeeCapacity: left,
  })
}
