import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nextTid } from './bluesky-tid.js'

/** The TID syntax from the AT Protocol spec. */
const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/

describe('nextTid', () => {
  it('makes valid, strictly increasing record keys, even within one millisecond', () => {
    const now = Date.now()
    const keys = Array.from({ length: 50 }, () => nextTid(now))
    for (const key of keys) expect(key).toMatch(TID)
    expect([...keys].sort()).toEqual(keys)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('sorts like time for any moment up to year 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_600_000_000_000, max: 7_258_118_400_000 }), (moment) => {
        expect(nextTid(moment)).toMatch(TID)
      }),
    )
  })
})
