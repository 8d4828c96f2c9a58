import { zoneOffsetMs } from './zoned-time.js'

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000
/** How often the zone is read while looking for clock changes. */
const PROBE_MS = 7 * DAY_MS

/**
 * A time zone's UTC offsets over a period, found with a few dozen Intl reads
 * (one a week, and a binary search to the minute around each clock change)
 * instead of one per hour: turning thousands of hours into local dates is
 * then plain arithmetic. Assumes a zone never changes its offset and back
 * within one week, which no zone has done in recorded history of the IANA
 * database for the periods a dashboard shows.
 */
export class ZoneTimeline {
  /** Offset in force from `start` on, in time order; the first one also holds before. */
  readonly #changes: Array<{ start: number; offset: number }>

  constructor(
    readonly timeZone: string,
    from: number,
    to: number,
  ) {
    // Margins of two days, so the local midnights around the period are covered too.
    const first = from - 2 * DAY_MS
    const last = to + 2 * DAY_MS
    this.#changes = [{ start: first, offset: zoneOffsetMs(first, timeZone) }]
    let before = first
    let offsetBefore = this.#changes[0]?.offset ?? 0
    while (before < last) {
      const probe = Math.min(before + PROBE_MS, last)
      const offset = zoneOffsetMs(probe, timeZone)
      // One or more changes in (before, probe]: find each, earliest first.
      while (offset !== offsetBefore) {
        let low = before
        let high = probe
        while (high - low > MINUTE_MS) {
          const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS
          if (zoneOffsetMs(middle, timeZone) === offsetBefore) low = middle
          else high = middle
        }
        const changed = zoneOffsetMs(high, timeZone)
        this.#changes.push({ start: high, offset: changed })
        before = high
        offsetBefore = changed
      }
      before = probe
    }
  }

  /** Milliseconds the zone is ahead of UTC at `instant` (within the period and its margins). */
  offsetAt(instant: number): number {
    const changes = this.#changes
    let found = changes[0]?.offset ?? 0
    // Few changes (two a year at most): a scan from the end is fastest.
    for (let i = changes.length - 1; i >= 0; i--) {
      const change = changes[i] as { start: number; offset: number }
      if (change.start <= instant) {
        found = change.offset
        break
      }
    }
    return found
  }

  /** Date strings by local day number: rows of one day share one string, made once. */
  readonly #dates = new Map<number, string>()

  /** The local calendar date of an instant, as YYYY-MM-DD. */
  localDateOf(instant: number): string {
    const local = instant + this.offsetAt(instant)
    const dayNumber = Math.floor(local / DAY_MS)
    let date = this.#dates.get(dayNumber)
    if (date === undefined) {
      date = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10)
      this.#dates.set(dayNumber, date)
    }
    return date
  }

  /**
   * The instant a local date (YYYY-MM-DD) starts: its midnight, or when a clock change skips
   * midnight, the first instant of that date. Same rule as instantOf (zoned-time.ts).
   */
  startOfLocalDate(date: string): number {
    const asUtc = Date.parse(`${date}T00:00:00Z`)
    const candidates = [
      asUtc - this.offsetAt(asUtc - DAY_MS),
      asUtc - this.offsetAt(asUtc + DAY_MS),
      asUtc - this.offsetAt(asUtc),
    ]
    const exact = candidates.filter((instant) => instant + this.offsetAt(instant) === asUtc)
    if (exact.length > 0) return Math.min(...exact)
    return Math.max(...candidates)
  }
}

/** The date `days` after a YYYY-MM-DD date. */
export function addDaysToDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}
