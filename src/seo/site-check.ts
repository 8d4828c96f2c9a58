import { parseFetchableUrl, type SafeFetchOptions } from '../net/safe-fetch/index.js'
import { formatBytes } from '../net/safe-fetch/request-once.js'
import { type CrawlProgress, crawlSite } from './crawl.js'
import { type Finding, finding, rankFindings } from './findings.js'
import { checkPage } from './page-rules.js'
import type { Severity } from './rules.js'
import { checkSite as checkAcrossPages } from './site-rules.js'

export interface SiteCheckOptions {
  /** Pages to check besides the home page (default 50). */
  maxPages?: number
  /** Shown to the site's server; use murmurUserAgent(config.publicUrl). */
  userAgent?: string
  /** Per page: DNS, redirects and body (default 10 s). */
  pageTimeoutMs?: number
  /** Per page, decoded (default 5 MB): a bigger page is reported heavy and not read. */
  pageMaxBytes?: number
  /** HTML above this is reported as heavy (default 500 KB). */
  heavyPageBytes?: number
  /** The whole check (default 2 minutes): pages not reached by then are counted, not checked. */
  timeLimitMs?: number
  /** Requests at a time (default 2: polite to small sites). */
  concurrency?: number
  /** Tests only: lets the check fetch a fixture site on 127.0.0.1. */
  allowLoopback?: boolean
  /** Tests only: the certificate authority of a fixture site served over HTTPS. */
  tlsCa?: string | Buffer
  signal?: AbortSignal
  onProgress?: (progress: SiteCheckProgress) => void
}

export type SiteCheckProgress = CrawlProgress

export interface CheckedPage {
  url: string
  status: number
  title: string | null
  bytes: number
  firstByteMs: number | null
  findings: number
}

export interface SiteCheckReport {
  /** The address asked for. */
  site: string
  /** The home page's address after redirects. */
  homeUrl: string
  startedAt: string
  finishedAt: string
  pages: CheckedPage[]
  /** Most harmful first. */
  findings: Finding[]
  counts: Record<Severity, number>
  /** Same-site pages found but not checked (page or time limit). */
  notChecked: number
}

export const siteCheckDefaults = {
  maxPages: 50,
  pageTimeoutMs: 10_000,
  pageMaxBytes: 5 * 1024 * 1024,
  heavyPageBytes: 500 * 1024,
  timeLimitMs: 120_000,
  concurrency: 2,
} as const

/**
 * Checks a website for what stands between it and the first page of search results: the home
 * page and up to maxPages same-site pages it links to, breadth-first, obeying robots.txt, every
 * request through the safe fetcher. Rejects with SafeFetchError when the site cannot be fetched
 * at all (a private address, no DNS, no answer).
 */
export async function runSiteCheck(
  siteUrl: string,
  options: SiteCheckOptions = {},
): Promise<SiteCheckReport> {
  const site = parseFetchableUrl(siteUrl)
  site.hash = ''
  const settings = { ...siteCheckDefaults, ...definedOnly(options) }
  const fetch: SafeFetchOptions = {
    timeoutMs: settings.pageTimeoutMs,
    maxBytes: settings.pageMaxBytes,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.allowLoopback ? { allowLoopback: true } : {}),
    ...(options.tlsCa ? { ca: options.tlsCa } : {}),
  }
  const startedAt = new Date().toISOString()
  const crawl = await crawlSite(site, {
    maxPages: settings.maxPages,
    timeLimitMs: settings.timeLimitMs,
    concurrency: Math.max(1, settings.concurrency),
    fetch,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  })

  const findings: Finding[] = []
  for (const [index, page] of crawl.pages.entries())
    findings.push(
      ...checkPage(page, { isHome: index === 0, heavyPageBytes: settings.heavyPageBytes }),
    )
  // A page over the size cap was not read: it is heavy, whatever else is wrong with it.
  for (const outcome of crawl.outcomes.values())
    if (outcome.tooLarge)
      findings.push(
        finding('page-heavy', outcome.requested, {
          size: `more than ${formatBytes(settings.pageMaxBytes)}`,
          limit: formatBytes(settings.heavyPageBytes),
        }),
      )
  findings.push(...checkAcrossPages(crawl))

  const pageOrder = crawl.pages.map((page) => page.url)
  const ranked = rankFindings(findings, pageOrder)
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 }
  for (const item of ranked) counts[item.severity]++
  return {
    site: site.href,
    homeUrl: crawl.pages[0]?.url ?? crawl.home?.finalUrl ?? site.href,
    startedAt,
    finishedAt: new Date().toISOString(),
    pages: crawl.pages.map((page) => ({
      url: page.url,
      status: page.outcome.status ?? 0,
      title: page.facts.title,
      bytes: page.outcome.bytes,
      firstByteMs: page.outcome.firstByteMs,
      findings: ranked.filter((item) => item.pageUrl === page.url).length,
    })),
    findings: ranked,
    counts,
    notChecked: crawl.notChecked,
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
