import { localTimeOf } from '../core/zoned-time.js'
import { stripControls } from './control-chars.js'
import { addressLine, type EventView } from './model.js'
import { basicDateTime, vtimezoneLines } from './vtimezone.js'

/**
 * The .ics file of an event (RFC 5545): CRLF line ends, lines folded at 75 octets without
 * splitting a UTF-8 character, TEXT values escaped, times with a TZID and its VTIMEZONE (or in
 * UTC for UTC events). The UID is stable and SEQUENCE grows with each change that matters, so
 * importing the file again updates the calendar entry instead of adding a second one.
 */

/** TEXT value escaping: backslash, semicolon, comma and line breaks; other controls dropped. */
export function escapeText(text: string): string {
  return stripControls(text.replace(/\r\n?/g, '\n'), '\n')
    .replace(/[\\;,]/g, (ch) => `\\${ch}`)
    .replace(/\n/g, '\\n')
}

/** A parameter value (CN=…): quoted, with the characters a quoted value cannot hold removed. */
function paramValue(text: string): string {
  return `"${stripControls(text).replace(/"/g, '')}"`
}

/** Folds one content line: at most 75 octets per line, continuation lines start with a space. */
export function foldLine(line: string): string {
  const out: string[] = []
  let current = ''
  let octets = 0
  let limit = 75
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8')
    if (octets + size > limit) {
      out.push(current)
      current = ' '
      octets = 1
      limit = 75
    }
    current += char
    octets += size
  }
  out.push(current)
  return out.join('\r\n')
}

/** YYYYMMDDTHHMMSS wall-clock time in `timeZone`. */
function localStamp(instant: number, timeZone: string): string {
  const local = localTimeOf(instant, timeZone)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  return `${pad(local.year, 4)}${pad(local.month)}${pad(local.day)}T${pad(local.hour)}${pad(local.minute)}${pad(local.second)}`
}

export interface CalendarInput {
  event: EventView
  /** Host name for the UID (the page's host). */
  host: string
  organizer: { name: string; email: string | null }
  now: number
}

export function eventCalendar(input: CalendarInput): string {
  const { event } = input
  const utc = event.timeZone === 'UTC' || event.timeZone === 'Etc/UTC'
  const time = (name: string, instant: number) =>
    utc
      ? `${name}:${basicDateTime(instant)}Z`
      : `${name};TZID=${event.timeZone}:${localStamp(instant, event.timeZone)}`
  const place = event.place ? [event.place.name, addressLine(event.place)].filter(Boolean) : []
  const location = place.length > 0 ? place.join(', ') : event.onlineUrl
  const description = [event.description?.trim(), event.onlineUrl, event.url]
    .filter(Boolean)
    .join('\n\n')
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Murmur//Event pages//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...(utc ? [] : vtimezoneLines(event.timeZone, event.startsAt, event.endsAt)),
    'BEGIN:VEVENT',
    `UID:${event.id}@${input.host}`,
    `DTSTAMP:${basicDateTime(input.now)}Z`,
    `LAST-MODIFIED:${basicDateTime(event.updatedAt)}Z`,
    `SEQUENCE:${event.sequence}`,
    time('DTSTART', event.startsAt),
    time('DTEND', Math.max(event.endsAt, event.startsAt)),
    `SUMMARY:${escapeText(event.title)}`,
    ...(description ? [`DESCRIPTION:${escapeText(description)}`] : []),
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    `URL:${event.url}`,
    `STATUS:${event.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    ...(input.organizer.email
      ? [`ORGANIZER;CN=${paramValue(input.organizer.name)}:mailto:${input.organizer.email}`]
      : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return `${lines.map(foldLine).join('\r\n')}\r\n`
}
