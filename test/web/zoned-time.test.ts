import { describe, expect, test } from 'vitest'
import {
  addDays,
  addMonths,
  dayKeyOf,
  instantAt,
  startOfDayInstant,
  startOfWeek,
  timeOfDay,
  weekdayOf,
  zoneLabel,
} from '../../web/src/lib/zoned-time.js'

describe('wall-clock time in the workspace zone (web/src/lib/zoned-time.ts)', () => {
  test('a time in Paris is the instant Paris means, in winter and in summer', () => {
    expect(new Date(instantAt('2026-12-01', '09:30', 'Europe/Paris')).toISOString()).toBe(
      '2026-12-01T08:30:00.000Z',
    )
    expect(new Date(instantAt('2026-07-01', '09:30', 'Europe/Paris')).toISOString()).toBe(
      '2026-07-01T07:30:00.000Z',
    )
    expect(new Date(instantAt('2026-12-01', '09:30', 'Asia/Tokyo')).toISOString()).toBe(
      '2026-12-01T00:30:00.000Z',
    )
  })

  test('days and times read back in the zone, whatever the browser zone is', () => {
    const instant = Date.parse('2026-12-01T23:30:00Z')
    expect(dayKeyOf(instant, 'UTC')).toBe('2026-12-01')
    expect(dayKeyOf(instant, 'Europe/Paris')).toBe('2026-12-02')
    expect(timeOfDay(instant, 'Europe/Paris')).toBe('00:30')
    expect(dayKeyOf(instant, 'America/New_York')).toBe('2026-12-01')
  })

  test('a day starts at local midnight, also on the days clocks change', () => {
    expect(new Date(startOfDayInstant('2026-03-29', 'Europe/Paris')).toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    )
    expect(new Date(startOfDayInstant('2026-03-30', 'Europe/Paris')).toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    )
    // 02:30 does not exist that night in Paris: the later reading (03:30 CEST) is taken.
    expect(new Date(instantAt('2026-03-29', '02:30', 'Europe/Paris')).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    )
  })

  test('calendar arithmetic on day keys crosses months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28')
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-01')
    expect(weekdayOf('2026-11-30')).toBe(0) // a Monday
    expect(startOfWeek('2026-12-06')).toBe('2026-11-30')
  })

  test('the zone is named with its offset', () => {
    expect(zoneLabel('Europe/Paris', Date.parse('2026-12-01T00:00:00Z'))).toBe(
      'Europe/Paris (GMT+1)',
    )
    expect(zoneLabel('America/New_York', Date.parse('2026-07-01T00:00:00Z'))).toBe(
      'America/New York (GMT-4)',
    )
    expect(zoneLabel('UTC')).toBe('UTC')
  })
})
