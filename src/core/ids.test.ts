import { expect, test } from 'vitest'
import { newId } from './ids.js'

test('ids made in the same millisecond sort in the order they were made', () => {
  const ids = Array.from({ length: 500 }, () => newId('x', 1_700_000_000_000))
  expect([...ids].sort()).toEqual(ids)
  expect(new Set(ids).size).toBe(500)
})

test('ids sort by their time first', () => {
  const later = newId('x', 1_700_000_000_001)
  const earlier = newId('x', 1_700_000_000_000)
  expect(earlier < later).toBe(true)
  expect(later).toMatch(/^x_[0-9a-z]{26}$/)
})
