/**
 * Wall-clock time in an IANA time zone, with nothing but Intl: instants are stored, zones are
 * only used to read and write local times (queue slots, messages). Correct across daylight-saving
 * changes: a local time that does not exist (the spring-forward gap) moves forward by the gap; a
 * local time that happens twice (fall back) means the first one.
 */
export interface LocalDateTime {
  year: number
  /** 1-12 */
  month: number
  day: number
  hour: number
  minute: number
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
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
      weekday: 'short',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }

export function localTimeOf(instant: number, timeZone: string): LocalDateTime & { second: number } {
  const parts: Record<string, string> = {}
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    parts[part.type] = part.value
  }
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
  }
}

/** Milliseconds the zone is ahead of UTC at `instant`. */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const local = localTimeOf(instant, timeZone)
  const asUtc = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
  )
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000))
}

/** The instant a local wall-clock time names in `timeZone`. */
export function instantOf(
  local: { year: number; month: number; day: number; hour: number; minute: number },
  timeZone: string,
): number {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute)
  // Try the offsets in force just before and just after; keep the earliest that reads back right.
  const candidates = [
    asUtc - zoneOffsetMs(asUtc - 86_400_000, timeZone),
    asUtc - zoneOffsetMs(asUtc + 86_400_000, timeZone),
    asUtc - zoneOffsetMs(asUtc, timeZone),
  ]
  const exact = candidates
    .filter((instant) => {
      const back = localTimeOf(instant, timeZone)
      return back.hour === local.hour && back.minute === local.minute && back.day === local.day
    })
    .sort((a, b) => a - b)
  if (exact[0] !== undefined) return exact[0]
  // In the gap: the same distance after the gap's start, i.e. the later offset applied.
  return Math.max(...candidates)
}

/** The calendar date `days` after a local date (no zone involved: plain date arithmetic). */
export function addDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number; weekday: number } {
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  const weekday = utc.getUTCDay() === 0 ? 7 : utc.getUTCDay()
  return {
    year: utc.getUTCFullYear(),
    month: utc.getUTCMonth() + 1,
    day: utc.getUTCDate(),
    weekday,
  }
}

/** "Tue 1 Dec 2026, 09:30 (Europe/Paris)": for messages people read. */
export function describeInstant(instant: number, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant))
  return `${text} (${timeZone})`
}
