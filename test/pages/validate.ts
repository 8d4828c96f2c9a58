import { Parser } from 'htmlparser2'
import robotsParserModule from 'robots-parser'
import type { CrawledPage } from '../../src/seo/crawl.js'
import { type PageFacts, readPage } from '../../src/seo/page-facts.js'
import { checkPage } from '../../src/seo/page-rules.js'

const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
])

/**
 * Structural problems of a document: elements a parser had to close by itself (a missing end
 * tag), stray end tags, and a missing doctype. Browsers forgive all three; our pages need none.
 */
export function htmlProblems(html: string): string[] {
  const problems: string[] = []
  const open: string[] = []
  const parser = new Parser(
    {
      onopentag(name) {
        if (!VOID.has(name)) open.push(name)
      },
      onclosetag(name, implied) {
        if (VOID.has(name)) return
        if (implied) problems.push(`<${name}> is never closed`)
        const index = open.lastIndexOf(name)
        if (index === -1) problems.push(`stray </${name}>`)
        else open.splice(index, 1)
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: false },
  )
  parser.write(html)
  parser.end()
  if (!/^<!doctype html>/i.test(html)) problems.push('no <!doctype html>')
  for (const name of open) problems.push(`<${name}> is never closed`)
  return problems
}

/** Link texts Lighthouse's link-text audit rejects (its list, English part). */
const GENERIC_LINK_TEXTS = new Set([
  'click here',
  'click this',
  'go',
  'here',
  'information',
  'learn more',
  'more',
  'more info',
  'more information',
  'right here',
  'read more',
  'see more',
  'start',
  'this',
])

export interface Anchor {
  href: string | undefined
  text: string
}

export function anchorsOf(html: string): Anchor[] {
  const anchors: Anchor[] = []
  let current: Anchor | null = null
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'a') current = { href: attributes.href, text: '' }
    },
    ontext(text) {
      if (current) current.text += text
    },
    onclosetag(name) {
      if (name === 'a' && current) {
        anchors.push({ ...current, text: current.text.replace(/\s+/g, ' ').trim() })
        current = null
      }
    },
  })
  parser.write(html)
  parser.end()
  return anchors
}

export function metaContent(html: string, attribute: 'name' | 'property', key: string) {
  let value: string | undefined
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'meta' && attributes[attribute] === key && value === undefined)
        value = attributes.content
    },
  })
  parser.write(html)
  parser.end()
  return value
}

export function jsonLdBlocks(html: string): Array<Record<string, unknown>> {
  const blocks: string[] = []
  let inside = false
  let text = ''
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'script' && attributes.type === 'application/ld+json') {
        inside = true
        text = ''
      }
    },
    ontext(chunk) {
      if (inside) text += chunk
    },
    onclosetag(name) {
      if (name === 'script' && inside) {
        blocks.push(text)
        inside = false
      }
    },
  })
  parser.write(html)
  parser.end()
  return blocks.map((block) => JSON.parse(block) as Record<string, unknown>)
}

/**
 * What Lighthouse's SEO category checks, applied to one served page: status, title,
 * description, crawlability (robots meta, X-Robots-Tag, robots.txt), descriptive and crawlable
 * links, image alt text, a valid canonical, hreflang, and structured data that parses.
 * Returns the failed audits by id.
 */
export function lighthouseSeoFailures(input: {
  url: string
  status: number
  headers: Headers
  html: string
  robotsTxt: string
}): string[] {
  const failures: string[] = []
  const facts: PageFacts = readPage(input.html, input.url)
  if (input.status >= 400) failures.push('http-status-code')
  if (!facts.title) failures.push('document-title')
  if (!facts.description) failures.push('meta-description')
  const robots = robotsParser(new URL('/robots.txt', input.url).href, input.robotsTxt)
  const noindex = [...facts.robotsMeta, input.headers.get('x-robots-tag') ?? ''].some((value) =>
    /noindex|none/i.test(value),
  )
  if (noindex || robots.isAllowed(input.url, 'Googlebot') === false) failures.push('is-crawlable')
  for (const line of input.robotsTxt.split('\n')) {
    const clean = line.replace(/#.*/, '').trim()
    if (clean && !/^(user-agent|allow|disallow|sitemap|crawl-delay):\s*\S*/i.test(clean))
      failures.push(`robots-txt (${clean})`)
  }
  for (const anchor of anchorsOf(input.html)) {
    if (GENERIC_LINK_TEXTS.has(anchor.text.toLowerCase()))
      failures.push(`link-text (${anchor.text})`)
    if (!anchor.href || /^javascript:/i.test(anchor.href) || anchor.href === '#')
      failures.push(`crawlable-anchors (${anchor.href})`)
  }
  if (facts.imagesWithoutAlt.length > 0) failures.push('image-alt')
  if (facts.canonicalLinks.length !== 1) failures.push('canonical (count)')
  else {
    const canonical = facts.canonicalLinks[0] ?? ''
    if (!/^https?:\/\//.test(canonical)) failures.push('canonical (relative)')
    else if (new URL(canonical).origin !== new URL(input.url).origin && !input.url.includes('/p/'))
      failures.push('canonical (other origin)')
  }
  if (/hreflang=/i.test(input.html)) failures.push('hreflang (unexpected)')
  for (const block of facts.jsonLd)
    if (!block.ok) failures.push(`structured-data (${block.reason})`)
  return failures
}

/** The site check's own rules for one page (src/seo/page-rules.ts), as if it had crawled it. */
export function siteCheckFindings(url: string, html: string, headers: Headers, isHome: boolean) {
  const page: CrawledPage = {
    url,
    outcome: {
      requested: url,
      finalUrl: url,
      status: 200,
      contentType: headers.get('content-type'),
      redirects: [],
      problem: null,
      tooLarge: false,
      bytes: Buffer.byteLength(html),
      firstByteMs: 1,
    },
    headers: Object.fromEntries(headers.entries()),
    facts: readPage(html, url),
  }
  return checkPage(page, { isHome, heavyPageBytes: 500 * 1024 }).map(
    (f) => `${f.ruleId}: ${f.message}`,
  )
}

const REQUIRED_EVENT = ['name', 'startDate', 'location'] as const
const RECOMMENDED_EVENT = [
  'description',
  'endDate',
  'eventStatus',
  'eventAttendanceMode',
  'image',
  'organizer',
] as const

/** schema.org Event as Google's rich results require it; problems in words. */
export function eventJsonLdProblems(data: Record<string, unknown>): string[] {
  const problems: string[] = []
  if (data['@context'] !== 'https://schema.org') problems.push('@context')
  if (data['@type'] !== 'Event') problems.push('@type')
  for (const key of [...REQUIRED_EVENT, ...RECOMMENDED_EVENT])
    if (data[key] === undefined || data[key] === '') problems.push(`missing ${key}`)
  for (const key of ['startDate', 'endDate']) {
    const value = data[key]
    if (
      typeof value === 'string' &&
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/.test(value)
    )
      problems.push(`${key} is not ISO 8601 with an offset: ${value}`)
  }
  const locations = Array.isArray(data.location) ? data.location : [data.location]
  for (const location of locations as Array<Record<string, unknown>>) {
    if (location?.['@type'] === 'Place') {
      const address = location.address as Record<string, unknown> | undefined
      if (address?.['@type'] !== 'PostalAddress') problems.push('Place without a PostalAddress')
    } else if (location?.['@type'] === 'VirtualLocation') {
      if (typeof location.url !== 'string') problems.push('VirtualLocation without url')
    } else problems.push(`location of type ${String(location?.['@type'])}`)
  }
  if (
    typeof data.eventStatus === 'string' &&
    !/^https:\/\/schema\.org\/Event(Scheduled|Cancelled|Postponed|Rescheduled|MovedOnline)$/.test(
      data.eventStatus,
    )
  )
    problems.push('eventStatus')
  return problems
}

/** schema.org LocalBusiness (or a kind of it) / Organization for the home page. */
export function businessJsonLdProblems(data: Record<string, unknown>): string[] {
  const problems: string[] = []
  if (data['@context'] !== 'https://schema.org') problems.push('@context')
  if (typeof data.name !== 'string' || !data.name) problems.push('missing name')
  if (typeof data.url !== 'string') problems.push('missing url')
  if (data['@type'] !== 'Organization') {
    const address = data.address as Record<string, unknown> | undefined
    if (address?.['@type'] !== 'PostalAddress') problems.push('LocalBusiness without address')
    for (const spec of (data.openingHoursSpecification as Array<Record<string, unknown>>) ?? []) {
      if (spec['@type'] !== 'OpeningHoursSpecification') problems.push('opening hours type')
      if (!/^\d{2}:\d{2}$/.test(String(spec.opens)) || !/^\d{2}:\d{2}$/.test(String(spec.closes)))
        problems.push('opening hours times')
      for (const day of spec.dayOfWeek as string[])
        if (!/^https:\/\/schema\.org\/(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$/.test(day))
          problems.push(`day ${day}`)
    }
  }
  return problems
}
