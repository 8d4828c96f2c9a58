import { describe, expect, test } from 'vitest'
import {
  type DraftContent,
  type DraftMedia,
  toApiContent,
} from '../../web/src/features/compose/compose-model.js'
import { displayLink, tokenize } from '../../web/src/features/compose/rich-text-tokens.js'

describe("the composer's preview text (web/src/features/compose/rich-text-tokens.ts)", () => {
  test('links, mentions and hashtags are found; sentence punctuation stays outside', () => {
    const tokens = tokenize(
      'Fresh bread! See https://cornerbakery.example/menu. Ask @ada.bsky.social or visit bakery.shop #sourdough #2027',
    )
    expect(tokens.filter((token) => token.kind !== 'text')).toEqual([
      { kind: 'link', text: 'https://cornerbakery.example/menu' },
      { kind: 'mention', text: '@ada.bsky.social' },
      { kind: 'link', text: 'bakery.shop' },
      { kind: 'hashtag', text: '#sourdough' },
    ])
    expect(tokens.map((token) => token.text).join('')).toBe(
      'Fresh bread! See https://cornerbakery.example/menu. Ask @ada.bsky.social or visit bakery.shop #sourdough #2027',
    )
  })

  test('an email address is not a mention, and a Mastodon address is one mention', () => {
    expect(tokenize('write to hello@bakery.example').every((token) => token.kind === 'text')).toBe(
      true,
    )
    expect(tokenize('thanks @ada@mastodon.social!').filter((t) => t.kind === 'mention')).toEqual([
      { kind: 'mention', text: '@ada@mastodon.social' },
    ])
  })

  test('long links are shown the way the networks shorten them', () => {
    expect(displayLink('https://www.cornerbakery.example/menu')).toBe('cornerbakery.example/menu')
    expect(displayLink('https://cornerbakery.example/menu/spring-2027-special-offers')).toBe(
      'cornerbakery.example/menu/spri…',
    )
  })
})

describe("the composer's content as the API takes it (compose-model.ts)", () => {
  const media = (alt: string): DraftMedia['media'] => ({
    id: 'med_1',
    url: '/m/1',
    thumbnail_url: null,
    mime_type: 'image/png',
    width: 10,
    height: 10,
    alt_text: alt,
  })

  test('alt text is sent only when this post changes it; an empty first comment is null', () => {
    const content: DraftContent = {
      parts: [
        {
          key: 'p1',
          text: 'Hello',
          media: [
            { key: 'a', media: media('A loaf'), altText: 'A loaf' },
            { key: 'b', media: media(''), altText: 'Two loaves' },
          ],
        },
      ],
      firstComment: '  ',
    }
    expect(toApiContent(content)).toEqual({
      parts: [
        {
          text: 'Hello',
          media: [{ media_id: 'med_1' }, { media_id: 'med_1', alt_text: 'Two loaves' }],
        },
      ],
      first_comment: null,
    })
  })
})
