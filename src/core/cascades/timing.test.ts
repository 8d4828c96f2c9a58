import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { withoutNodes } from './filters.js'
import { chain, star } from './reference.js'
import { selectInPlace, timeToReach } from './timing.js'
import { treeFromParents } from './tree.js'

const MINUTE = 60_000

describe('time to reach 10, 100 and 1,000 people', () => {
  test('counts people after the original post, from the post time', () => {
    // Root at t0; person k (k = 1..1500) arrives k minutes later, listed in reverse.
    const t0 = Date.UTC(2026, 0, 1)
    const n = 1501
    const times = Array.from({ length: n }, (_, i) => (i === 0 ? t0 : t0 + (n - i) * MINUTE))
    expect(timeToReach(treeFromParents(star(n)), times)).toEqual([
      { people: 10, afterMs: 10 * MINUTE },
      { people: 100, afterMs: 100 * MINUTE },
      { people: 1000, afterMs: 1000 * MINUTE },
    ])
  })

  test('milestones not reached, unknown times and an unknown root time', () => {
    const tree = treeFromParents(chain(12))
    const times = Array.from({ length: 12 }, (_, i) => i * MINUTE)
    times[5] = Number.NaN // one person without a time: 10 people with times remain
    expect(timeToReach(tree, times, [10, 11, 100])).toEqual([
      { people: 10, afterMs: 11 * MINUTE },
      { people: 11, afterMs: null },
      { people: 100, afterMs: null },
    ])
    expect(timeToReach(tree, [Number.NaN, ...times.slice(1)])).toEqual([
      { people: 10, afterMs: null },
      { people: 100, afterMs: null },
      { people: 1000, afterMs: null },
    ])
    expect(timeToReach(treeFromParents([-1]), [0])[0]).toEqual({ people: 10, afterMs: null })
  })

  test('people left out of the tree do not count', () => {
    const n = 21
    const times = Array.from({ length: n }, (_, i) => i * MINUTE)
    const tree = withoutNodes(treeFromParents(star(n)), [1, 2, 3]) // the first three arrivals
    expect(timeToReach(tree, times, [10, 17, 18])).toEqual([
      { people: 10, afterMs: 13 * MINUTE },
      { people: 17, afterMs: 20 * MINUTE },
      { people: 18, afterMs: null },
    ])
  })

  test('selection finds the k-th smallest, as sorting would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        (values, pick) => {
          const k = pick % values.length
          const sorted = [...values].sort((a, b) => a - b)
          expect(selectInPlace(Float64Array.from(values), k, 0, values.length - 1)).toBe(sorted[k])
        },
      ),
    )
  })

  test('matches sorting on random times, several milestones at once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 300 }),
        (offsets) => {
          const n = offsets.length
          const times = offsets.map((x, i) => (i === 0 ? 0 : x))
          const sorted = times.slice(1).sort((a, b) => a - b)
          const milestones = [1, 3, 10, 50, 100, 250]
          expect(timeToReach(treeFromParents(star(n)), times, milestones)).toEqual(
            milestones.map((k) => ({ people: k, afterMs: k <= n - 1 ? sorted[k - 1] : null })),
          )
        },
      ),
    )
  })
})
