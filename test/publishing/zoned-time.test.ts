import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { addDays, describeInstant, instantOf, localTimeOf } from '../../src/core/zoned-time.js'

const ZONES = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC']

describe('wall-clock time in a zone', () => {
  test('a local time reads back as itself, whatever the zone and date', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        (zone, instant) => {
          const minute = instant - (instant % 60_000)
          const local = localTimeOf(minute, zone)
          const back = instantOf(local, zone)
          // Twice-lived local times (autumn) come back as their first instant.
          expect(localTimeOf(back, zone)).toEqual(local)
          expect(back).toBeLessThanOrEqual(minute)
          expect(minute - back).toBeLessThanOrEqual(3_600_000)
        },
      ),
      { numRuns: 500 },
    )
  })

  test('daylight-saving changes in Paris: the gap moves forward, the overlap takes the first', () => {
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist.
    expect(
      new Date(
        instantOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Paris'),
      ).toISOString(),
    ).toBe('2026-03-29T01:30:00.000Z')
    // 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
    expect(
      new Date(
        instantOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Paris'),
      ).toISOString(),
    ).toBe('2026-10-25T00:30:00.000Z')
    expect(
      new Date(
        instantOf({ year: 2026, month: 10, day: 26, hour: 9, minute: 30 }, 'Europe/Paris'),
      ).toISOString(),
    ).toBe('2026-10-26T08:30:00.000Z')
    expect(
      new Date(
        instantOf({ year: 2026, month: 10, day: 23, hour: 9, minute: 30 }, 'Europe/Paris'),
      ).toISOString(),
    ).toBe('2026-10-23T07:30:00.000Z')
  })

  test('calendar days and weekdays, and times for people', () => {
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({
      year: 2027,
      month: 1,
      day: 1,
      weekday: 5,
    })
    expect(localTimeOf(Date.UTC(2026, 10, 30, 8, 30), 'Europe/Paris').weekday).toBe(1)
    expect(describeInstant(Date.UTC(2026, 11, 1, 8, 30), 'Europe/Paris')).toBe(
      'Tue, 1 Dec 2026, 09:30 (Europe/Paris)',
    )
  })
})
