import { invalid } from './errors.js'

/** A URL- and shell-friendly slug from a business name ("Corner Bakery" -> "corner-bakery"). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
  return slug || 'workspace'
}

export function isValidTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return zone.includes('/') || zone === 'UTC'
  } catch {
    return false
  }
}

export function assertTimeZone(zone: string): string {
  if (!isValidTimeZone(zone)) {
    throw invalid(`"${zone}" is not an IANA time zone. Use a name such as Europe/Paris or UTC.`, [
      { path: 'time_zone', message: 'Unknown time zone' },
    ])
  }
  return zone
}
