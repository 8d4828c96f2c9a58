import { localTimeOf } from '../zoned-time.js'

/** The calendar day of `instant` in `timeZone`, as YYYY-MM-DD. */
export function localDay(instant: number, timeZone: string): string {
  const local = localTimeOf(instant, timeZone)
  return dayKey(local.year, local.month, local.day)
}

function dayKey(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** `day` moved by `count` calendar days. */
export function shiftDay(day: string, count: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  const moved = new Date(Date.UTC(year, month - 1, date + count))
  return dayKey(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate())
}

/** Every day from `first` to `last`, inclusive (at most `limit`). */
export function daysBetween(first: string, last: string, limit = 4000): string[] {
  const days: string[] = []
  for (let day = first; day <= last && days.length < limit; day = shiftDay(day, 1)) days.push(day)
  return days
}

/** The Monday starting the ISO week of `day`. */
export function weekOf(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  const weekday = (new Date(Date.UTC(year, month - 1, date)).getUTCDay() + 6) % 7
  return shiftDay(day, -weekday)
}
