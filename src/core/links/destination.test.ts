import { describe, expect, test } from 'vitest'
import type { MurmurError } from '../errors.js'
import { parseDestination } from './destination.js'

const rejected = (input: string, own?: string) => {
  try {
    parseDestination(input, own)
  } catch (error) {
    expect((error as MurmurError).code).toBe('validation_failed')
    expect((error as MurmurError).details).toEqual([
      { path: 'destination', message: (error as MurmurError).message },
    ])
    return (error as MurmurError).message
  }
  throw new Error(`accepted ${input}`)
}

describe('destinations', () => {
  test('http(s) addresses are kept, normalised', () => {
    expect(parseDestination('https://Cornerbakery.example/Menu?a=1#top')).toBe(
      'https://cornerbakery.example/Menu?a=1#top',
    )
    expect(parseDestination(' http://example.com ')).toBe('http://example.com/')
    expect(parseDestination('http://localhost:3000/x')).toBe('http://localhost:3000/x')
  })

  test('a bare domain is read as https', () => {
    expect(parseDestination('cornerbakery.example/menu')).toBe('https://cornerbakery.example/menu')
    expect(parseDestination('shop.example:8443/cart')).toBe('https://shop.example:8443/cart')
  })

  test('everything else is refused in plain words', () => {
    expect(rejected('')).toMatch(/Enter the address/)
    expect(rejected('javascript:alert(1)')).toMatch(/Only http:\/\/ and https:\/\//)
    expect(rejected('ftp://files.example/x')).toMatch(/not ftp:/)
    expect(rejected('data:text/html,hi')).toMatch(/not data:/)
    expect(rejected('https://user:secret@example.com/')).toMatch(/password/)
    expect(rejected('https://intranet/')).toMatch(/not a full domain name/)
    expect(rejected('http://exa mple.com')).toMatch(/is not a web address/)
    expect(rejected(`https://example.com/${'x'.repeat(2100)}`)).toMatch(/limit is 2048/)
  })

  test('a link to another tracked link of this Murmur is refused (no loops)', () => {
    expect(rejected('https://murmur.example/l/abc', 'https://murmur.example')).toMatch(
      /itself a tracked link/,
    )
    expect(parseDestination('https://murmur.example/pricing', 'https://murmur.example')).toBe(
      'https://murmur.example/pricing',
    )
  })
})
