import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { countFacebookText } from '../../src/networks/facebook/facebook-capabilities.js'
import { countInstagramText } from '../../src/networks/instagram/instagram-capabilities.js'
import { countLinkedInText } from '../../src/networks/linkedin/linkedin-little-text.js'
import { countMastodonText } from '../../src/networks/mastodon/mastodon-text.js'
import { countGraphemes } from '../../src/networks/shared/text-length.js'
import { countThreadsText } from '../../src/networks/threads/threads-text.js'
import { countXText } from '../../src/networks/x/x-text.js'
import type { NetworkId } from '../../web/src/api/publishing-types.js'
import { counterView, estimateLength } from '../../web/src/features/compose/counter-model.js'

/** The server's counters: what /posts/validate answers and the networks enforce. */
const SERVER: Record<NetworkId, (text: string) => number> = {
  x: countXText,
  bluesky: countGraphemes,
  mastodon: (text) => countMastodonText(text),
  threads: countThreadsText,
  linkedin: countLinkedInText,
  facebook: countFacebookText,
  instagram: countInstagramText,
}
const NETWORKS = Object.keys(SERVER) as NetworkId[]

const SAMPLES = [
  '',
  'Fresh sourdough at 7 am!',
  '焼きたてのパン、日本語で 🍞',
  'Family day 👨‍👩‍👧‍👦 and flags 🇫🇷🇯🇵',
  'Menu: https://cornerbakery.com/menu?day=fri and https://t.co/abc',
  'Thanks @ada@mastodon.social and @bob!',
  'bread@ada@ada and mail@bakery.example: no mention after a word character',
  'LinkedIn escapes (these) [brackets] #tags @names *stars* _under_ ~tilde~ <tags> {braces} | pipe \\ slash',
  'é written as e + ◌́: e\u0301',
  'Ünïcödé ñ — “quotes” … ‘single’ • bullets',
]

describe("the composer's counters (web/src/features/compose/counter-model.ts)", () => {
  for (const network of NETWORKS) {
    test(`${network}: counts the samples exactly as the server does`, () => {
      for (const sample of SAMPLES) {
        expect(estimateLength(network, sample), JSON.stringify(sample)).toBe(
          SERVER[network](sample),
        )
      }
    })
  }

  // A link glued to other text follows twitter-text's long URL grammar; the estimate only has to
  // hold until the server's count arrives, so links here stand apart, as people write them.
  test('random text of words, emoji, CJK, accents and links: same count as the server', () => {
    const piece = fc.constantFrom(
      'bread',
      ' ',
      '\n',
      'café',
      '🍞',
      '👩🏽‍🍳',
      '日本',
      '한국어',
      '!',
      ' https://cornerbakery.com/a?day=fri ',
      ' #sourdough',
      '@ada',
      '(x)',
    )
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.constantFrom(...NETWORKS),
        (pieces, network) => {
          const text = pieces.join('')
          expect(estimateLength(network, text)).toBe(SERVER[network](text))
        },
      ),
      { numRuns: 300 },
    )
  })

  test('the server count wins once it answered; the limit and unit come from capabilities', () => {
    const limit = { max_length: 280, counted_as: 'weighted characters' }
    expect(counterView({ network: 'x', text: '日本', limit })).toEqual({
      length: 4,
      max: 280,
      unit: 'weighted characters',
      over: false,
      estimated: true,
    })
    const counter = {
      part: 1,
      first_comment: false,
      length: 301,
      max: 300,
      counted_as: 'graphemes',
    }
    expect(counterView({ network: 'bluesky', text: 'stale', counter })).toEqual({
      length: 301,
      max: 300,
      unit: 'characters',
      over: true,
      estimated: false,
    })
    expect(counterView({ network: 'facebook', text: 'hi' })).toMatchObject({ length: 2, max: null })
  })
})
