import type { Crawl, CrawledPage, FetchOutcome } from './crawl.js'
import { type Finding, finding } from './findings.js'
import { saysNoindex } from './page-facts.js'
import { canonicalOf } from './page-rules.js'
import { isSameSite } from './site-scope.js'

/** A redirect chain is two or more hops: one redirect (http to https, say) is normal. */
export const redirectChainHops = 2

/** Findings about the site as a whole and across its pages. */
export function checkSite(crawl: Crawl): Finding[] {
  const found: Finding[] = []
  const site = crawl.site
  if (crawl.homeBlockedBy) {
    found.push(
      finding('home-blocked-by-robots', site, {
        rule: `${crawl.robots.url}, ${crawl.homeBlockedBy}`,
      }),
    )
    return found
  }
  const home = crawl.home
  if (!home) return found
  const homePage = crawl.pages[0]
  if (!homePage) {
    const type = home.contentType ?? 'no content type'
    const status =
      home.status === 200 ? `200 but is not an HTML page (${type})` : String(home.status)
    found.push(finding('home-unreachable', site, { status }))
  }
  if (home.redirects.length >= redirectChainHops) found.push(chain(site, home))
  const homeUrl = homePage?.url ?? home.finalUrl
  if (new URL(homeUrl).protocol === 'http:')
    found.push(finding('not-https', homeUrl, { url: homeUrl }))
  if (!homePage) return found

  if (crawl.robots.problem)
    found.push(
      finding('robots-txt-missing', homeUrl, {
        url: crawl.robots.url,
        problem: crawl.robots.problem,
      }),
    )
  if (crawl.sitemap?.problem)
    found.push(
      finding('sitemap-missing', homeUrl, {
        url: crawl.sitemap.url,
        problem: crawl.sitemap.problem,
      }),
    )

  for (const page of crawl.pages) found.push(...checkLinks(page, crawl))
  for (const [target, from] of crawl.blocked)
    found.push(finding('page-blocked-by-robots', from, { target }, target))

  found.push(...duplicates(crawl.pages, 'title', 'title-duplicate'))
  found.push(...duplicates(crawl.pages, 'description', 'description-duplicate'))

  if (crawl.notChecked > 0)
    found.push(
      finding('crawl-incomplete', homeUrl, {
        count: crawl.notChecked,
        reason: `${crawl.stoppedBy} reached`,
      }),
    )
  return found
}

function chain(from: string, outcome: FetchOutcome): Finding {
  return finding(
    'redirect-chain',
    from,
    { target: outcome.requested, count: outcome.redirects.length, final: outcome.finalUrl },
    outcome.requested,
  )
}

function checkLinks(page: CrawledPage, crawl: Crawl): Finding[] {
  const found: Finding[] = []
  for (const link of page.facts.links) {
    if (!isSameSite(link, page.url)) continue
    const outcome = crawl.outcomes.get(link)
    if (!outcome) continue
    if (outcome.problem && !outcome.tooLarge)
      found.push(
        finding(
          'broken-link',
          page.url,
          { target: link, problem: `could not be fetched: ${outcome.problem}` },
          link,
        ),
      )
    else if (outcome.status !== null && outcome.status >= 400)
      found.push(
        finding(
          'broken-link',
          page.url,
          { target: link, problem: `answers ${outcome.status}` },
          link,
        ),
      )
    if (outcome.redirects.length >= redirectChainHops) found.push(chain(page.url, outcome))
  }
  return found
}

/**
 * Pages sharing a title or description. Pages kept out of search (noindex) or pointing their
 * canonical elsewhere are meant to be duplicates, so they do not count.
 */
function duplicates(
  pages: CrawledPage[],
  field: 'title' | 'description',
  ruleId: 'title-duplicate' | 'description-duplicate',
): Finding[] {
  const groups = new Map<string, CrawledPage[]>()
  for (const page of pages) {
    const value = page.facts[field]
    if (value === null || !isIndexable(page)) continue
    const key = value.toLowerCase()
    groups.set(key, [...(groups.get(key) ?? []), page])
  }
  const found: Finding[] = []
  for (const group of groups.values()) {
    if (group.length < 2) continue
    for (const page of group) {
      const others = group.filter((other) => other !== page).map((other) => other.url)
      const shown =
        others.length > 3
          ? `${others.slice(0, 3).join(', ')} and ${others.length - 3} more`
          : others.join(', ')
      found.push(finding(ruleId, page.url, { title: page.facts.title ?? '', others: shown }))
    }
  }
  return found
}

function isIndexable(page: CrawledPage): boolean {
  if (page.facts.robotsMeta.some(saysNoindex)) return false
  if (saysNoindex(page.headers['x-robots-tag'] ?? '')) return false
  const canonical = canonicalOf(page)
  return canonical === null || canonical === page.url
}
