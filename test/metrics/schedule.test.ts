import { describe, expect, test } from 'vitest'
import {
  METRIC_CHECKPOINTS_MS,
  nextMetricFetchAt,
  readingsDueBy,
  TRACKING_WINDOW_MS,
} from '../../src/core/metrics/schedule.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const published = Date.UTC(2027, 2, 1, 9)

describe('metrics schedule', () => {
  test('reads often in the first hours, daily to 30 days, weekly to 90 days, then stops', () => {
    expect(METRIC_CHECKPOINTS_MS.slice(0, 8)).toEqual([
      15 * MINUTE,
      30 * MINUTE,
      HOUR,
      2 * HOUR,
      4 * HOUR,
      8 * HOUR,
      12 * HOUR,
      DAY,
    ])
    expect(METRIC_CHECKPOINTS_MS.filter((at) => at > DAY && at <= 30 * DAY)).toHaveLength(29)
    const weekly = METRIC_CHECKPOINTS_MS.filter((at) => at > 30 * DAY)
    expect(weekly[0]).toBe(37 * DAY)
    expect(weekly.at(-1)).toBe(TRACKING_WINDOW_MS)
    expect(weekly.every((at, i) => i === 0 || at - (weekly[i - 1] as number) <= 7 * DAY)).toBe(true)
  })

  test('the next reading is the first checkpoint after the last one done; none after 90 days', () => {
    expect(nextMetricFetchAt(published, null)).toBe(published + 15 * MINUTE)
    expect(nextMetricFetchAt(published, published + 16 * MINUTE)).toBe(published + 30 * MINUTE)
    // Murmur was down for three days: the missed readings are not made up.
    expect(nextMetricFetchAt(published, published + 3 * DAY + HOUR)).toBe(published + 4 * DAY)
    expect(nextMetricFetchAt(published, published + 89 * DAY)).toBe(published + 90 * DAY)
    expect(nextMetricFetchAt(published, published + 90 * DAY)).toBeNull()
  })

  test('counts the readings the schedule needs by a time', () => {
    expect(readingsDueBy(published, published)).toBe(0)
    expect(readingsDueBy(published, published + DAY)).toBe(8)
    expect(readingsDueBy(published, published + 365 * DAY)).toBe(METRIC_CHECKPOINTS_MS.length)
  })
})
