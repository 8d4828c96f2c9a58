import { formatBytes } from '../net/safe-fetch/request-once.js'
import type { CrawledPage } from './crawl.js'
import { type Finding, finding } from './findings.js'
import { saysNoindex } from './page-facts.js'

/** Lengths search results show well (characters): Google cuts titles near 60 and snippets near 160. */
export const lengths = {
  title: { min: 20, max: 60 },
  description: { min: 50, max: 160 },
} as const

const openGraphTags = ['og:title', 'og:description', 'og:image'] as const

export interface PageRuleOptions {
  isHome: boolean
  heavyPageBytes: number
}

const characters = (text: string) => [...text].length

/** Canonical URLs from a Link header: <https://...>; rel="canonical". */
export function canonicalsFromHeader(header: string | undefined): string[] {
  if (!header) return []
  return header
    .split(/,(?=\s*<)/)
    .filter((part) => /;\s*rel\s*=\s*"?([^";]*\s)?canonical(\s[^";]*)?"?/i.test(part))
    .map((part) => /<([^>]*)>/.exec(part)?.[1]?.trim() ?? '')
}

/** Findings about one page on its own (duplicates and links are judged across pages). */
export function checkPage(page: CrawledPage, options: PageRuleOptions): Finding[] {
  const { facts, url } = page
  const found: Finding[] = []
  const add = (...args: Parameters<typeof finding>) => found.push(finding(...args))

  const robotsTag = page.headers['x-robots-tag']
  if (robotsTag && saysNoindex(robotsTag))
    add('noindex', url, { source: `X-Robots-Tag: ${robotsTag}` }, 'header')
  const metaNoindex = facts.robotsMeta.find(saysNoindex)
  if (metaNoindex !== undefined)
    add('noindex', url, { source: `<meta name="robots" content="${metaNoindex}">` }, 'meta')

  if (facts.title === null) add('title-missing', url)
  else {
    const length = characters(facts.title)
    if (length > lengths.title.max) add('title-too-long', url, { length })
    if (length < lengths.title.min) add('title-too-short', url, { length })
  }

  if (facts.description === null) add('description-missing', url)
  else {
    const length = characters(facts.description)
    if (length > lengths.description.max) add('description-too-long', url, { length })
    if (length < lengths.description.min) add('description-too-short', url, { length })
  }

  if (facts.h1Count === 0) add('h1-missing', url)
  if (facts.h1Count > 1) add('h1-multiple', url, { count: facts.h1Count })

  if (facts.imagesWithoutAlt.length > 0) {
    const shown = facts.imagesWithoutAlt.slice(0, 3).join(', ')
    const more = facts.imagesWithoutAlt.length > 3 ? ', ...' : ''
    add('img-alt-missing', url, {
      count: facts.imagesWithoutAlt.length,
      sources: `${shown}${more}`,
    })
  }

  found.push(...checkCanonical(page))

  if (!facts.hasViewport) add('viewport-missing', url)

  if (facts.lang === null) add('lang-missing', url)
  else if (!isLanguageCode(facts.lang)) add('lang-invalid', url, { lang: facts.lang })

  const missingOpenGraph = openGraphTags.filter((tag) => !facts.openGraph[tag])
  if (missingOpenGraph.length > 0) add('og-missing', url, { tags: missingOpenGraph.join(', ') })

  for (const [index, block] of facts.jsonLd.entries())
    if (!block.ok)
      add('structured-data-invalid', url, { reason: block.reason }, `block ${index + 1}`)
  if (options.isHome && facts.jsonLd.length === 0) add('structured-data-missing', url)

  if (page.outcome.bytes > options.heavyPageBytes)
    add('page-heavy', url, {
      size: formatBytes(page.outcome.bytes),
      limit: formatBytes(options.heavyPageBytes),
    })
  return found
}

function checkCanonical(page: CrawledPage): Finding[] {
  const written = [...page.facts.canonicalLinks, ...canonicalsFromHeader(page.headers.link)]
  if (written.length === 0) return [finding('canonical-missing', page.url)]
  const found: Finding[] = []
  const absolute = new Set<string>()
  for (const href of written) {
    if (!/^https?:\/\/[^/]/i.test(href)) {
      found.push(finding('canonical-invalid', page.url, { href }, href))
      continue
    }
    try {
      absolute.add(new URL(href).href)
    } catch {
      found.push(finding('canonical-invalid', page.url, { href }, href))
    }
  }
  if (absolute.size > 1)
    found.push(finding('canonical-conflict', page.url, { urls: [...absolute].join(', ') }))
  return found
}

/** The page's own canonical URL when it names exactly one valid one, else null. */
export function canonicalOf(page: CrawledPage): string | null {
  const written = [...page.facts.canonicalLinks, ...canonicalsFromHeader(page.headers.link)]
  const valid = new Set<string>()
  for (const href of written) {
    try {
      if (/^https?:\/\/[^/]/i.test(href)) valid.add(new URL(href).href)
    } catch {
      // Reported by checkCanonical.
    }
  }
  return valid.size === 1 ? ([...valid][0] ?? null) : null
}

function isLanguageCode(lang: string): boolean {
  try {
    return Intl.getCanonicalLocales(lang).length === 1
  } catch {
    return false
  }
}
