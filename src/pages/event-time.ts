import { invalid } from '../core/errors.js'
import { instantOf, localTimeOf, zoneOffsetMs } from '../core/zoned-time.js'
import { formatOffset } from './vtimezone.js'

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * An event time as the API takes it: ISO 8601 with an offset ("2026-12-05T18:00:00+01:00"), or a
 * local wall-clock time without one ("2026-12-05T18:00"), read in the workspace's time zone.
 */
export function parseEventTime(text: string, timeZone: string, field: string): number {
  const value = text.trim()
  const local = LOCAL.exec(value)
  if (local) {
    const [, year, month, day, hour, minute] = local.map(Number) as number[]
    const fields = { year: year!, month: month!, day: day!, hour: hour!, minute: minute! }
    if (fields.month < 1 || fields.month > 12 || fields.day < 1 || fields.day > 31)
      throw badTime(field, value)
    if (fields.hour > 23 || fields.minute > 59) throw badTime(field, value)
    return instantOf(fields, timeZone)
  }
  if (WITH_OFFSET.test(value)) {
    const ms = Date.parse(value)
    if (!Number.isNaN(ms)) return ms
  }
  throw badTime(field, value)
}

function badTime(field: string, value: string) {
  const message = `"${value.slice(0, 40)}" is not a time. Use 2026-12-05T18:00 (the workspace's time zone) or 2026-12-05T18:00:00+01:00.`
  return invalid(message, [{ path: field, message }])
}

/** ISO 8601 with the zone's offset at that instant, to the second: for JSON-LD and <time>. */
export function isoInZone(instant: number, timeZone: string): string {
  const local = localTimeOf(instant, timeZone)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  const offset = formatOffset(zoneOffsetMs(instant, timeZone))
  const zone = offset === '+0000' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(3, 5)}`
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}${zone}`
}

/** "2026-12-05T18:00": the wall-clock time the owner typed, for the editor. */
export function localInputValue(instant: number, timeZone: string): string {
  return isoInZone(instant, timeZone).slice(0, 16)
}

const formats = new Map<string, Intl.DateTimeFormat>()

/** The page's language when Intl knows it, else English. */
function localeOf(language: string): string {
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en'
  } catch {
    return 'en'
  }
}

/** Formatters are costly to build and pages use the same few: one per language, zone and style. */
function format(
  style: 'range' | 'short' | 'zone',
  language: string,
  timeZone: string,
): Intl.DateTimeFormat {
  const key = `${style}|${language}|${timeZone}`
  let found = formats.get(key)
  if (!found) {
    const options: Intl.DateTimeFormatOptions =
      style === 'range'
        ? {
            weekday: 'long',
            day: 'numeric',
            month: 'long',
            year: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
          }
        : style === 'short'
          ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }
          : { timeZoneName: 'long' }
    found = new Intl.DateTimeFormat(localeOf(language), { ...options, timeZone })
    if (formats.size > 1000) formats.clear()
    formats.set(key, found)
  }
  return found
}

/** "Saturday 5 December 2026, 18:00 – 21:00", in the page's language and the event's zone. */
export function describeRange(start: number, end: number, language: string, timeZone: string) {
  return format('range', language, timeZone).formatRange(
    new Date(start),
    new Date(Math.max(start, end)),
  )
}

/** "Sat 5 Dec 2026": short dates for titles and lists. */
export function shortDate(instant: number, language: string, timeZone: string): string {
  return format('short', language, timeZone).format(new Date(instant))
}

/** "Europe/Paris" shown as people say it ("Central European Time"), falling back to the id. */
export function zoneName(instant: number, language: string, timeZone: string): string {
  try {
    const parts = format('zone', language, timeZone).formatToParts(new Date(instant))
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone
  } catch {
    return timeZone
  }
}
