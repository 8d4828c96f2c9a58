import fc from 'fast-check'
import { parseDocument } from 'htmlparser2'
import { describe, expect, test } from 'vitest'
import { shareSection } from './share.js'

interface Node {
  name?: string
  attribs?: Record<string, string>
  children?: Node[]
}

const links = (markup: string): Array<Record<string, string>> => {
  const found: Array<Record<string, string>> = []
  const walk = (node: Node) => {
    if (node.name === 'a' && node.attribs) found.push(node.attribs)
    for (const child of node.children ?? []) walk(child)
  }
  walk(parseDocument(markup) as unknown as Node)
  return found
}

describe('the share button of public pages', () => {
  const url = 'https://murmur.example/p/corner-bakery/events/winter-bread-tasting'
  const section = shareSection({ url, text: 'Winter bread tasting', heading: 'Share this event' })

  test('plain links carrying the page address to each network, no script', () => {
    expect(section.text).not.toMatch(/<script|onclick|javascript:/i)
    const hrefs = links(section.text).map((a) => a.href ?? '')
    const encoded = encodeURIComponent(url)
    expect(hrefs).toEqual([
      expect.stringMatching(/^mailto:\?subject=Winter%20bread%20tasting&body=.*/),
      expect.stringContaining(`https://wa.me/?text=`),
      `https://www.facebook.com/sharer/sharer.php?u=${encoded}`,
      `https://x.com/intent/post?text=Winter%20bread%20tasting&url=${encoded}`,
      expect.stringContaining('https://bsky.app/intent/compose?text='),
      `https://www.linkedin.com/sharing/share-offsite/?url=${encoded}`,
      expect.stringContaining('https://www.threads.net/intent/post?text='),
      url,
    ])
    for (const href of hrefs.slice(0, -1)) expect(href).toContain(encoded)
    for (const a of links(section.text).slice(0, -1)) expect(a.rel).toBe('noopener nofollow')
  })

  test('any page title stays text: escaped in the markup, encoded in the links (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const markup = shareSection({ url, text, heading: text }).text
        const document = parseDocument(markup) as unknown as Node
        expect(document.children).toHaveLength(1)
        const x = links(markup).find((a) => a.href?.startsWith('https://x.com/'))
        expect(new URL(x?.href ?? '').searchParams.get('text')).toBe(text)
      }),
      { numRuns: 300 },
    )
  })
})
