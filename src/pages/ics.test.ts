import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { stripControls } from './control-chars.js'
import { escapeText, eventCalendar, foldLine } from './ics.js'
import type { EventView } from './model.js'
import { observancesFor, vtimezoneLines } from './vtimezone.js'

const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '')

/** TEXT value unescaping, the reverse of escapeText (RFC 5545 §3.3.11). */
const unescapeText = (text: string) =>
  text.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch))

const event = (overrides: Partial<EventView> = {}): EventView => ({
  id: 'evt_1',
  slug: 'tasting',
  title: 'Winter bread tasting',
  url: 'https://murmur.example/p/corner-bakery/events/tasting',
  startsAt: Date.UTC(2026, 11, 5, 17, 0),
  endsAt: Date.UTC(2026, 11, 5, 19, 0),
  timeZone: 'Europe/Paris',
  status: 'published',
  description: 'Five breads; bring friends, and an appetite.\nFree.',
  place: {
    name: 'Corner Bakery',
    street: '12 Rue Cler',
    locality: 'Paris',
    region: null,
    postal_code: '75007',
    country: 'FR',
  },
  onlineUrl: null,
  capacity: 30,
  attendeeCount: 2,
  image: null,
  shareImage: { url: 'https://x.example/card.jpg', alt: '', width: 1200, height: 630 },
  sequence: 3,
  updatedAt: Date.UTC(2026, 10, 20, 8, 0),
  calendarUrl: '',
  joinUrl: '',
  ...overrides,
})

const calendar = (overrides: Partial<EventView> = {}) =>
  eventCalendar({
    event: event(overrides),
    host: 'murmur.example',
    organizer: { name: 'Corner "Bakery"', email: 'hello@cornerbakery.example' },
    now: Date.UTC(2026, 10, 27, 9, 0),
  })

describe('.ics files (RFC 5545)', () => {
  test('CRLF line ends, every line at most 75 octets, one VEVENT inside one VCALENDAR', () => {
    const text = calendar({ title: `${'Très long titre '.repeat(12)}🥐🥐🥐` })
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)
    const lines = unfold(text).split('\r\n')
    expect(lines[0]).toBe('BEGIN:VCALENDAR')
    expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(1)
    expect(lines.at(-2)).toBe('END:VCALENDAR')
    for (const required of [
      'VERSION:2.0',
      'PRODID:',
      'UID:evt_1@murmur.example',
      'DTSTAMP:20261127T090000Z',
    ])
      expect(
        lines.some((line) => line.startsWith(required)),
        required,
      ).toBe(true)
  })

  test('times carry the TZID with a matching VTIMEZONE; UTC events use Z', () => {
    const lines = unfold(calendar()).split('\r\n')
    expect(lines).toContain('DTSTART;TZID=Europe/Paris:20261205T180000')
    expect(lines).toContain('DTEND;TZID=Europe/Paris:20261205T200000')
    expect(lines).toContain('TZID:Europe/Paris')
    expect(lines).toContain('TZOFFSETTO:+0100')
    const utc = unfold(calendar({ timeZone: 'UTC' })).split('\r\n')
    expect(utc).toContain('DTSTART:20261205T170000Z')
    expect(utc.some((line) => line.startsWith('BEGIN:VTIMEZONE'))).toBe(false)
  })

  test('TEXT values are escaped, and read back exactly', () => {
    const lines = unfold(calendar()).split('\r\n')
    const description = lines.find((line) => line.startsWith('DESCRIPTION:')) ?? ''
    expect(description).toContain('Five breads\\; bring friends\\, and an appetite.\\nFree.')
    expect(lines).toContain('LOCATION:Corner Bakery\\, 12 Rue Cler\\, 75007 Paris\\, FR')
    expect(lines).toContain('ORGANIZER;CN="Corner Bakery":mailto:hello@cornerbakery.example')
    expect(lines).toContain('SEQUENCE:3')
    expect(lines).toContain('STATUS:CONFIRMED')
    expect(unfold(calendar({ status: 'cancelled' }))).toContain('STATUS:CANCELLED')
  })

  test('escaping and folding round-trip any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const clean = stripControls(text.replace(/\r\n?/g, '\n'), '\n')
        const line = `SUMMARY:${escapeText(text)}`
        const folded = foldLine(line)
        for (const part of folded.split('\r\n'))
          expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75)
        expect(unfold(folded)).toBe(line)
        expect(unescapeText(line.slice('SUMMARY:'.length))).toBe(clean)
        expect(line).not.toMatch(/[\r\n]/)
      }),
      { numRuns: 300 },
    )
  })
})

describe('VTIMEZONE from Intl', () => {
  test('Paris in winter: the observance that began in October, +0200 to +0100', () => {
    const start = Date.UTC(2026, 11, 5, 17)
    const [first, ...rest] = observancesFor('Europe/Paris', start, start + 7200_000)
    expect(rest).toEqual([])
    expect(first).toMatchObject({ kind: 'STANDARD', from: 7_200_000, to: 3_600_000 })
    expect(first?.at).toBe(Date.UTC(2026, 9, 25, 1))
    expect(vtimezoneLines('Europe/Paris', start, start)).toContain('DTSTART:20261025T030000')
  })

  test('an event across the spring change lists both observances', () => {
    const start = Date.UTC(2027, 2, 27, 12)
    const lines = vtimezoneLines('Europe/Paris', start, start + 2 * 86_400_000)
    expect(lines).toContain('BEGIN:DAYLIGHT')
    expect(lines).toContain('DTSTART:20270328T020000')
    expect(lines).toContain('TZOFFSETFROM:+0100')
    expect(lines).toContain('TZOFFSETTO:+0200')
  })

  test('a zone without changes has one fixed observance; half-hour zones are exact', () => {
    const start = Date.UTC(2026, 5, 1)
    expect(vtimezoneLines('Asia/Tokyo', start, start)).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:Asia/Tokyo',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0900',
      'TZOFFSETTO:+0900',
      'END:STANDARD',
      'END:VTIMEZONE',
    ])
    expect(vtimezoneLines('Asia/Kolkata', start, start)).toContain('TZOFFSETTO:+0530')
    const south = vtimezoneLines('Australia/Sydney', Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 1))
    expect(south).toContain('BEGIN:DAYLIGHT')
    expect(south).toContain('TZOFFSETTO:+1100')
  })
})
