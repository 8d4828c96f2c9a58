import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { ATTRIBUTION_MODELS, attributionCredits, touchpointsFor } from './attribution.js'
import { DAY_MS } from './visitor.js'

describe('attribution', () => {
  const at = 100 * DAY_MS
  const times = [at - 14 * DAY_MS, at - 7 * DAY_MS, at - 3 * DAY_MS, at]

  test('the five models on four touchpoints', () => {
    expect(attributionCredits(times, at, 'last_touch')).toEqual([0, 0, 0, 1])
    expect(attributionCredits(times, at, 'first_touch')).toEqual([1, 0, 0, 0])
    expect(attributionCredits(times, at, 'linear')).toEqual([0.25, 0.25, 0.25, 0.25])
    expect(attributionCredits(times, at, 'position_based')).toEqual([0.4, 0.1, 0.1, 0.4])
    const decay = attributionCredits(times, at, 'time_decay')
    // a week older is worth half
    expect((decay[0] ?? 0) / (decay[1] ?? 1)).toBeCloseTo(0.5)
    expect((decay[1] ?? 0) / (decay[3] ?? 1)).toBeCloseTo(0.5)
  })

  test('one touchpoint takes all; two split 50/50 under position based', () => {
    for (const model of ATTRIBUTION_MODELS) expect(attributionCredits([at], at, model)).toEqual([1])
    expect(attributionCredits([at - 1, at], at, 'position_based')).toEqual([0.5, 0.5])
  })

  test('touchpoints: inside the lookback, before the conversion, once each, oldest first', () => {
    const points = touchpointsFor(
      [
        { clickId: 'late', at: at + 1 },
        { clickId: 'b', at: at - DAY_MS },
        { clickId: 'old', at: at - 31 * DAY_MS },
        { clickId: 'a', at: at - 2 * DAY_MS },
        { clickId: 'b', at: at - DAY_MS },
      ],
      at,
    )
    expect(points.map((p) => p.clickId)).toEqual(['a', 'b'])
  })

  test('property: credits are non-negative and add up to 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 * DAY_MS }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...ATTRIBUTION_MODELS),
        (offsets, model) => {
          const sorted = offsets.map((o) => at - o).sort((a, b) => a - b)
          const credits = attributionCredits(sorted, at, model)
          expect(credits).toHaveLength(sorted.length)
          expect(credits.every((c) => c >= 0)).toBe(true)
          expect(credits.reduce((s, c) => s + c, 0)).toBeCloseTo(1, 9)
        },
      ),
    )
  })
})
