import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  applyUtm,
  CLICK_ID_PARAM,
  clickIdTemplate,
  UTM_KEYS,
  type UtmTags,
  utmForDelivery,
  utmValue,
} from './utm.js'

describe('UTM tagging', () => {
  test('a post to a network gets source, medium, campaign and content', () => {
    const tags = utmForDelivery({
      network: 'instagram',
      campaign: 'Spring Sale 2027',
      postId: 'pst_01ABC',
    })
    expect(tags).toEqual({
      utm_source: 'instagram',
      utm_medium: 'social',
      utm_campaign: 'spring-sale-2027',
      utm_content: 'pst_01abc',
    })
    expect(applyUtm('https://cornerbakery.example/menu', tags)).toBe(
      'https://cornerbakery.example/menu?utm_source=instagram&utm_medium=social&utm_campaign=spring-sale-2027&utm_content=pst_01abc',
    )
  })

  test('tags the user set in the address win, and the rest of the query is kept byte for byte', () => {
    const url = 'https://shop.example/p?q=a%20b&utm_source=newsletter&x=%E2%9C%93#reviews'
    expect(applyUtm(url, { utm_source: 'x', utm_medium: 'social' })).toBe(
      'https://shop.example/p?q=a%20b&utm_source=newsletter&x=%E2%9C%93&utm_medium=social#reviews',
    )
  })

  test('values are encoded; empty tags are skipped', () => {
    expect(
      applyUtm('https://a.example/', { utm_campaign: 'a&b=c', utm_term: '', utm_content: null }),
    ).toBe('https://a.example/?utm_campaign=a%26b%3Dc')
    expect(utmValue('  Été / Summer  ')).toBe('été-summer')
  })

  test('the click id goes before the fragment, after the query', () => {
    const t = clickIdTemplate('https://a.example/p?x=1#top')
    expect(`${t.head}ID${t.tail}`).toBe(`https://a.example/p?x=1&${CLICK_ID_PARAM}=ID#top`)
    const bare = clickIdTemplate('https://a.example/')
    expect(`${bare.head}ID${bare.tail}`).toBe('https://a.example/?mm=ID')
  })

  const destinations = fc
    .record({
      host: fc.domain(),
      path: fc.webPath(),
      query: fc.option(fc.webQueryParameters(), { nil: undefined }),
      fragment: fc.option(fc.webFragments(), { nil: undefined }),
      userTags: fc.subarray([...UTM_KEYS]),
    })
    .map(({ host, path, query, fragment, userTags }) => {
      const parts = [query, ...userTags.map((k) => `${k}=mine`)].filter(Boolean)
      return `https://${host}${path}${parts.length ? `?${parts.join('&')}` : ''}${fragment !== undefined ? `#${fragment}` : ''}`
    })
  const tagSets = fc.record(
    Object.fromEntries(
      UTM_KEYS.map((k) => [k, fc.option(fc.string({ maxLength: 20 }), { nil: undefined })]),
    ),
  ) as fc.Arbitrary<UtmTags>

  test('property: user tags kept, ours added, nothing else changed, idempotent', () => {
    fc.assert(
      fc.property(destinations, tagSets, (destination, tags) => {
        const tagged = applyUtm(destination, tags)
        const before = new URL(destination)
        const after = new URL(tagged)
        expect(after.origin + after.pathname).toBe(before.origin + before.pathname)
        expect(after.hash).toBe(before.hash)
        // the original query is a prefix: nothing of it was re-encoded or reordered
        expect(after.search.startsWith(before.search.replace(/^\?/, '?') || '')).toBe(true)
        for (const key of UTM_KEYS) {
          const own = before.searchParams.getAll(key)
          if (own.length > 0) expect(after.searchParams.getAll(key)).toEqual(own)
          else if (tags[key]) expect(after.searchParams.get(key)).toBe(tags[key])
          else expect(after.searchParams.has(key)).toBe(false)
        }
        expect(applyUtm(tagged, tags)).toBe(tagged)
      }),
      { numRuns: 1000 },
    )
  })
})
