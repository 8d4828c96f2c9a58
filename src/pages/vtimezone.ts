import { zoneOffsetMs } from '../core/zoned-time.js'

/**
 * An RFC 5545 VTIMEZONE for an IANA zone, computed from Intl alone: the observance in force at
 * the event's start, and every offset change up to its end, each as a one-off onset (no RRULE,
 * which the RFC allows). Calendar apps then show the event at the same wall-clock time the
 * business chose, even across a daylight-saving change, without any time zone database here.
 */
const DAY_MS = 86_400_000
const MINUTE_MS = 60_000
/** How far back to look for the change that started the observance in force. */
const LOOKBACK_DAYS = 366

export interface Observance {
  kind: 'STANDARD' | 'DAYLIGHT'
  /** First instant with the new offset; null for a zone that has not changed within a year. */
  at: number | null
  from: number
  to: number
}

/** The first instant in (low, high] whose offset differs from low's (they are known to differ). */
function changeBetween(low: number, high: number, timeZone: string): number {
  const before = zoneOffsetMs(low, timeZone)
  let lo = low
  let hi = high
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS
    if (zoneOffsetMs(mid, timeZone) === before) lo = mid
    else hi = mid
  }
  return hi
}

function observance(at: number, timeZone: string): Observance {
  const from = zoneOffsetMs(at - MINUTE_MS, timeZone)
  const to = zoneOffsetMs(at, timeZone)
  return { kind: to > from ? 'DAYLIGHT' : 'STANDARD', at, from, to }
}

/** Observances covering [start, end] in `timeZone`. */
export function observancesFor(timeZone: string, start: number, end: number): Observance[] {
  const startOffset = zoneOffsetMs(start, timeZone)
  let first: Observance | null = null
  for (let day = 1; day <= LOOKBACK_DAYS && !first; day++) {
    const earlier = start - day * DAY_MS
    if (zoneOffsetMs(earlier, timeZone) !== startOffset) {
      first = observance(changeBetween(earlier, earlier + DAY_MS, timeZone), timeZone)
    }
  }
  const result: Observance[] = [
    first ?? { kind: 'STANDARD', at: null, from: startOffset, to: startOffset },
  ]
  const last = Math.min(end, start + 2 * 366 * DAY_MS)
  for (let low = start; low < last; low += DAY_MS) {
    const high = Math.min(low + DAY_MS, last)
    if (zoneOffsetMs(low, timeZone) !== zoneOffsetMs(high, timeZone)) {
      result.push(observance(changeBetween(low, high, timeZone), timeZone))
    }
  }
  return result
}

/** ±HHMM (±HHMMSS when the offset has seconds, as some historical zones do). */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+'
  const total = Math.round(Math.abs(offsetMs) / 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  const seconds = total % 60
  return `${sign}${pad(Math.floor(total / 3600))}${pad(Math.floor(total / 60) % 60)}${seconds ? pad(seconds) : ''}`
}

/** YYYYMMDDTHHMMSS of the UTC fields of `ms` (callers shift by an offset first for local time). */
export function basicDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15)
}

/** The VTIMEZONE lines (unfolded) for an event from `start` to `end`. */
export function vtimezoneLines(timeZone: string, start: number, end: number): string[] {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`]
  for (const item of observancesFor(timeZone, start, end)) {
    // DTSTART of an observance is the local time of the onset, read with the old offset.
    const onset = item.at === null ? '19700101T000000' : basicDateTime(item.at + item.from)
    lines.push(
      `BEGIN:${item.kind}`,
      `DTSTART:${onset}`,
      `TZOFFSETFROM:${formatOffset(item.from)}`,
      `TZOFFSETTO:${formatOffset(item.to)}`,
      `END:${item.kind}`,
    )
  }
  lines.push('END:VTIMEZONE')
  return lines
}
