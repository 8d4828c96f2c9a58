import { invalid } from '../core/errors.js'
import { parseDestination } from '../core/links/destination.js'
import { BUSINESS_TYPES, type BusinessType } from './json-ld.js'
import {
  EMPTY_CONTACT,
  type EventPlace,
  type OpeningHours,
  type PageContact,
  WEEKDAYS,
  type Weekday,
} from './model.js'
import { type PageTheme, readTheme } from './themes.js'

/**
 * The home page settings an owner edits, checked and tidied without touching the database: the
 * same rules serve saving and the live preview of unsaved settings.
 */
export interface PageFields {
  published: boolean
  seo_title: string | null
  description: string | null
  language: string
  business_type: BusinessType
  logo_url: string | null
  image_media_id: string | null
  image_url: string | null
  contact: PageContact
  opening_hours: OpeningHours[]
  hours_note: string | null
  theme: PageTheme
  show_posts: boolean
  custom_domain: string | null
}

/** Every field optional, and `undefined` allowed: what a validated request body holds. */
export type Loose<T> = { [K in keyof T]?: T[K] | undefined }

/** Settings as submitted: any field may be left out (it keeps its saved value). */
export type FieldsInput = Loose<Omit<PageFields, 'contact'>> & {
  contact?: Loose<PageContact> | undefined
}

export interface LinkInput {
  label: string
  url: string
}

export const DEFAULT_FIELDS: PageFields = {
  published: false,
  seo_title: null,
  description: null,
  language: 'en',
  business_type: 'LocalBusiness',
  logo_url: null,
  image_media_id: null,
  image_url: null,
  contact: EMPTY_CONTACT,
  opening_hours: [],
  hours_note: null,
  theme: readTheme({}),
  show_posts: true,
  custom_domain: null,
}

const fail = (path: string, message: string) => invalid(message, [{ path, message }])

export const text = (value: string | null | undefined, max: number): string | null => {
  const trimmed = value?.replace(/\r\n?/g, '\n').trim()
  return trimmed ? trimmed.slice(0, max) : null
}

/** An http(s) address for an image or a website, normalised, or a clear error on `path`. */
export function webAddress(value: string | null | undefined, path: string): string | null {
  if (!value?.trim()) return null
  try {
    return parseDestination(value)
  } catch {
    throw fail(
      path,
      `"${value.slice(0, 80)}" is not a web address; use one such as https://example.com.`,
    )
  }
}

export function cleanLanguage(value: string | undefined): string {
  const tag = value?.trim() || 'en'
  try {
    const [canonical] = Intl.getCanonicalLocales(tag)
    if (canonical && canonical.length <= 35) return canonical
  } catch {
    // Reported below.
  }
  throw fail(
    'language',
    `"${tag.slice(0, 40)}" is not a language code; use one such as en, fr or pt-BR.`,
  )
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/

export function cleanHours(hours: OpeningHours[]): OpeningHours[] {
  return hours.map((entry, index) => {
    const days = [...new Set(entry.days)].filter((day): day is Weekday =>
      (WEEKDAYS as readonly string[]).includes(day),
    )
    if (days.length === 0) throw fail(`opening_hours.${index}.days`, 'Pick at least one day.')
    for (const key of ['opens', 'closes'] as const) {
      if (!TIME.test(entry[key]))
        throw fail(`opening_hours.${index}.${key}`, `Use HH:MM, e.g. 09:30 (got "${entry[key]}").`)
    }
    if (entry.opens === entry.closes)
      throw fail(`opening_hours.${index}.closes`, 'Opening and closing times are the same.')
    days.sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b))
    return { days, opens: entry.opens, closes: entry.closes }
  })
}

export function cleanContact(contact: Loose<PageContact> | undefined): PageContact {
  const value = contact ?? {}
  const email = text(value.email, 254)
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw fail('contact.email', `"${email.slice(0, 80)}" is not an email address.`)
  const phone = text(value.phone, 40)
  if (phone && !/^[+()\d\s./-]{3,40}$/.test(phone))
    throw fail('contact.phone', 'Use digits, spaces and + ( ) - . only, e.g. +33 1 23 45 67 89.')
  return {
    email,
    phone,
    website: webAddress(value.website, 'contact.website'),
    street: text(value.street, 200),
    locality: text(value.locality, 120),
    region: text(value.region, 120),
    postal_code: text(value.postal_code, 20),
    country: text(value.country, 60),
  }
}

export function cleanPlace(place: Loose<EventPlace> | null | undefined): EventPlace | null {
  if (!place) return null
  const clean = {
    name: text(place.name, 200),
    street: text(place.street, 200),
    locality: text(place.locality, 120),
    region: text(place.region, 120),
    postal_code: text(place.postal_code, 20),
    country: text(place.country, 60),
  }
  return Object.values(clean).some(Boolean) ? clean : null
}

/** Host names only ("shop.example"), lower case; Murmur's own host cannot be one. */
export function cleanCustomDomain(
  value: string | null | undefined,
  publicUrl: string,
): string | null {
  const host = value?.trim().toLowerCase().replace(/\.$/, '')
  if (!host) return null
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
  if (!new RegExp(`^(?:${label}\\.)+[a-z]{2,63}$`).test(host) || host.length > 253)
    throw fail(
      'custom_domain',
      `"${host.slice(0, 80)}" is not a domain name; write it as shop.example, without https://.`,
    )
  if (host === new URL(publicUrl).hostname)
    throw fail('custom_domain', 'That is Murmur’s own address; pick your business’s domain.')
  return host
}

export function cleanLinks(links: LinkInput[], publicUrl: string): LinkInput[] {
  if (links.length > 30) throw fail('links', 'At most 30 links.')
  return links.map((link, index) => {
    const label = text(link.label, 80)
    if (!label) throw fail(`links.${index}.label`, 'Give the link a label people will read.')
    let url: string
    try {
      url = parseDestination(link.url, publicUrl)
    } catch (error) {
      const message = (error as Error).message
      throw fail(`links.${index}.url`, message)
    }
    return { label, url }
  })
}

export function cleanFields(
  input: FieldsInput,
  current: PageFields,
  publicUrl: string,
): PageFields {
  const pick = <K extends keyof FieldsInput & keyof PageFields>(key: K): PageFields[K] =>
    input[key] === undefined ? current[key] : (input[key] as PageFields[K])
  const businessType = pick('business_type')
  if (!(businessType in BUSINESS_TYPES))
    throw fail('business_type', `Unknown kind of business "${String(businessType).slice(0, 40)}".`)
  return {
    published: pick('published'),
    seo_title: text(pick('seo_title'), 70),
    description: text(pick('description'), 2000),
    language: cleanLanguage(pick('language')),
    business_type: businessType,
    logo_url:
      input.logo_url === undefined ? current.logo_url : webAddress(input.logo_url, 'logo_url'),
    image_media_id: text(pick('image_media_id'), 64),
    image_url:
      input.image_url === undefined ? current.image_url : webAddress(input.image_url, 'image_url'),
    contact: input.contact === undefined ? current.contact : cleanContact(input.contact),
    opening_hours:
      input.opening_hours === undefined ? current.opening_hours : cleanHours(input.opening_hours),
    hours_note: text(pick('hours_note'), 300),
    theme: readTheme(pick('theme')),
    show_posts: pick('show_posts'),
    custom_domain:
      input.custom_domain === undefined
        ? current.custom_domain
        : cleanCustomDomain(input.custom_domain, publicUrl),
  }
}
