import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { MurmurError } from '../errors.js'
import {
  CODE_ALPHABET,
  GENERATED_CODE_LENGTH,
  generateCode,
  isPlausibleCode,
  MAX_CODE_LENGTH,
  parseBackHalf,
} from './codes.js'

const messageOf = (input: string) => {
  try {
    parseBackHalf(input)
    return 'accepted'
  } catch (error) {
    expect(error).toBeInstanceOf(MurmurError)
    expect((error as MurmurError).code).toBe('validation_failed')
    return (error as MurmurError).message
  }
}

describe('short codes', () => {
  test('generated codes use the unambiguous alphabet and pass validation', () => {
    for (let i = 0; i < 500; i++) {
      const code = generateCode()
      expect(code).toHaveLength(GENERATED_CODE_LENGTH)
      expect([...code].every((ch) => CODE_ALPHABET.includes(ch))).toBe(true)
      expect(parseBackHalf(code)).toBe(code)
      expect(code).not.toMatch(/[01ilo]/)
    }
  })

  test('custom back-halves are case-insensitive and trimmed', () => {
    expect(parseBackHalf('  Spring-Sale_2027 ')).toBe('spring-sale_2027')
  })

  test('bad back-halves get a message that says what to change', () => {
    expect(messageOf('')).toMatch(/empty/)
    expect(messageOf('a b')).toMatch(/" " is not allowed/)
    expect(messageOf('café')).toMatch(/"é" is not allowed/)
    expect(messageOf('-start')).toMatch(/start and end/)
    expect(messageOf('end_')).toMatch(/start and end/)
    expect(messageOf('x'.repeat(MAX_CODE_LENGTH + 1))).toMatch(/limit is 50/)
    expect(messageOf('../etc')).toMatch(/"\." is not allowed/)
  })

  test('property: anything accepted is canonical, plausible for the redirect, and stable', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (input) => {
        let code: string
        try {
          code = parseBackHalf(input)
        } catch (error) {
          expect((error as MurmurError).code).toBe('validation_failed')
          return
        }
        expect(code).toBe(code.toLowerCase())
        expect(code).toMatch(/^[a-z0-9_-]{1,50}$/)
        expect(isPlausibleCode(code)).toBe(true)
        expect(parseBackHalf(code)).toBe(code)
        expect(encodeURIComponent(code)).toBe(code) // safe in a URL as is
      }),
      { numRuns: 2000 },
    )
  })

  test('property: codes made of allowed characters are accepted', () => {
    const inner = fc.stringMatching(/^[a-z0-9](?:[a-z0-9_-]{0,48}[a-z0-9])?$/)
    fc.assert(
      fc.property(inner, (code) => {
        expect(parseBackHalf(code.toUpperCase())).toBe(code)
      }),
    )
  })
})
