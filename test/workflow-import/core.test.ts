import { describe, expect, test } from 'vitest'
import { parseRowTime } from '../../src/core/csv-posts/time.js'
import { itemKeys, parseFeedDocument } from '../../src/core/feeds/parse-feed.js'
import { renderTemplate, templateProblem } from '../../src/core/feeds/template.js'

describe('reading a time cell', () => {
  const paris = 'Europe/Paris'
  test('wall-clock times are in the workspace zone, across daylight saving', () => {
    expect(parseRowTime('2026-07-01 09:30', paris)).toEqual({
      type: 'at',
      at: Date.parse('2026-07-01T07:30:00Z'),
    })
    expect(parseRowTime('2026-12-01T09:30', paris)).toEqual({
      type: 'at',
      at: Date.parse('2026-12-01T08:30:00Z'),
    })
    // 02:30 does not exist on 29 March 2026 in Paris: it moves forward by the gap.
    expect(parseRowTime('2026-03-29 02:30', paris)).toEqual({
      type: 'at',
      at: Date.parse('2026-03-29T01:30:00Z'),
    })
  })

  test('an offset or a named zone wins over the workspace zone', () => {
    expect(parseRowTime('2026-12-01T09:30:00+05:30', paris)).toEqual({
      type: 'at',
      at: Date.parse('2026-12-01T04:00:00Z'),
    })
    expect(parseRowTime('2026-12-01 09:30:00Z', paris)).toEqual({
      type: 'at',
      at: Date.parse('2026-12-01T09:30:00Z'),
    })
    expect(parseRowTime('2026-12-01 09:30 America/New_York', paris)).toEqual({
      type: 'at',
      at: Date.parse('2026-12-01T14:30:00Z'),
    })
  })

  test('empty is a draft, "queue" the queue, anything else a sentence saying what to write', () => {
    expect(parseRowTime('  ', paris)).toEqual({ type: 'draft' })
    expect(parseRowTime('Queue', paris)).toEqual({ type: 'queue' })
    expect(() => parseRowTime('01/12/2026', paris)).toThrow(
      /not understood: write it like 2026-12-01 09:30 \(in the workspace's zone, Europe\/Paris\)/,
    )
    expect(() => parseRowTime('2026-13-01 09:30', paris)).toThrow('not a real date')
    expect(() => parseRowTime('2026-12-01 25:00', paris)).toThrow('not a real date')
    expect(() => parseRowTime('2026-12-01 09:30 Mars/Olympus', paris)).toThrow(
      'Time zone "Mars/Olympus" is not known',
    )
  })
})

describe('feed items and templates', () => {
  test('RSS 1.0 (RDF) items are read too, and known by GUID and link', () => {
    const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel><title>Old blog</title></channel>
  <item rdf:about="https://old.example/1"><title>First</title><link>https://old.example/1</link><dc:date>2026-11-01T10:00:00Z</dc:date></item>
</rdf:RDF>`
    const feed = parseFeedDocument(rdf)
    expect(feed.title).toBe('Old blog')
    expect(feed.items[0]).toMatchObject({ title: 'First', link: 'https://old.example/1' })
    expect(itemKeys({ guid: 'g', link: 'l', title: '', summary: '', publishedAt: null })).toEqual([
      'guid:g',
      'link:l',
    ])
    expect(
      itemKeys({ guid: null, link: null, title: 'T', summary: 'S', publishedAt: null })[0],
    ).toMatch(/^text:[0-9a-f]{64}$/)
    expect(() => parseFeedDocument('{"items": []}')).toThrow('not an RSS or Atom feed')
  })

  test('templates: placeholders checked, summary shortened before the title, the link never cut', () => {
    expect(templateProblem('{title} {link}')).toBeNull()
    expect(templateProblem('{titel}')).toContain('Unknown placeholder {titel}')
    expect(templateProblem('Hello')).toContain('none of {title}, {link} or {summary}')
    const values = {
      title: 'A very long title about bread',
      link: 'https://b.example/1',
      summary: 'one two three four five six',
    }
    const fits = (max: number) => (text: string) => text.length <= max
    expect(renderTemplate('{title} {summary} {link}', values)).toBe(
      'A very long title about bread one two three four five six https://b.example/1',
    )
    expect(renderTemplate('{title} {summary} {link}', values, fits(65))).toBe(
      'A very long title about bread one two three… https://b.example/1',
    )
    expect(renderTemplate('{title} {summary} {link}', values, fits(40))).toBe(
      'A very long title… https://b.example/1',
    )
  })
})
