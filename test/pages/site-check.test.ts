import { createServer } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApp } from '../../src/http/app.js'
import { runSiteCheck, type SiteCheckReport } from '../../src/seo/index.js'
import { BAKERY_SETTINGS, type PagesWorld, pagesWorld, TASTING } from './world.js'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/**
 * Murmur's own site check, pointed at Murmur's public pages served over real HTTP: the crawler
 * reads robots.txt and the sitemap, follows every link, and must find nothing to fix but the
 * missing HTTPS of a test server.
 */
describe('the site check finds nothing to fix on Murmur’s own pages', () => {
  let w: PagesWorld
  let close: () => Promise<void>
  let report: SiteCheckReport
  let origin: string

  beforeAll(async () => {
    const port = await freePort()
    origin = `http://127.0.0.1:${port}`
    w = await pagesWorld('sqlite', { publicUrl: origin })
    // The links point back at this server: the test machine reaches no other site.
    await w.savePage({
      ...BAKERY_SETTINGS,
      links: [
        {
          label: 'Our winter tasting',
          url: `${origin}/p/corner-bakery/events/winter-bread-tasting`,
        },
      ],
    })
    await w.createEvent(TASTING)
    await w.createEvent({
      title: 'Sourdough workshop online',
      starts_at: '2026-12-12T10:00',
      online_url: 'https://meet.example/sourdough',
      status: 'published',
    })
    const server = serve({ fetch: createApp(w.murmur).fetch, port, hostname: '127.0.0.1' })
    close = () => new Promise((resolve) => server.close(() => resolve()))
    report = await runSiteCheck(`${origin}/p/corner-bakery`, {
      allowLoopback: true,
      maxPages: 20,
      timeLimitMs: 30_000,
    })
  })
  afterAll(async () => {
    await close?.()
    await w?.cleanup()
  })

  test('every page was reached and read', () => {
    const urls = report.pages.map((page) => page.url)
    expect(urls).toContain(`${origin}/p/corner-bakery`)
    expect(urls).toContain(`${origin}/p/corner-bakery/events/winter-bread-tasting`)
    expect(urls).toContain(`${origin}/p/corner-bakery/events/sourdough-workshop-online`)
    for (const page of report.pages) expect(page.status, page.url).toBe(200)
  })

  test('no errors and no warnings; only "not HTTPS", which a test server cannot help', () => {
    const findings = report.findings.map((f) => `${f.ruleId} ${f.pageUrl} ${f.message}`)
    expect(findings.filter((f) => !f.startsWith('not-https'))).toEqual([])
  })
})
