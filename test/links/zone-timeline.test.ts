import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { addDaysToDate, ZoneTimeline } from '../../src/core/zone-timeline.js'
import { instantOf, localTimeOf } from '../../src/core/zoned-time.js'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
// Clock changes forward and back, half-hour offsets and changes, a zone that skipped a date.
const ZONES = [
  'Europe/Paris',
  'America/New_York',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Apia',
  'UTC',
]
const iso = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`

describe('ZoneTimeline: local dates by arithmetic agree with Intl', () => {
  test('the local date of every hour and the start of every local date in a period', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        // Hours between 2010 and 2030, periods up to 120 days.
        fc.integer({ min: 350_640, max: 525_960 }),
        fc.integer({ min: 1, max: 120 }),
        (zone, startHour, days) => {
          const from = startHour * HOUR_MS
          const to = from + days * DAY_MS
          const timeline = new ZoneTimeline(zone, from, to)
          for (let hour = from; hour < to; hour += HOUR_MS) {
            expect(timeline.localDateOf(hour)).toBe(iso(localTimeOf(hour, zone)))
          }
          let date = timeline.localDateOf(from)
          const last = timeline.localDateOf(to - 1)
          while (date <= last) {
            const [year, month, day] = date.split('-').map(Number) as [number, number, number]
            expect(timeline.startOfLocalDate(date)).toBe(
              instantOf({ year, month, day, hour: 0, minute: 0 }, zone),
            )
            date = addDaysToDate(date, 1)
          }
        },
      ),
      { numRuns: 40, seed: 20261127 },
    )
  })

  test('around known clock changes', () => {
    // Paris springs forward on 28 March 2027 and falls back on 31 October 2027.
    const paris = new ZoneTimeline('Europe/Paris', Date.UTC(2027, 2, 1), Date.UTC(2027, 11, 1))
    expect(paris.offsetAt(Date.UTC(2027, 2, 28, 0, 59))).toBe(HOUR_MS)
    expect(paris.offsetAt(Date.UTC(2027, 2, 28, 1, 0))).toBe(2 * HOUR_MS)
    expect(paris.offsetAt(Date.UTC(2027, 9, 31, 0, 59))).toBe(2 * HOUR_MS)
    expect(paris.offsetAt(Date.UTC(2027, 9, 31, 1, 0))).toBe(HOUR_MS)
    expect(paris.localDateOf(Date.UTC(2027, 9, 30, 22))).toBe('2027-10-31')
    expect(paris.startOfLocalDate('2027-10-31')).toBe(Date.UTC(2027, 9, 30, 22))
    expect(paris.startOfLocalDate('2027-11-01')).toBe(Date.UTC(2027, 9, 31, 23))
  })
})
