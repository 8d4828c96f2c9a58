/**
 * Property tests of the counters the composer shows: for random text with URLs, emoji, CJK and
 * mentions, X's counter agrees with twitter-text's own parseTweet and with X's documented weights,
 * and Mastodon's counter agrees with its validator's rules.
 */
import fc from 'fast-check'
import twitterText from 'twitter-text'
import { describe, expect, it } from 'vitest'
import { countMastodonText } from '../../src/networks/mastodon/index.js'
import { countGraphemes } from '../../src/networks/shared/text-length.js'
import { countXText } from '../../src/networks/x/index.js'

const RUNS = { numRuns: 300 }

/** A piece of text and what each network documents it costs. */
interface Token {
  text: string
  /** X: Latin 1 per character, CJK and each emoji 2, a URL 23, a mention its length. */
  x: number
  /** Mastodon: graphemes, a URL 23, a remote mention only `@user`. */
  mastodon: number
}

const latinWord = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éàüß'),
    minLength: 1,
    maxLength: 12,
  })
  .map((word): Token => ({ text: word, x: word.length, mastodon: word.length }))

const cjk = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0x4e00, max: 0x9fff }),
      fc.integer({ min: 0x3041, max: 0x3096 }),
      fc.integer({ min: 0xac00, max: 0xd7a3 }),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map(
    (codes): Token => ({
      text: String.fromCodePoint(...codes),
      x: 2 * codes.length,
      mastodon: codes.length,
    }),
  )

/** Emoji twitter-text's bundled emoji list (twemoji-parser 11) knows; newer sequences: below. */
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🇫🇷', '🏳️‍🌈', '🥖', '✨', '🫠']
const emoji = fc
  .array(fc.constantFrom(...EMOJI), { minLength: 1, maxLength: 4 })
  .map((list): Token => ({ text: list.join(''), x: 2 * list.length, mastodon: list.length }))

const url = fc
  .tuple(
    fc.constantFrom('https://', 'http://'),
    fc.constantFrom('bakery.com', 'example.org', 'shop.co.uk', 'murmur.social'),
    fc.string({ unit: fc.constantFrom(...'abcdefghij0123456789-_'), maxLength: 80 }),
  )
  .map(([scheme, host, path]): Token => ({ text: `${scheme}${host}/${path}`, x: 23, mastodon: 23 }))

const handle = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_'),
  minLength: 1,
  maxLength: 15,
})

const localMention = handle.map(
  (name): Token => ({ text: `@${name}`, x: name.length + 1, mastodon: name.length + 1 }),
)

const remoteMention = fc
  .tuple(handle, fc.constantFrom('mastodon.social', 'fosstodon.org', 'example.social'))
  .map(
    ([name, domain]): Token => ({
      text: `@${name}@${domain}`,
      // X does not know fediverse addresses: `@name` is a mention, `@domain` plain text.
      x: name.length + 2 + domain.length,
      mastodon: name.length + 1,
    }),
  )

const token = fc.oneof(latinWord, cjk, emoji, url, localMention)

/** Tokens joined by single spaces, so no token runs into the next one. */
function joined(tokens: Token[]): Token {
  return {
    text: tokens.map((item) => item.text).join(' '),
    x: tokens.reduce((sum, item) => sum + item.x, 0) + Math.max(0, tokens.length - 1),
    mastodon: tokens.reduce((sum, item) => sum + item.mastodon, 0) + Math.max(0, tokens.length - 1),
  }
}

describe('X counter', () => {
  it("agrees with twitter-text's parseTweet on any Unicode text", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (value) => {
        expect(countXText(value)).toBe(twitterText.parseTweet(value).weightedLength)
      }),
      RUNS,
    )
  })

  it('agrees with parseTweet and with the documented weights on text of URLs, emoji, CJK and mentions', () => {
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 25 }), (tokens) => {
        const expected = joined(tokens)
        expect(countXText(expected.text)).toBe(twitterText.parseTweet(expected.text).weightedLength)
        expect(countXText(expected.text)).toBe(expected.x)
      }),
      RUNS,
    )
  })

  it('counts ZWJ sequences newer than its emoji list per code point: more than X, never less', () => {
    // 🧑‍💻 (Emoji 12.1), 🏳️‍⚧️ (13.0) and ❤️‍🔥 (13.1) are one emoji (2) on X today; twitter-text
    // 3.1.0 counts their parts. Murmur follows twitter-text: it may refuse a post X would take by
    // a few characters, and never lets through one X would refuse.
    expect(countXText('🧑‍💻')).toBe(5)
    expect(countXText('🏳️‍⚧️')).toBe(7)
    expect(countXText('❤️‍🔥')).toBe(5)
  })

  it('does not change with the Unicode normalisation of the input (X counts after NFC)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (value) => {
        expect(countXText(value.normalize('NFD'))).toBe(countXText(value.normalize('NFC')))
      }),
      RUNS,
    )
  })
})

describe('Mastodon counter', () => {
  it('counts graphemes, 23 per URL and only @user of remote mentions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(token, remoteMention), { minLength: 1, maxLength: 25 }),
        (tokens) => {
          const expected = joined(tokens)
          expect(countMastodonText(expected.text)).toBe(expected.mastodon)
        },
      ),
      RUNS,
    )
  })

  it('never counts more than the plain grapheme count plus what URLs add', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (value) => {
        const urls = twitterText.extractUrlsWithIndices(value, {
          extractUrlsWithoutProtocol: false,
        })
        expect(countMastodonText(value)).toBeLessThanOrEqual(
          countGraphemes(value) + 23 * urls.length,
        )
      }),
      RUNS,
    )
  })

  it("matches Mastodon's own validator examples", () => {
    const link = `http://${'b'.repeat(30)}.com/example`
    expect(countMastodonText(`${'a'.repeat(476)} ${link}`)).toBe(500)
    expect(countMastodonText(`${'a'.repeat(476)}${link}`)).toBeGreaterThan(500)
    expect(countMastodonText(`http://example.com/valid?${'#foo?'.repeat(1000)}`)).toBeGreaterThan(
      500,
    )
    expect(countMastodonText(`${'a'.repeat(475)} @alice@${'b'.repeat(30)}.com`)).toBe(482)
    expect(countMastodonText(`@alice@${'b'.repeat(500)}.com`)).toBeGreaterThan(500)
    expect(countMastodonText('✨'.repeat(500))).toBe(500)
    expect(countMastodonText('🏳️‍⚧️'.repeat(500))).toBe(500)
    expect(countMastodonText('a@b.com wrote')).toBe(13)
  })
})
