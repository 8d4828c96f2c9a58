import {
  isSafeFetchError,
  type RedirectHop,
  type SafeFetchOptions,
  type SafeResponse,
  safeFetch,
} from '../net/safe-fetch/index.js'
import { type PageFacts, readPage } from './page-facts.js'
import { type RobotsFile, readRobots } from './robots.js'
import { isSameSite, looksLikeFile } from './site-scope.js'
import { findSitemap, type SitemapStatus } from './sitemap.js'

/** What happened when one address was fetched. */
export interface FetchOutcome {
  requested: string
  finalUrl: string
  status: number | null
  contentType: string | null
  redirects: RedirectHop[]
  /** Why there is no answer (timeout, refused, too large), or null. */
  problem: string | null
  tooLarge: boolean
  bytes: number
  firstByteMs: number | null
}

/** An HTML page that answered 200, read. */
export interface CrawledPage {
  url: string
  outcome: FetchOutcome
  headers: Record<string, string>
  facts: PageFacts
}

export interface Crawl {
  site: string
  /** How the home page answered; null when robots.txt forbids fetching it. */
  home: FetchOutcome | null
  /** Set when robots.txt forbids the home page: which line does. */
  homeBlockedBy: string | null
  /** robots.txt of the home page's origin (after redirects). */
  robots: RobotsFile
  /** The sitemap of the home page's origin; null when the home page was not read. */
  sitemap: SitemapStatus | null
  /** HTML pages read, home first, in the order they were found. */
  pages: CrawledPage[]
  /** Every same-site address fetched besides the home page, by the address as linked. */
  outcomes: Map<string, FetchOutcome>
  /** Same-site addresses robots.txt keeps us from, with the first page linking to them. */
  blocked: Map<string, string>
  notChecked: number
  stoppedBy: 'page limit' | 'time limit' | null
}

export interface CrawlProgress {
  done: number
  total: number
  url: string
}

export interface CrawlOptions {
  /** Pages to read besides the home page. */
  maxPages: number
  timeLimitMs: number
  concurrency: number
  fetch: SafeFetchOptions
  signal?: AbortSignal
  onProgress?: (progress: CrawlProgress) => void
}

function isHtml(response: SafeResponse): boolean {
  return /^(text\/html|application\/xhtml\+xml)\b/i.test(response.contentType ?? '')
}

function answered(requested: string, response: SafeResponse): FetchOutcome {
  return {
    requested,
    finalUrl: response.url,
    status: response.status,
    contentType: response.contentType,
    redirects: response.redirects,
    problem: null,
    tooLarge: false,
    bytes: response.body.length,
    firstByteMs: response.timing.firstByteMs,
  }
}

function readable(response: SafeResponse, outcome: FetchOutcome): CrawledPage | null {
  if (response.status !== 200 || !isHtml(response) || response.text === null) return null
  return {
    url: response.url,
    outcome,
    headers: response.headers,
    facts: readPage(response.text, response.url),
  }
}

/**
 * Breadth-first over same-site links from the home page, obeying robots.txt, through the safe
 * fetcher. A home page that cannot be fetched at all (refused, no DNS, timeout) throws.
 */
export async function crawlSite(site: URL, options: CrawlOptions): Promise<Crawl> {
  const timeLimit = AbortSignal.timeout(options.timeLimitMs)
  const signal = options.signal ? AbortSignal.any([timeLimit, options.signal]) : timeLimit
  const fetchOptions: SafeFetchOptions = { ...options.fetch, signal }

  const robotsByOrigin = new Map<string, Promise<RobotsFile>>()
  const robotsFor = (origin: string) => {
    let robots = robotsByOrigin.get(origin)
    if (!robots) {
      robots = readRobots(origin, fetchOptions)
      robotsByOrigin.set(origin, robots)
    }
    return robots
  }

  const givenRobots = await robotsFor(site.origin)
  const givenBlock = givenRobots.blockedBy(site.href)
  const crawl: Crawl = {
    site: site.href,
    home: null,
    homeBlockedBy: givenBlock,
    robots: givenRobots,
    sitemap: null,
    pages: [],
    outcomes: new Map(),
    blocked: new Map(),
    notChecked: 0,
    stoppedBy: null,
  }
  if (givenBlock) return crawl

  options.onProgress?.({ done: 0, total: 1, url: site.href })
  // No answer at all from the home page ends the check with the fetcher's plain message.
  const homeResponse = await safeFetch(site, fetchOptions)
  crawl.home = answered(site.href, homeResponse)
  const homePage = readable(homeResponse, crawl.home)
  const homeOrigin = new URL(homeResponse.url).origin
  if (homeOrigin !== site.origin) {
    crawl.robots = await robotsFor(homeOrigin)
    crawl.homeBlockedBy = crawl.robots.blockedBy(homeResponse.url)
    if (crawl.homeBlockedBy) return crawl
  }
  if (!homePage) return crawl
  crawl.pages.push(homePage)
  crawl.sitemap = await findSitemap(homeOrigin, crawl.robots.sitemaps, fetchOptions)
  const homeUrl = homePage.url

  // Breadth-first: a queue of addresses in the order they were found.
  const known = new Set<string>([site.href, homeUrl])
  const order = new Map<string, number>([[homeUrl, 0]])
  const queue: Array<{ url: string; from: string }> = []
  const enqueueLinks = (page: CrawledPage) => {
    for (const link of page.facts.links) {
      if (known.has(link) || !isSameSite(link, homeUrl) || looksLikeFile(link)) continue
      known.add(link)
      order.set(link, order.size)
      queue.push({ url: link, from: page.url })
    }
  }
  enqueueLinks(homePage)

  let started = 0
  let done = 1
  const total = () => 1 + Math.min(options.maxPages, started + queue.length)
  options.onProgress?.({ done, total: total(), url: homeUrl })
  const seenPages = new Set<string>([homeUrl])

  const visit = async (url: string, from: string) => {
    const blockedBy = (await robotsFor(new URL(url).origin)).blockedBy(url)
    if (blockedBy) {
      started--
      crawl.blocked.set(url, from)
      return
    }
    let response: SafeResponse
    try {
      response = await safeFetch(url, fetchOptions)
    } catch (error) {
      if (signal.aborted && !isSafeFetchError(error)) return
      if (!isSafeFetchError(error)) throw error
      const tooLarge = error.code === 'too_large'
      crawl.outcomes.set(url, {
        requested: url,
        finalUrl: error.url,
        status: null,
        contentType: null,
        redirects: [],
        problem: error.message,
        tooLarge,
        bytes: tooLarge ? (options.fetch.maxBytes ?? 0) + 1 : 0,
        firstByteMs: null,
      })
      return
    } finally {
      done++
      options.onProgress?.({ done, total: total(), url })
    }
    const outcome = answered(url, response)
    crawl.outcomes.set(url, outcome)
    const page = readable(response, outcome)
    if (!page || seenPages.has(page.url)) return
    seenPages.add(page.url)
    if (!order.has(page.url)) order.set(page.url, order.get(url) ?? order.size)
    crawl.pages.push(page)
    enqueueLinks(page)
  }

  const running = new Set<Promise<void>>()
  for (;;) {
    while (
      running.size < options.concurrency &&
      queue.length > 0 &&
      started < options.maxPages &&
      !signal.aborted
    ) {
      const next = queue.shift()
      if (!next) break
      started++
      const task: Promise<void> = visit(next.url, next.from).finally(() => running.delete(task))
      running.add(task)
    }
    if (running.size === 0) break
    await Promise.race(running)
  }

  crawl.notChecked = queue.length
  if (queue.length > 0) crawl.stoppedBy = signal.aborted ? 'time limit' : 'page limit'
  crawl.pages.sort((a, b) => (order.get(a.url) ?? 0) - (order.get(b.url) ?? 0))
  return crawl
}
