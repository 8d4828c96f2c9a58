import { addDays, instantOf, localTimeOf } from '../zoned-time.js'

/**
 * When a workspace's digest goes out and which period it covers, in the workspace's time zone.
 * Weekly: on an ISO weekday (1 Monday … 7 Sunday) at HH:MM, covering the 7 full days before that
 * day. Monthly: on a day of the month (1-28, so every month has it) at HH:MM, covering the
 * previous calendar month. Pure: no clock, no database.
 */
export type DigestFrequency = 'weekly' | 'monthly'

export interface DigestSchedule {
  frequency: DigestFrequency
  day: number
  /** `HH:MM`, 24-hour. */
  time: string
}

export interface DigestPeriod {
  from: number
  to: number
  /** Names the period for exactly-once sending, e.g. `weekly:2027-03-01`, `monthly:2027-02`. */
  key: string
  /** First and last local day, e.g. `2027-03-01` and `2027-03-07`. */
  firstDay: string
  lastDay: string
}

export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/

type LocalDate = { year: number; month: number; day: number }

const pad = (n: number) => String(n).padStart(2, '0')
const dateText = (d: LocalDate) => `${d.year}-${pad(d.month)}-${pad(d.day)}`

function matches(schedule: DigestSchedule, date: LocalDate & { weekday: number }): boolean {
  return schedule.frequency === 'weekly' ? date.weekday === schedule.day : date.day === schedule.day
}

function at(schedule: DigestSchedule, date: LocalDate, timeZone: string): number {
  const [hour, minute] = schedule.time.split(':').map(Number)
  return instantOf({ ...date, hour: hour ?? 0, minute: minute ?? 0 }, timeZone)
}

/** The first send time strictly after `after`. */
export function nextDigestAt(schedule: DigestSchedule, timeZone: string, after: number): number {
  const today = localTimeOf(after, timeZone)
  for (let offset = 0; offset <= 62; offset++) {
    const date = addDays(today, offset)
    if (!matches(schedule, date)) continue
    const instant = at(schedule, date, timeZone)
    if (instant > after) return instant
  }
  throw new Error(`no digest time within 62 days for ${JSON.stringify(schedule)}`)
}

/** The period a digest made on the local day of `sendAt` reports on. */
export function digestPeriod(
  schedule: Pick<DigestSchedule, 'frequency'>,
  timeZone: string,
  sendAt: number,
): DigestPeriod {
  const today = localTimeOf(sendAt, timeZone)
  const midnight = (d: LocalDate) => instantOf({ ...d, hour: 0, minute: 0 }, timeZone)
  if (schedule.frequency === 'weekly') {
    const first = addDays(today, -7)
    const last = addDays(today, -1)
    return {
      from: midnight(first),
      to: midnight(today),
      key: `weekly:${dateText(first)}`,
      firstDay: dateText(first),
      lastDay: dateText(last),
    }
  }
  const thisMonth = { year: today.year, month: today.month, day: 1 }
  const previousMonth =
    today.month === 1
      ? { year: today.year - 1, month: 12, day: 1 }
      : { year: today.year, month: today.month - 1, day: 1 }
  return {
    from: midnight(previousMonth),
    to: midnight(thisMonth),
    key: `monthly:${previousMonth.year}-${pad(previousMonth.month)}`,
    firstDay: dateText(previousMonth),
    lastDay: dateText(addDays(thisMonth, -1)),
  }
}
