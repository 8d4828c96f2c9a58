/**
 * Wall-clock time in the workspace's time zone, from the browser's Intl data. Posts go out and
 * days are counted in that zone, whatever the zone of the computer showing the page.
 */

export interface ZonedParts {
  year: number
  /** 1–12 */
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

export function zonedParts(instant: number, timeZone: string): ZonedParts {
  const found: Record<string, number> = {}
  for (const part of partsFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') found[part.type] = Number(part.value)
  }
  return {
    year: found.year ?? 1970,
    month: found.month ?? 1,
    day: found.day ?? 1,
    hour: (found.hour ?? 0) % 24,
    minute: found.minute ?? 0,
    second: found.second ?? 0,
  }
}

function offsetAt(instant: number, timeZone: string): number {
  const p = zonedParts(instant, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - Math.floor(instant / 1000) * 1000
}

/** The instant a wall-clock time names in a zone (the later one in a DST gap or overlap). */
export function zonedTimeToInstant(
  parts: Pick<ZonedParts, 'year' | 'month' | 'day' | 'hour' | 'minute'>,
  timeZone: string,
): number {
  const guess = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute)
  const first = guess - offsetAt(guess, timeZone)
  const second = guess - offsetAt(first, timeZone)
  return Math.max(first, second)
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

/** "2026-12-01": a calendar day, used as a key and by Mantine's date pickers. */
export type DayKey = string

export function dayKeyOf(instant: number, timeZone: string): DayKey {
  const p = zonedParts(instant, timeZone)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

export function timeOfDay(instant: number, timeZone: string): string {
  const p = zonedParts(instant, timeZone)
  return `${pad(p.hour)}:${pad(p.minute)}`
}

export function parseDayKey(key: DayKey): { year: number; month: number; day: number } {
  const [year = 1970, month = 1, day = 1] = key.split('-').map(Number)
  return { year, month, day }
}

/** Calendar arithmetic on days, independent of any zone. */
export function addDays(key: DayKey, days: number): DayKey {
  const { year, month, day } = parseDayKey(key)
  const date = new Date(Date.UTC(year, month - 1, day + days))
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(key: DayKey): number {
  const { year, month, day } = parseDayKey(key)
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7
}

export const startOfWeek = (key: DayKey): DayKey => addDays(key, -weekdayOf(key))

export function startOfMonth(key: DayKey): DayKey {
  const { year, month } = parseDayKey(key)
  return `${year}-${pad(month)}-01`
}

export function addMonths(key: DayKey, months: number): DayKey {
  const { year, month } = parseDayKey(key)
  const date = new Date(Date.UTC(year, month - 1 + months, 1))
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-01`
}

/** Midnight at the start of a day in the zone, as an instant. */
export function startOfDayInstant(key: DayKey, timeZone: string): number {
  return zonedTimeToInstant({ ...parseDayKey(key), hour: 0, minute: 0 }, timeZone)
}

/** Instant of a day plus "HH:MM" in the zone. */
export function instantAt(key: DayKey, time: string, timeZone: string): number {
  const [hour = 0, minute = 0] = time.split(':').map(Number)
  return zonedTimeToInstant({ ...parseDayKey(key), hour, minute }, timeZone)
}

/** "Europe/Paris (GMT+1)": the zone named, with its offset now. */
export function zoneLabel(timeZone: string, at = Date.now()): string {
  let offset = ''
  try {
    offset =
      new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })
        .formatToParts(new Date(at))
        .find((part) => part.type === 'timeZoneName')?.value ?? ''
  } catch {
    offset = ''
  }
  const name = timeZone.replaceAll('_', ' ')
  if (!offset || timeZone === 'UTC') return name
  return `${name} (${offset === 'GMT' ? 'GMT+0' : offset})`
}

/** Formats an instant as it reads in the zone, e.g. "Tue, Dec 1, 9:30 AM". */
export function formatInZone(
  instant: number,
  timeZone: string,
  options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  },
): string {
  return new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(new Date(instant))
}

/** Reads an API time (ISO string or epoch ms) as epoch ms; null when absent or unreadable. */
export function toInstant(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null
  const ms = typeof value === 'number' ? value : Date.parse(value)
  return Number.isNaN(ms) ? null : ms
}
