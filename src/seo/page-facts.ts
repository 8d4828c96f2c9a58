import { DomUtils, parseDocument } from 'htmlparser2'

type Element = ReturnType<typeof DomUtils.findAll>[number]

/** What a site check needs to know about one HTML page, read without running any script. */
export interface PageFacts {
  title: string | null
  description: string | null
  h1Count: number
  /** src of each <img> with no alt attribute at all (alt="" is a valid choice for decoration). */
  imagesWithoutAlt: string[]
  /** href of each <link rel="canonical">, as written. */
  canonicalLinks: string[]
  /** content of each <meta name="robots"> or <meta name="googlebot">. */
  robotsMeta: string[]
  lang: string | null
  hasViewport: boolean
  /** og:* properties found, e.g. { 'og:title': '...' }. */
  openGraph: Record<string, string>
  jsonLd: JsonLdBlock[]
  /** Absolute http(s) addresses of <a href>, resolved against <base> and the page URL, no #fragment. */
  links: string[]
}

export type JsonLdBlock = { ok: true; types: string[] } | { ok: false; reason: string }

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim()

function attribute(element: Element, name: string): string | undefined {
  return DomUtils.getAttributeValue(element, name)
}

function relTokens(element: Element): string[] {
  return (attribute(element, 'rel') ?? '').toLowerCase().split(/\s+/).filter(Boolean)
}

export function readPage(html: string, pageUrl: string): PageFacts {
  const document = parseDocument(html)
  const all = DomUtils.findAll(() => true, document.children)
  const named = (tag: string) => all.filter((element) => element.name === tag)
  const metas = named('meta')
  const metaNamed = (name: string) =>
    metas.filter((meta) => (attribute(meta, 'name') ?? '').trim().toLowerCase() === name)

  const titleElement = named('title')[0]
  const title = titleElement ? collapse(DomUtils.textContent(titleElement)) : ''
  const description = metaNamed('description')[0]
  const descriptionText = description ? collapse(attribute(description, 'content') ?? '') : ''

  const openGraph: Record<string, string> = {}
  for (const meta of metas) {
    const property = (attribute(meta, 'property') ?? attribute(meta, 'name') ?? '').toLowerCase()
    const content = collapse(attribute(meta, 'content') ?? '')
    if (property.startsWith('og:') && content && !(property in openGraph))
      openGraph[property] = content
  }

  const baseHref = named('base').map((base) => attribute(base, 'href'))[0]
  const linkBase = resolve(baseHref ?? '', pageUrl) ?? pageUrl
  const links = new Set<string>()
  for (const anchor of named('a')) {
    const href = attribute(anchor, 'href')
    if (href === undefined) continue
    const target = resolve(href, linkBase)
    if (target) links.add(target)
  }

  const html_ = named('html')[0]
  const lang = html_ ? (attribute(html_, 'lang') ?? '').trim() : ''
  return {
    title: title || null,
    description: descriptionText || null,
    h1Count: named('h1').length,
    imagesWithoutAlt: named('img')
      .filter((image) => attribute(image, 'alt') === undefined)
      .map((image) => attribute(image, 'src') ?? '(no src)'),
    canonicalLinks: named('link')
      .filter((link) => relTokens(link).includes('canonical'))
      .map((link) => (attribute(link, 'href') ?? '').trim()),
    robotsMeta: [...metaNamed('robots'), ...metaNamed('googlebot')].map(
      (meta) => attribute(meta, 'content') ?? '',
    ),
    lang: lang || null,
    hasViewport: metaNamed('viewport').some((meta) =>
      /width|initial-scale/i.test(attribute(meta, 'content') ?? ''),
    ),
    openGraph,
    jsonLd: named('script')
      .filter(
        (script) =>
          (attribute(script, 'type') ?? '').trim().toLowerCase() === 'application/ld+json',
      )
      .map((script) => readJsonLd(DomUtils.textContent(script))),
    links: [...links],
  }
}

/** An absolute http(s) URL without its fragment, or null for mailto:, tel:, javascript:, garbage. */
export function resolve(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
    url.hash = ''
    return url.href
  } catch {
    return null
  }
}

/** Checks what search engines need from a JSON-LD block: valid JSON, a schema.org context, a type. */
export function readJsonLd(text: string): JsonLdBlock {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return { ok: false, reason: `it is not valid JSON (${(error as Error).message})` }
  }
  const items = Array.isArray(data) ? data : [data]
  const types: string[] = []
  for (const item of items) {
    if (typeof item !== 'object' || item === null)
      return { ok: false, reason: 'it is not an object' }
    const record = item as Record<string, unknown>
    const context = JSON.stringify(record['@context'] ?? '')
    if (!/schema\.org/i.test(context))
      return { ok: false, reason: 'its "@context" is not https://schema.org' }
    const graph = Array.isArray(record['@graph']) ? (record['@graph'] as unknown[]) : [record]
    for (const node of graph) {
      const type = (node as Record<string, unknown> | null)?.['@type']
      const nodeTypes = (Array.isArray(type) ? type : [type]).filter(
        (value): value is string => typeof value === 'string' && value !== '',
      )
      if (nodeTypes.length === 0) return { ok: false, reason: 'it has no "@type"' }
      types.push(...nodeTypes)
    }
  }
  return { ok: true, types }
}

/** Whether a robots directive list ("noindex, nofollow", "none", "googlebot: noindex") forbids indexing. */
export function saysNoindex(directives: string): boolean {
  return directives
    .toLowerCase()
    .split(/[,\s]+/)
    .some((token) => token === 'noindex' || token === 'none' || token.endsWith(':noindex'))
}
