import { describe, expect, test } from 'vitest'
import { digestPeriod, nextDigestAt } from './schedule.js'

const PARIS = 'Europe/Paris'

describe('digest schedule', () => {
  test('weekly: the next Monday 09:00 in the zone, and the 7 days before it', () => {
    // Wed 3 March 2027, 12:00 UTC.
    const next = nextDigestAt(
      { frequency: 'weekly', day: 1, time: '09:00' },
      PARIS,
      Date.UTC(2027, 2, 3, 12),
    )
    expect(new Date(next).toISOString()).toBe('2027-03-08T08:00:00.000Z')
    const period = digestPeriod({ frequency: 'weekly' }, PARIS, next)
    expect(period.key).toBe('weekly:2027-03-01')
    expect([period.firstDay, period.lastDay]).toEqual(['2027-03-01', '2027-03-07'])
    expect(new Date(period.from).toISOString()).toBe('2027-02-28T23:00:00.000Z')
    expect(new Date(period.to).toISOString()).toBe('2027-03-07T23:00:00.000Z')
  })

  test('at the send time exactly, the next one is a week later', () => {
    const at = Date.UTC(2027, 2, 8, 8)
    const next = nextDigestAt({ frequency: 'weekly', day: 1, time: '09:00' }, PARIS, at)
    expect(next).toBe(at + 7 * 86_400_000)
  })

  test('across the spring change the local time holds (08:00 UTC becomes 07:00 UTC)', () => {
    const next = nextDigestAt(
      { frequency: 'weekly', day: 1, time: '09:00' },
      PARIS,
      Date.UTC(2027, 2, 24),
    )
    expect(new Date(next).toISOString()).toBe('2027-03-29T07:00:00.000Z')
    const period = digestPeriod({ frequency: 'weekly' }, PARIS, next)
    // The week holds a 23-hour day.
    expect(period.to - period.from).toBe(7 * 86_400_000 - 3_600_000)
  })

  test('monthly: the day of the month, covering the previous calendar month (January → December)', () => {
    const next = nextDigestAt(
      { frequency: 'monthly', day: 2, time: '07:30' },
      PARIS,
      Date.UTC(2027, 0, 2, 7),
    )
    expect(new Date(next).toISOString()).toBe('2027-02-02T06:30:00.000Z')
    const january = digestPeriod({ frequency: 'monthly' }, PARIS, Date.UTC(2027, 0, 2, 7))
    expect(january.key).toBe('monthly:2026-12')
    expect([january.firstDay, january.lastDay]).toEqual(['2026-12-01', '2026-12-31'])
  })
})
