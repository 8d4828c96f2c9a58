import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { readJsonLd, readPage, resolve, saysNoindex } from './page-facts.js'
import { canonicalsFromHeader } from './page-rules.js'

describe('readPage', () => {
  test('reads what search engines read, whatever the case of tags and attributes', () => {
    const facts = readPage(
      `<!DOCTYPE html><HTML LANG="fr-CA"><HEAD>
        <TITLE>  Boulangerie
          du coin </TITLE>
        <META NAME="Description" CONTENT="Pain frais">
        <meta name="viewport" content="width=device-width">
        <LINK REL="Canonical" HREF="https://example.com/">
        <meta name="ROBOTS" content="index, follow">
        <meta property="og:title" content="Boulangerie">
        <base href="https://example.com/fr/">
      </HEAD><BODY>
        <H1>Bonjour</H1><h1>Encore</h1>
        <IMG SRC="a.png"><img src="b.png" alt=""><img src="c.png" alt="Un pain">
        <A HREF="menu.html#midi">Menu</A><a href="/contact">Contact</a>
        <a href="mailto:x@example.com">Mail</a><a href="javascript:void(0)">JS</a>
        <a href="https://other.example/">Ailleurs</a><a>no href</a>
      </BODY></HTML>`,
      'https://example.com/fr/index.html',
    )
    expect(facts).toEqual({
      title: 'Boulangerie du coin',
      description: 'Pain frais',
      h1Count: 2,
      imagesWithoutAlt: ['a.png'],
      canonicalLinks: ['https://example.com/'],
      robotsMeta: ['index, follow'],
      lang: 'fr-CA',
      hasViewport: true,
      openGraph: { 'og:title': 'Boulangerie' },
      jsonLd: [],
      links: [
        'https://example.com/fr/menu.html',
        'https://example.com/contact',
        'https://other.example/',
      ],
    })
  })

  test('an empty document has nothing, and never throws on any input', () => {
    expect(readPage('', 'https://example.com/')).toMatchObject({
      title: null,
      description: null,
      h1Count: 0,
      lang: null,
      hasViewport: false,
      links: [],
    })
    fc.assert(
      fc.property(fc.string(), (html) => {
        const facts = readPage(html, 'https://example.com/')
        for (const link of facts.links) expect(link).toMatch(/^https?:\/\//)
      }),
    )
  })

  test('links found in random markup are absolute http(s) addresses without fragments', () => {
    const href = fc.oneof(fc.webUrl({ withFragments: true }), fc.webPath(), fc.string())
    fc.assert(
      fc.property(fc.array(href, { maxLength: 5 }), (hrefs) => {
        const html = hrefs.map((h) => `<a href="${h.replaceAll('"', '&quot;')}">x</a>`).join('')
        for (const link of readPage(html, 'https://example.com/a/').links) {
          expect(['http:', 'https:']).toContain(new URL(link).protocol)
          expect(link).not.toContain('#')
        }
      }),
    )
  })
})

describe('robots directives and canonical headers', () => {
  test.each([
    ['noindex', true],
    ['NOINDEX, nofollow', true],
    ['none', true],
    ['googlebot: noindex', true],
    ['index, follow', false],
    ['nofollow', false],
    ['', false],
  ])('%s → %s', (value, expected) => {
    expect(saysNoindex(value)).toBe(expected)
  })

  test('Link header canonicals', () => {
    expect(
      canonicalsFromHeader(
        '<https://example.com/a>; rel="canonical", <https://example.com/style.css>; rel=preload',
      ),
    ).toEqual(['https://example.com/a'])
    expect(canonicalsFromHeader('<https://example.com/b>; rel=canonical')).toEqual([
      'https://example.com/b',
    ])
    expect(canonicalsFromHeader(undefined)).toEqual([])
  })
})

describe('JSON-LD', () => {
  test('valid blocks give their types', () => {
    expect(readJsonLd('{"@context":"https://schema.org","@type":"Bakery","name":"x"}')).toEqual({
      ok: true,
      types: ['Bakery'],
    })
    expect(
      readJsonLd(
        '{"@context":"https://schema.org","@graph":[{"@type":"Organization"},{"@type":["WebSite"]}]}',
      ),
    ).toEqual({ ok: true, types: ['Organization', 'WebSite'] })
  })

  test('unusable blocks say why', () => {
    expect(readJsonLd('{"@type": "Event",}')).toMatchObject({ ok: false })
    expect(readJsonLd('{"@type":"Event"}')).toEqual({
      ok: false,
      reason: 'its "@context" is not https://schema.org',
    })
    expect(readJsonLd('{"@context":"https://schema.org"}')).toEqual({
      ok: false,
      reason: 'it has no "@type"',
    })
    expect(readJsonLd('42')).toEqual({ ok: false, reason: 'it is not an object' })
  })

  test('resolve keeps only http(s)', () => {
    expect(resolve('tel:+441134960000', 'https://example.com/')).toBeNull()
    expect(resolve('//cdn.example/x#y', 'https://example.com/')).toBe('https://cdn.example/x')
    expect(resolve('http://[bad', 'https://example.com/')).toBeNull()
  })
})
