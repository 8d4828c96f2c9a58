import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { STYLESHEET_PATH } from '../../src/pages/stylesheet.js'
import { PIXEL_PNG_BASE64 } from '../publishing/fixtures.js'
import { testDialects } from '../support/databases.js'
import {
  businessJsonLdProblems,
  eventJsonLdProblems,
  htmlProblems,
  jsonLdBlocks,
  lighthouseSeoFailures,
  metaContent,
  siteCheckFindings,
} from './validate.js'
import { BAKERY_SETTINGS, type PagesWorld, pagesWorld, TASTING } from './world.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: public pages are search-ready`, () => {
    let w: PagesWorld
    let robots: string
    let homeUrl: string
    let events: Array<{ id: string; slug: string; url: string }>

    beforeAll(async () => {
      w = await pagesWorld(dialect)
      const settings = (await w.savePage(BAKERY_SETTINGS)) as { url: string }
      homeUrl = settings.url
      events = [
        await w.createEvent(TASTING),
        await w.createEvent({
          title: 'Sourdough workshop online',
          description: 'Learn to keep a starter alive, from your own kitchen.',
          starts_at: '2026-12-12T10:00:00+01:00',
          online_url: 'https://meet.example/sourdough',
          status: 'published',
        }),
        await w.createEvent({
          title: 'Christmas market stall',
          starts_at: '2026-12-19T09:00',
          ends_at: '2026-12-19T17:00',
          place: { name: 'Marché Saxe-Breteuil', locality: 'Paris', country: 'FR' },
          online_url: 'https://cornerbakery.example/live',
          status: 'published',
        }),
      ]
      robots = (await w.get('/robots.txt')).text
    })
    afterAll(() => w.cleanup())

    const pages = () => [
      { url: homeUrl, isHome: true },
      ...events.map((event) => ({ url: event.url, isHome: false })),
    ]

    test('every page answers 200 with HTML that parses cleanly and is small', async () => {
      for (const { url } of pages()) {
        const page = await w.get(w.path(url))
        expect(page.status, url).toBe(200)
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
        expect(htmlProblems(page.text), url).toEqual([])
        expect(Buffer.byteLength(page.text), url).toBeLessThan(20_000)
        expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
        expect(page.text).not.toMatch(/<script(?![^>]*application\/ld\+json)/)
      }
    })

    test('every tag search engines and link previews read is present and right', async () => {
      const titles = new Set<string>()
      const descriptions = new Set<string>()
      for (const { url } of pages()) {
        const page = await w.get(w.path(url))
        const facts = w.facts(page.text, url)
        expect(facts.lang).toBe('en')
        expect(facts.hasViewport).toBe(true)
        expect(facts.h1Count).toBe(1)
        expect(facts.canonicalLinks).toEqual([url])
        expect(facts.robotsMeta).toEqual([])
        expect(facts.title?.length).toBeGreaterThanOrEqual(20)
        expect(facts.title?.length).toBeLessThanOrEqual(60)
        expect(facts.description?.length).toBeGreaterThanOrEqual(50)
        expect(facts.description?.length).toBeLessThanOrEqual(160)
        titles.add(facts.title ?? '')
        descriptions.add(facts.description ?? '')
        expect(facts.openGraph['og:title']).toBe(facts.title)
        expect(facts.openGraph['og:description']).toBe(facts.description)
        expect(facts.openGraph['og:url']).toBe(url)
        expect(facts.openGraph['og:type']).toBe('website')
        expect(metaContent(page.text, 'name', 'twitter:card')).toMatch(/^summary/)
        expect(metaContent(page.text, 'name', 'twitter:title')).toBe(facts.title)
        expect(page.text).toContain(`<link rel="stylesheet" href="${STYLESHEET_PATH}">`)
        expect(facts.jsonLd).toHaveLength(1)
        expect(facts.jsonLd[0]?.ok).toBe(true)
      }
      expect(titles.size).toBe(pages().length)
      expect(descriptions.size).toBe(pages().length)
    })

    test('the home page is a valid LocalBusiness of its kind, with hours, address and links', async () => {
      const page = await w.get(w.path(homeUrl))
      const [data] = jsonLdBlocks(page.text)
      expect(businessJsonLdProblems(data!)).toEqual([])
      expect(data).toMatchObject({
        '@type': 'Bakery',
        name: 'Corner Bakery',
        url: homeUrl,
        telephone: '+33 1 23 45 67 89',
        address: { streetAddress: '12 Rue Cler', addressLocality: 'Paris', postalCode: '75007' },
      })
      expect(data?.sameAs).toEqual([
        'https://cornerbakery.example/',
        'https://instagram.com/cornerbakery',
      ])
      expect(page.text).toContain('Opening hours')
      expect(page.text).toContain('<dt>Tuesday</dt><dd>07:30–19:00</dd>')
      expect(page.text).toContain('<dt>Monday</dt><dd>Closed</dd>')
      // The upcoming events link to their pages; the links go through tracked links.
      for (const event of events) expect(page.text).toContain(`href="${event.url}"`)
      expect(page.text).toMatch(/href="http:\/\/murmur\.test\/l\/[0-9a-z]+">Order a birthday cake</)
    })

    test('each event page is a valid schema.org Event with its times in the workspace zone', async () => {
      const expected = [
        { mode: 'Offline', start: '2026-12-05T18:00:00+01:00', end: '2026-12-05T20:00:00+01:00' },
        { mode: 'Online', start: '2026-12-12T10:00:00+01:00', end: '2026-12-12T12:00:00+01:00' },
        { mode: 'Mixed', start: '2026-12-19T09:00:00+01:00', end: '2026-12-19T17:00:00+01:00' },
      ]
      for (const [index, event] of events.entries()) {
        const page = await w.get(w.path(event.url))
        const [data] = jsonLdBlocks(page.text)
        expect(eventJsonLdProblems(data!), event.url).toEqual([])
        expect(data).toMatchObject({
          startDate: expected[index]?.start,
          endDate: expected[index]?.end,
          eventAttendanceMode: `https://schema.org/${expected[index]?.mode}EventAttendanceMode`,
          eventStatus: 'https://schema.org/EventScheduled',
          organizer: { name: 'Corner Bakery', url: homeUrl },
        })
      }
      const tasting = await w.get(w.path(events[0]!.url))
      expect(tasting.text).toContain('Saturday, December 5, 2026')
      expect(tasting.text).toContain('<strong>Places:</strong> 30 of 30 left')
      expect(tasting.text).toContain('Central European Standard Time')
    })

    test('every page passes the Lighthouse SEO audits and the site check finds nothing', async () => {
      for (const { url, isHome } of pages()) {
        const page = await w.get(w.path(url))
        const input = { url, status: page.status, headers: page.headers, html: page.text }
        expect(lighthouseSeoFailures({ ...input, robotsTxt: robots }), url).toEqual([])
        expect(siteCheckFindings(url, page.text, page.headers, isHome), url).toEqual([])
      }
    })

    test('link previews get an image sized for them: a drawn card, or the uploaded image', async () => {
      for (const { url } of pages()) {
        const page = await w.get(w.path(url))
        const image = w.facts(page.text, url).openGraph['og:image'] ?? ''
        expect(image, url).toMatch(
          /^http:\/\/murmur\.test\/p\/corner-bakery\/.*card-[0-9a-f]{12}\.jpg$/,
        )
        expect(metaContent(page.text, 'property', 'og:image:width')).toBe('1200')
        expect(metaContent(page.text, 'property', 'og:image:height')).toBe('630')
        expect(metaContent(page.text, 'name', 'twitter:card')).toBe('summary_large_image')
        const response = await w.api.app.request(w.path(image))
        expect(response.status, image).toBe(200)
        expect(response.headers.get('content-type')).toBe('image/jpeg')
        const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata()
        expect([meta.width, meta.height]).toEqual([1200, 630])
      }
      const media = await w.ok<{ id: string }>(
        w.owner.post(`${w.base}/media`, {
          data_base64: PIXEL_PNG_BASE64,
          alt_text: 'Our shop front',
        }),
        201,
      )
      await w.savePage({ image_media_id: media.id })
      const home = await w.get(w.path(homeUrl))
      const image = w.facts(home.text, homeUrl).openGraph['og:image'] ?? ''
      expect(image).toMatch(new RegExp(`/images/${media.id}-[0-9a-f]{12}\\.jpg$`))
      expect(metaContent(home.text, 'property', 'og:image:alt')).toBe('Our shop front')
      const response = await w.api.app.request(w.path(image))
      expect(response.headers.get('cache-control')).toContain('immutable')
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata()
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1200, 630])
      // Media the pages do not use stays private, and a stale hash is refused.
      const other = await w.ok<{ id: string }>(
        w.owner.post(`${w.base}/media`, {
          data_base64: PIXEL_PNG_BASE64,
          alt_text: 'x',
          file_name: 'b.png',
        }),
        201,
      )
      expect((await w.get(`${w.path(homeUrl)}/images/${other.id}-000000000000.jpg`)).status).toBe(
        404,
      )
      expect(
        (await w.get(w.path(image).replace(/-[0-9a-f]{12}\.jpg$/, '-0123456789ab.jpg'))).status,
      ).toBe(404)
      await w.savePage({ image_media_id: null })
    })

    test('robots.txt opens the pages and names the sitemap; the sitemap lists every page', async () => {
      expect(robots).toContain('Allow: /p/')
      expect(robots).toContain('Disallow: /api/')
      expect(robots).toContain('Sitemap: http://murmur.test/sitemap.xml')
      const sitemap = await w.get('/sitemap.xml')
      expect(sitemap.status).toBe(200)
      expect(sitemap.headers.get('content-type')).toBe('application/xml; charset=utf-8')
      expect(htmlProblems(`<!doctype html>${sitemap.text.replace(/^<\?xml[^>]*>/, '')}`)).toEqual(
        [],
      )
      const locs = [...sitemap.text.matchAll(/<loc>([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod>/g)]
      expect(locs.map((m) => m[1]).sort()).toEqual(
        pages()
          .map((p) => p.url)
          .sort(),
      )
      for (const match of locs) expect(match[2]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    })

    test('HEAD answers like GET, without a body', async () => {
      for (const { url } of pages()) {
        const response = await w.api.app.request(w.path(url), { method: 'HEAD' })
        expect(response.status, url).toBe(200)
        expect(await response.text()).toBe('')
      }
      const moved = await w.api.app.request('/p/Corner-Bakery', { method: 'HEAD' })
      expect(moved.status).toBe(301)
    })

    test('the stylesheet is small and cached for a year; a wrong hash is a 404', async () => {
      const css = await w.get(STYLESHEET_PATH)
      expect(css.status).toBe(200)
      expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(Buffer.byteLength(css.text)).toBeLessThan(6000)
      expect((await w.get('/p/assets/pages-000000000000.css')).status).toBe(404)
    })

    test('unknown addresses answer a friendly 404 that is never indexed', async () => {
      for (const path of [
        '/p/no-such-bakery',
        `${w.path(homeUrl)}/events/no-such-event`,
        `${w.path(homeUrl)}/nothing-here`,
        `${w.path(events[0]!.url)}/extra/segments`,
      ]) {
        const page = await w.get(path)
        expect(page.status, path).toBe(404)
        expect(page.text).toContain('This page does not exist')
        expect(w.facts(page.text, `http://murmur.test${path}`).robotsMeta).toEqual(['noindex'])
        expect(htmlProblems(page.text)).toEqual([])
      }
    })

    test('draft events and unpublished home pages are not public', async () => {
      const draft = await w.createEvent({ title: 'Secret tasting', starts_at: '2026-12-24T18:00' })
      expect((await w.get(w.path(draft.url))).status).toBe(404)
      await w.savePage({ published: false })
      expect((await w.get(w.path(homeUrl))).status).toBe(404)
      // Published events stay public, without a link to the unpublished home page.
      const event = await w.get(w.path(events[0]!.url))
      expect(event.status).toBe(200)
      expect(event.text).not.toContain('More from')
      const sitemap = await w.get('/sitemap.xml')
      expect(sitemap.text).not.toContain(`<loc>${homeUrl}</loc>`)
      expect(sitemap.text).not.toContain(draft.slug)
      await w.savePage({ published: true })
    })

    test('renamed slugs answer 301 to the new address; old links keep working', async () => {
      const event = events[0]!
      const renamed = await w.ok<{ url: string; slug: string }>(
        w.owner.patch(`${w.base}/events/${event.id}`, { slug: 'bread-tasting-2026' }),
      )
      const old = await w.get(w.path(event.url))
      expect(old.status).toBe(301)
      expect(old.headers.get('location')).toBe(renamed.url)
      expect((await w.get(`${w.path(event.url)}/calendar.ics`)).headers.get('location')).toBe(
        `${renamed.url}/calendar.ics`,
      )
      expect((await w.get(w.path(renamed.url))).status).toBe(200)

      await w.savePage({ slug: 'corner-bakery-paris' })
      const home = await w.get('/p/corner-bakery')
      expect(home.status).toBe(301)
      expect(home.headers.get('location')).toBe('/p/corner-bakery-paris')
      const deep = await w.get('/p/corner-bakery/events/bread-tasting-2026')
      expect(deep.headers.get('location')).toBe('/p/corner-bakery-paris/events/bread-tasting-2026')
      expect((await w.get('/p/corner-bakery-paris')).status).toBe(200)
      // Upper case and a trailing slash are the same page, said once.
      expect((await w.get('/p/Corner-Bakery-Paris')).headers.get('location')).toBe(
        '/p/corner-bakery-paris',
      )
      expect((await w.get('/p/corner-bakery-paris/')).headers.get('location')).toBe(
        '/p/corner-bakery-paris',
      )
      // Back again: the first slug is live, the second one redirects.
      await w.savePage({ slug: 'corner-bakery' })
      expect((await w.get('/p/corner-bakery')).status).toBe(200)
      expect((await w.get('/p/corner-bakery-paris')).headers.get('location')).toBe(
        '/p/corner-bakery',
      )
      events[0] = { ...event, url: renamed.url.replace('corner-bakery-paris', 'corner-bakery') }
    })

    test('a cancelled event keeps its page, says so, and takes no sign-ups', async () => {
      const event = events[1]!
      await w.ok(w.owner.patch(`${w.base}/events/${event.id}`, { status: 'cancelled' }))
      const page = await w.get(w.path(event.url))
      expect(page.status).toBe(200)
      expect(page.text).toContain('This event is cancelled.')
      expect(page.text).not.toContain('name="token"')
      const [data] = jsonLdBlocks(page.text)
      expect(data?.eventStatus).toBe('https://schema.org/EventCancelled')
      await w.ok(w.owner.patch(`${w.base}/events/${event.id}`, { status: 'published' }))
    })
  })
}
