import { RichText } from '@atproto/api'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countGraphemes, countUtf8Bytes } from './text-length.js'

/** Text as people type it: every script, emoji with skin tones and ZWJ, combining accents. */
const anyText = fc.string({ unit: 'grapheme', maxLength: 60 })

describe('countGraphemes', () => {
  it('counts what people see as one character once', () => {
    expect(countGraphemes('')).toBe(0)
    expect(countGraphemes('café')).toBe(4)
    expect(countGraphemes('cafe\u0301')).toBe(4)
    expect(countGraphemes('👨‍👩‍👧‍👦')).toBe(1)
    expect(countGraphemes('👍🏽')).toBe(1)
    expect(countGraphemes('🇫🇷🇯🇵')).toBe(2)
    expect(countGraphemes('日本語')).toBe(3)
  })

  it("agrees with the AT Protocol library's count (what the PDS enforces)", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(countGraphemes(text)).toBe(new RichText({ text }).graphemeLength)
      }),
    )
  })

  it('adds up over grapheme-aligned pieces and never exceeds the UTF-16 length', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 5 })),
        (pieces) => {
          // A space between pieces keeps them from merging (a flag next to a flag, e + accent).
          const text = pieces.join(' ')
          const expected = pieces.reduce((sum, piece) => sum + countGraphemes(piece), 0)
          expect(countGraphemes(text)).toBe(expected + Math.max(0, pieces.length - 1))
          expect(countGraphemes(text)).toBeLessThanOrEqual(text.length)
        },
      ),
    )
  })
})

describe('countUtf8Bytes', () => {
  it('counts UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(countUtf8Bytes(text)).toBe(Buffer.byteLength(text, 'utf8'))
      }),
    )
    expect(countUtf8Bytes('é')).toBe(2)
    expect(countUtf8Bytes('🚀')).toBe(4)
  })
})
