import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SafeFetchError } from '../../src/net/safe-fetch/index.js'
import {
  compareRuns,
  type RuleId,
  runSiteCheck,
  type SiteCheckProgress,
  type SiteCheckReport,
  seoRules,
} from '../../src/seo/index.js'
import { type FixtureSite, fixtureCert, serveFixture } from './fixture-server.js'

/** Every problem planted in test/seo/fixtures/planted, and the page it must be reported on. */
const planted: Array<[RuleId, string, string?]> = [
  ['noindex', '/noindex.html', 'meta'],
  ['noindex', '/header-noindex.html', 'header'],
  ['broken-link', '/', '/gone.html'],
  ['title-missing', '/no-title.html'],
  ['not-https', '/'],
  ['viewport-missing', '/no-viewport.html'],
  ['canonical-conflict', '/canonical-conflict.html'],
  ['title-duplicate', '/duplicate-a.html'],
  ['title-duplicate', '/duplicate-b.html'],
  ['structured-data-invalid', '/bad-json-ld.html', 'block 1'],
  ['description-missing', '/no-description.html'],
  ['description-duplicate', '/duplicate-a.html'],
  ['description-duplicate', '/duplicate-b.html'],
  ['sitemap-missing', '/'],
  ['h1-missing', '/no-h1.html'],
  ['img-alt-missing', '/'],
  ['redirect-chain', '/', '/old-menu'],
  ['title-too-long', '/long-title.html'],
  ['canonical-missing', '/no-canonical.html'],
  ['canonical-invalid', '/canonical-relative.html', '/canonical-relative.html'],
  ['page-heavy', '/heavy.html'],
  ['lang-missing', '/no-lang.html'],
  ['lang-invalid', '/bad-lang.html'],
  ['structured-data-missing', '/'],
  ['title-too-short', '/short-title.html'],
  ['og-missing', '/no-og.html'],
  ['description-too-long', '/long-description.html'],
  ['description-too-short', '/short-description.html'],
  ['h1-multiple', '/two-h1.html'],
  ['page-blocked-by-robots', '/', '/private/staff.html'],
  ['crawl-incomplete', '/'],
]

/** Rules that end or change a check by their nature, planted in variants of the same site. */
const plantedInVariants: RuleId[] = [
  'home-unreachable',
  'home-blocked-by-robots',
  'robots-txt-missing',
]

const userAgent = 'MurmurBot/0.1 (+https://murmur.test)'
let site: FixtureSite
let report: SiteCheckReport
const progress: SiteCheckProgress[] = []

const path = (url: string) => {
  const parsed = new URL(url)
  return `${parsed.pathname}${parsed.search}`
}
const relative = (value: string | undefined) =>
  value === undefined ? undefined : value.startsWith('http') ? path(value) : value

beforeAll(async () => {
  site = await serveFixture('planted')
  report = await runSiteCheck(`${site.origin}/`, {
    allowLoopback: true,
    userAgent,
    onProgress: (step) => progress.push(step),
  })
})
afterAll(() => site.close())

describe('site check on a site with every problem planted', () => {
  test('finds each planted problem on the right page, and nothing else', () => {
    const found = report.findings.map((item) =>
      [item.ruleId, path(item.pageUrl), relative(item.subject)].filter(
        (part) => part !== undefined,
      ),
    )
    const expected = planted.map((row) => row.filter((part) => part !== undefined))
    expect(found).toEqual(expect.arrayContaining(expected))
    expect(found).toHaveLength(expected.length)
  })

  test('the fixtures cover every rule in the table', () => {
    const covered = new Set<string>([...planted.map(([id]) => id), ...plantedInVariants])
    expect(seoRules.map((rule) => rule.id).filter((id) => !covered.has(id))).toEqual([])
  })

  test('findings are ranked errors first, by impact, with plain messages and fixes', () => {
    const ranks = { error: 0, warning: 1, info: 2 }
    const order = report.findings.map((item) => ranks[item.severity])
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(report.counts).toEqual({
      error: report.findings.filter((item) => item.severity === 'error').length,
      warning: report.findings.filter((item) => item.severity === 'warning').length,
      info: report.findings.filter((item) => item.severity === 'info').length,
    })
    for (const item of report.findings) {
      expect(item.message).not.toMatch(/\{\w+\}/)
      expect(item.fix.length).toBeGreaterThan(10)
      expect(item.why.length).toBeGreaterThan(10)
    }
    const broken = report.findings.find((item) => item.ruleId === 'broken-link')
    expect(broken?.message).toBe(`Links to ${site.origin}/gone.html, which answers 404.`)
  })

  test('obeys robots.txt, stops at 50 pages besides the home page, says who it is', () => {
    const paths = site.requests.map((request) => request.path)
    expect(paths[0]).toBe('/robots.txt')
    expect(paths).not.toContain('/private/staff.html')
    const pagesFetched = paths.filter((p) => p !== '/robots.txt' && p !== '/sitemap.xml')
    // Home, 50 linked addresses, and the two redirect hops of /old-menu.
    expect(pagesFetched.length).toBe(1 + 50 + 2)
    expect(report.notChecked).toBeGreaterThan(0)
    expect(new Set(site.requests.map((request) => request.userAgent))).toEqual(new Set([userAgent]))
  })

  test('breadth-first: every page linked from the home page is checked before deeper ones', () => {
    const checked = new Set(report.pages.map((page) => path(page.url)))
    for (const [, page] of planted) expect(checked.has(page)).toBe(true)
    expect(path(report.pages[0]?.url ?? '')).toBe('/')
  })

  test('reports progress up to done = total', () => {
    expect(progress.length).toBeGreaterThan(10)
    const last = progress.at(-1)
    expect(last?.done).toBe(last?.total)
    for (const [index, step] of progress.entries()) {
      expect(step.done).toBeLessThanOrEqual(step.total)
      if (index > 0) expect(step.done).toBeGreaterThanOrEqual(progress[index - 1]?.done ?? 0)
    }
  })
})

describe('site check variants', () => {
  async function checkVariant(overrides: Parameters<typeof serveFixture>[1]) {
    const variant = await serveFixture('planted', overrides)
    try {
      const result = await runSiteCheck(`${variant.origin}/`, { allowLoopback: true, maxPages: 3 })
      return { result, requests: variant.requests.map((request) => request.path) }
    } finally {
      await variant.close()
    }
  }

  test('no robots.txt', async () => {
    const { result } = await checkVariant({ overrides: { '/robots.txt': { status: 404 } } })
    const missing = result.findings.find((item) => item.ruleId === 'robots-txt-missing')
    expect(missing?.message).toMatch(
      /^No robots.txt at http:\/\/127\.0\.0\.1:\d+\/robots\.txt \(it answered 404\)\.$/,
    )
    expect(path(missing?.pageUrl ?? '')).toBe('/')
  })

  test('robots.txt forbids the home page: nothing else is fetched', async () => {
    const { result, requests } = await checkVariant({
      overrides: { '/robots.txt': { body: 'User-agent: *\nDisallow: /\n' } },
    })
    expect(requests).toEqual(['/robots.txt'])
    expect(result.findings.map((item) => item.ruleId)).toEqual(['home-blocked-by-robots'])
    expect(result.findings[0]?.message).toMatch(/line 2\)\.$/)
  })

  test('robots.txt rules for MurmurBot apply to it', async () => {
    const { requests } = await checkVariant({
      overrides: {
        '/robots.txt': {
          body: 'User-agent: MurmurBot\nDisallow: /no-\n\nUser-agent: *\nAllow: /\n',
        },
      },
    })
    expect(requests.some((request) => request.startsWith('/no-'))).toBe(false)
  })

  test('a home page that fails', async () => {
    const { result } = await checkVariant({ overrides: { '/': { status: 500, body: 'oops' } } })
    expect(result.findings.map((item) => [item.ruleId, item.message])).toContainEqual([
      'home-unreachable',
      'The home page answered 500.',
    ])
    expect(result.counts.error).toBeGreaterThan(0)
  })

  test('the page limit is an option', async () => {
    const { result } = await checkVariant({})
    expect(result.pages.length).toBeLessThanOrEqual(4)
    expect(result.findings.find((item) => item.ruleId === 'crawl-incomplete')?.message).toMatch(
      /page limit reached/,
    )
  })

  test('a re-run compares with the last run', async () => {
    const fixed = await serveFixture('planted', {
      overrides: { '/gone.html': { body: '<!doctype html><title>Back</title>' } },
    })
    try {
      const before = await runSiteCheck(`${fixed.origin}/`, { allowLoopback: true, maxPages: 30 })
      const after = await runSiteCheck(`${fixed.origin}/`, { allowLoopback: true, maxPages: 30 })
      expect(compareRuns(before.findings, after.findings)).toMatchObject({ added: [], fixed: [] })
      const brokenBefore = report.findings
        .filter((item) => item.ruleId === 'broken-link')
        .map((item) => ({ ...item, pageUrl: item.pageUrl.replace(site.origin, fixed.origin) }))
      const comparison = compareRuns([...before.findings, ...brokenBefore], after.findings)
      expect(comparison.fixed.map((item) => item.ruleId)).toEqual(['broken-link'])
    } finally {
      await fixed.close()
    }
  })
})

describe('site check on a clean site', () => {
  test('reports nothing', async () => {
    const clean = await serveFixture('clean', { https: true })
    try {
      const result = await runSiteCheck(`${clean.origin}/`, {
        allowLoopback: true,
        tlsCa: fixtureCert,
      })
      expect(result.findings).toEqual([])
      expect(result.counts).toEqual({ error: 0, warning: 0, info: 0 })
      expect(result.pages.map((page) => path(page.url))).toEqual([
        '/',
        '/menu.html',
        '/about.html',
        '/contact.html',
      ])
      // The PDF, the e-mail address and Instagram are not fetched.
      expect(clean.requests.map((request) => request.path).sort()).toEqual(
        ['/', '/about.html', '/contact.html', '/menu.html', '/robots.txt', '/sitemap.xml'].sort(),
      )
    } finally {
      await clean.close()
    }
  })
})

describe('site check safety', () => {
  test('refuses private and loopback addresses unless loopback is allowed for a test', async () => {
    const refused = await runSiteCheck(`${site.origin}/`).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(SafeFetchError)
    expect((refused as SafeFetchError).message).toBe('refused: 127.0.0.1 is a loopback address')
    for (const address of [
      'http://10.0.0.5/',
      'http://169.254.169.254/',
      'http://[fd00:ec2::254]/',
    ]) {
      const error = await runSiteCheck(address, { allowLoopback: true }).catch(
        (caught: unknown) => caught,
      )
      expect((error as SafeFetchError).code).toBe('refused_address')
    }
    const local = await runSiteCheck('http://localhost/').catch((error: unknown) => error)
    expect((local as SafeFetchError).message).toMatch(
      /^refused: .* is a loopback address \(localhost resolves to it\)$/,
    )
  })

  test('only http and https sites', async () => {
    const error = await runSiteCheck('ftp://example.com/').catch((caught: unknown) => caught)
    expect((error as SafeFetchError).code).toBe('unsupported_scheme')
  })
})
