import { describe, expect, test } from 'vitest'
import { BoundedCache } from '../../src/links/bounded-cache.js'

describe('BoundedCache', () => {
  test('keeps the keys read since they were stored, and drops the oldest unread one', () => {
    const cache = new BoundedCache<number>(3, 60_000, () => 0)
    cache.set('a', 1)
    cache.set('b', 2)
    cache.set('c', 3)
    expect(cache.get('a')).toBe(1) // a was read: it gets a second chance
    cache.set('d', 4)
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([
      1,
      undefined,
      3,
      4,
    ])
    expect(cache.size).toBe(3)
    // Every entry read: the oldest mark is cleared first, and one entry still goes.
    cache.set('e', 5)
    expect(cache.size).toBe(3)
    expect(cache.get('e')).toBe(5)
  })

  test('entries expire after their time to live', () => {
    let now = 1_000
    const cache = new BoundedCache<string>(10, 100, () => now)
    cache.set('link', 'kept')
    cache.set('miss', 'short', 10)
    now += 50
    expect(cache.get('link')).toBe('kept')
    expect(cache.get('miss')).toBeUndefined()
    now += 50
    expect(cache.get('link')).toBeUndefined()
    expect(cache.size).toBe(0)
  })
})
