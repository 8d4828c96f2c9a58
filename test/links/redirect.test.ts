import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HOUR_MS } from '../../src/core/links/visitor.js'
import { WorkerClickStore } from '../../src/links/worker-click-store.js'
import { testDialects } from '../support/databases.js'
import { CHROME, IPHONE, trafficWorld } from './support.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: the redirect`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    beforeAll(async () => {
      w = await trafficWorld(dialect)
    })
    afterAll(() => w.cleanup())

    const clicksOf = (linkId: string) =>
      w.t.murmur.db
        .selectFrom('clicks')
        .selectAll()
        .where('link_id', '=', linkId)
        .orderBy('at')
        .execute()

    test('302 to the tagged destination with a click id; the click lands after the flush', async () => {
      const link = await w.createLink(w.owner, {
        destination: 'https://cornerbakery.example/menu?lang=en#today',
        code: 'Menu',
        utm_source: 'instagram',
        utm_medium: 'social',
      })
      expect(link.code).toBe('menu')
      const response = await w.visit('MENU', {
        referer: 'https://l.instagram.com/?u=whatever',
        ip: '8.8.8.8',
      })
      // Still in the buffer when the 302 is answered: the redirect never waits for the database.
      // (Read before any other await: the buffer's flush timer may run at the next turn.)
      expect(w.traffic().recorder.pending).toBeGreaterThan(0)
      expect(response.status).toBe(302)
      expect(response.headers.get('cache-control')).toBe('no-store')
      const location = response.headers.get('location') ?? ''
      const match =
        /^https:\/\/cornerbakery\.example\/menu\?lang=en&utm_source=instagram&utm_medium=social&mm=([0-9a-z]{18})#today$/.exec(
          location,
        )
      expect(match, location).not.toBeNull()
      await w.settle()
      const [click] = await clicksOf(link.id)
      expect(click).toMatchObject({
        id: match?.[1],
        link_id: link.id,
        at: w.clock.now,
        referrer_host: 'instagram.com',
        country: 'US',
        device: 'mobile',
        browser: 'Mobile Safari',
        os: 'iOS',
        is_bot: 0,
        is_unique: 1,
        via_qr: 0,
      })
    })

    test('no raw IP address or user agent is stored anywhere', async () => {
      const link = await w.createLink(w.owner, { destination: 'https://example.com/privacy' })
      await w.visit(link.code, { ip: '198.51.100.23', ua: CHROME })
      await w.visit(link.code, { ip: '2001:db8::1234', ua: CHROME })
      await w.settle()
      const everything = JSON.stringify(
        await Promise.all(
          (['clicks', 'click_hourly', 'click_daily', 'visitor_salts'] as const).map((table) =>
            w.t.murmur.db.selectFrom(table).selectAll().execute(),
          ),
        ),
      )
      for (const secret of [
        '198.51.100.23',
        '2001:db8::1234',
        '198.51.100',
        'Windows NT 10.0',
        '203.0.113.7',
      ])
        expect(everything).not.toContain(secret)
      const clicks = await clicksOf(link.id)
      expect(clicks).toHaveLength(2)
      expect(clicks[0]?.visitor_id).toMatch(/^[\w-]{22}$/)
      expect(clicks[0]?.visitor_id).not.toBe(clicks[1]?.visitor_id)
    })

    test('bots, preview fetchers and HEAD requests are recorded as bot hits, not clicks', async () => {
      const link = await w.createLink(w.owner, { destination: 'https://example.com/bots' })
      const bot = await w.visit(link.code, {
        ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      })
      expect(bot.status).toBe(302)
      expect(bot.headers.get('location')).toBe('https://example.com/bots') // no click id for bots
      const preview = await w.visit(link.code, { ua: 'facebookexternalhit/1.1' })
      expect(preview.status).toBe(302) // no preview fields: the fetcher reads the destination's own tags
      const head = await w.visit(link.code, { method: 'HEAD' })
      expect(head.status).toBe(302)
      await w.visit(link.code, { ua: '' })
      await w.settle()
      const clicks = await clicksOf(link.id)
      expect(clicks).toHaveLength(4)
      expect(clicks.every((c) => c.is_bot === 1 && c.is_unique === 0)).toBe(true)
      const stats = await w.owner.get(`${w.base}/links/${link.id}/stats`)
      expect(stats.body.totals).toEqual({ clicks: 0, unique_clicks: 0, bot_hits: 4 })
      const listed = await w.owner.get(`${w.base}/links/${link.id}`)
      expect(listed.body.clicks).toBe(0)
    })

    test('preview fetchers get the Open Graph page, escaped', async () => {
      const link = await w.createLink(w.owner, {
        destination: 'https://example.com/og?a=1&b="2"',
        title: 'Fresh <script>alert("x")</script> bread',
        description: `Croissants & "pain" au chocolat's`,
        image_url: 'https://cdn.example/bread.jpg?w=1200&h=630',
      })
      const response = await w.visit(link.code, { ua: 'Twitterbot/1.0' })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toContain('text/html')
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
      const html = await response.text()
      expect(html).not.toContain('<script>')
      expect(html).toContain(
        '<meta property="og:title" content="Fresh &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; bread">',
      )
      expect(html).toContain('content="Croissants &amp; &quot;pain&quot; au chocolat&#39;s"')
      expect(html).toContain(
        '<meta property="og:image" content="https://cdn.example/bread.jpg?w=1200&amp;h=630">',
      )
      expect(html).toContain(`<meta property="og:url" content="${link.short_url}">`)
      // a person still goes straight through
      const person = await w.visit(link.code)
      expect(person.status).toBe(302)
    })

    test('the same visitor on the same link counts once an hour', async () => {
      const link = await w.createLink(w.owner, { destination: 'https://example.com/unique' })
      const other = await w.createLink(w.owner, { destination: 'https://example.com/other' })
      const start = w.clock.now
      await w.visit(link.code, { ip: '192.0.2.1' })
      w.clock.now = start + 20 * 60_000
      await w.visit(link.code, { ip: '192.0.2.1' }) // same person, 20 minutes later
      await w.visit(other.code, { ip: '192.0.2.1' }) // same person, another link
      await w.visit(link.code, { ip: '192.0.2.2' }) // someone else
      w.clock.now = start + HOUR_MS + 1
      await w.visit(link.code, { ip: '192.0.2.1' }) // over an hour after the first unique click
      await w.settle()
      const clicks = await clicksOf(link.id)
      expect(clicks.map((c) => c.is_unique)).toEqual([1, 0, 1, 1])
      expect((await clicksOf(other.id)).map((c) => c.is_unique)).toEqual([1])
      w.clock.now = start
    })

    test('rollups: hourly per link and for the workspace, daily per dimension', async () => {
      const link = await w.createLink(w.owner, { destination: 'https://example.com/rollups' })
      const start = Date.UTC(2027, 2, 2, 10, 15)
      w.clock.now = start
      await w.visit(link.code, { ip: '192.0.2.10', ua: IPHONE })
      await w.visit(link.code, { ip: '192.0.2.11', ua: CHROME, referer: 'https://t.co/xyz' })
      await w.visit(link.code, { ip: '192.0.2.11', ua: CHROME, query: '?qr=1' })
      await w.visit(link.code, { ua: 'curl/8.0' })
      await w.settle() // two flushes add up in the same rows
      w.clock.now = start + HOUR_MS
      await w.visit(link.code, { ip: '192.0.2.10', ua: IPHONE })
      await w.settle()
      const hourly = await w.t.murmur.db
        .selectFrom('click_hourly')
        .select(['link_id', 'hour', 'clicks', 'unique_clicks', 'bot_hits'])
        .where('link_id', '=', link.id)
        .orderBy('hour')
        .execute()
      expect(hourly).toEqual([
        {
          link_id: link.id,
          hour: Date.UTC(2027, 2, 2, 10),
          clicks: 3,
          unique_clicks: 2,
          bot_hits: 1,
        },
        {
          link_id: link.id,
          hour: Date.UTC(2027, 2, 2, 11),
          clicks: 1,
          unique_clicks: 1,
          bot_hits: 0,
        },
      ])
      const daily = await w.t.murmur.db
        .selectFrom('click_daily')
        .select(['dimension', 'value', 'clicks', 'unique_clicks'])
        .where('link_id', '=', link.id)
        .where('dimension', 'in', ['device', 'referrer', 'via'])
        .orderBy('dimension')
        .orderBy('value')
        .execute()
      expect(daily).toEqual([
        { dimension: 'device', value: 'desktop', clicks: 2, unique_clicks: 1 },
        { dimension: 'device', value: 'mobile', clicks: 2, unique_clicks: 2 },
        { dimension: 'referrer', value: 'direct', clicks: 3, unique_clicks: 2 },
        { dimension: 'referrer', value: 'x.com', clicks: 1, unique_clicks: 1 },
        { dimension: 'via', value: 'link', clicks: 3, unique_clicks: 3 },
        { dimension: 'via', value: 'qr', clicks: 1, unique_clicks: 0 },
      ])
      // The workspace rows hold this link's clicks too.
      const workspaceHour = await w.t.murmur.db
        .selectFrom('click_hourly')
        .select(['clicks'])
        .where('link_id', '=', '')
        .where('hour', '=', Date.UTC(2027, 2, 2, 10))
        .executeTakeFirstOrThrow()
      expect(workspaceHour.clicks).toBe(3)
    })

    test('the rollup job sums each click once; clicks stored late are summed as they are stored', async () => {
      const link = await w.createLink(w.owner, { destination: 'https://example.com/late' })
      const hourOf = async (hour: number) =>
        (
          await w.t.murmur.db
            .selectFrom('click_hourly')
            .select(['clicks', 'bot_hits'])
            .where('link_id', '=', link.id)
            .where('hour', '=', hour)
            .executeTakeFirst()
        )?.clicks ?? 0
      const start = Date.UTC(2027, 2, 3, 8, 10)
      w.clock.now = start
      await w.visit(link.code, { ip: '192.0.2.30' })
      await w.settle()
      await w.settle() // nothing new: nothing added twice
      expect(await hourOf(Date.UTC(2027, 2, 3, 8))).toBe(1)
      // A click that waits in memory past the job's reach (the database was down, say)
      await w.visit(link.code, { ip: '192.0.2.31' })
      w.clock.now = start + HOUR_MS
      await w.traffic().flush()
      const [late] = await w.t.murmur.db
        .selectFrom('clicks')
        .select(['rolled'])
        .where('link_id', '=', link.id)
        .orderBy('id', 'desc')
        .execute()
      expect(late?.rolled).toBe(1)
      expect(await hourOf(Date.UTC(2027, 2, 3, 8))).toBe(2) // summed as it was stored
      await w.settle()
      expect(await hourOf(Date.UTC(2027, 2, 3, 8))).toBe(2) // and not again by the job
    })

    test('unknown codes get a friendly 404 page; archived and expired links a 410 page', async () => {
      for (const code of [
        'nothing-here',
        'bad%20code',
        '..%2Fetc',
        '%3Cscript%3E',
        'x'.repeat(80),
      ]) {
        const response = await w.visit(code)
        expect(response.status).toBe(404)
        expect(await response.text()).toContain('This link does not exist')
      }
      const link = await w.createLink(w.owner, {
        destination: 'https://example.com/soon-gone',
        expires_at: new Date(w.clock.now + HOUR_MS).toISOString(),
      })
      expect((await w.visit(link.code)).status).toBe(302)
      w.clock.now += 2 * HOUR_MS
      const expired = await w.visit(link.code)
      expect(expired.status).toBe(410)
      expect(await expired.text()).toContain('no longer active')

      const archivable = await w.createLink(w.owner, {
        destination: 'https://example.com/archive-me',
      })
      expect((await w.visit(archivable.code)).status).toBe(302) // now cached
      const archived = await w.owner.patch(`${w.base}/links/${archivable.id}`, { archived: true })
      expect(archived.status).toBe(200)
      expect(archived.body.archived_at).not.toBeNull()
      expect((await w.visit(archivable.code)).status).toBe(410) // the cache forgot it at once
      await w.owner.patch(`${w.base}/links/${archivable.id}`, { archived: false })
      expect((await w.visit(archivable.code)).status).toBe(302)
    })

    test('edits reach the redirect at once, including a new back-half', async () => {
      const link = await w.createLink(w.owner, {
        destination: 'https://example.com/v1',
        track_conversions: false,
      })
      expect((await w.visit(link.code)).headers.get('location')).toBe('https://example.com/v1')
      await w.owner.patch(`${w.base}/links/${link.id}`, {
        destination: 'https://example.com/v2',
        code: 'v2-menu',
      })
      expect((await w.visit('v2-menu')).headers.get('location')).toBe('https://example.com/v2')
      expect((await w.visit(link.code)).status).toBe(404)
      // A code cached as unknown starts working as soon as a link takes it.
      expect((await w.visit('brand-new')).status).toBe(404)
      await w.createLink(w.owner, { destination: 'https://example.com/new', code: 'brand-new' })
      expect((await w.visit('brand-new')).status).toBe(302)
    })

    test('if the click worker dies, a new one takes over and no click is lost', async () => {
      const link = await w.createLink(w.owner, { destination: 'https://example.com/worker' })
      const store = await w.traffic().store
      expect(store).toBeInstanceOf(WorkerClickStore)
      await (store as WorkerClickStore).terminate()
      await w.visit(link.code, { ip: '192.0.2.40' })
      await w.visit(link.code, { ip: '192.0.2.41' })
      await w.traffic().flush() // the first try fails on the dead worker; the retry uses a new one
      await w.settle()
      expect(await clicksOf(link.id)).toHaveLength(2)
    })

    test('/metrics shows the click buffer', async () => {
      const metrics = await w.api.app.request('/metrics')
      const text = await metrics.text()
      expect(text).toMatch(/^murmur_click_buffer_size \d+$/m)
      expect(text).toMatch(/^murmur_clicks_stored \d+$/m)
    })

    test('close() writes every buffered click', async () => {
      const link = await w.createLink(w.owner, { destination: 'https://example.com/close' })
      for (let i = 0; i < 25; i++) await w.visit(link.code, { ip: `192.0.2.${i}` })
      expect(w.traffic().recorder.pending).toBeGreaterThanOrEqual(25)
      await w.traffic().close()
      expect(await clicksOf(link.id)).toHaveLength(25)
    })
  })
}

describe('the Node listener in front of the app', () => {
  test('answers /l/CODE over a real socket and leaves everything else to the app', async () => {
    const { createServer } = await import('node:http')
    const { getRequestListener } = await import('@hono/node-server')
    const { redirectListener } = await import('../../src/http/redirect.js')
    const w = await trafficWorld('sqlite')
    try {
      const link = await w.createLink(w.owner, { destination: 'https://example.com/fast?x=1' })
      const redirect = redirectListener(w.t.murmur)
      const app = getRequestListener(w.api.app.fetch)
      const server = createServer((request, response) => {
        if (!redirect(request, response)) void app(request, response)
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const { port } = server.address() as { port: number }
      const base = `http://127.0.0.1:${port}`
      const get = (path: string, init: RequestInit = {}) =>
        fetch(base + path, {
          redirect: 'manual',
          ...init,
          headers: { 'user-agent': IPHONE, 'x-forwarded-for': '8.8.4.4' },
        })
      const first = await get(`/l/${link.code.toUpperCase()}?qr=1`)
      expect(first.status).toBe(302)
      expect(first.headers.get('location')).toMatch(
        /^https:\/\/example\.com\/fast\?x=1&mm=[0-9a-z]{18}$/,
      )
      expect((await get(`/l/${link.code}`, { method: 'HEAD' })).status).toBe(302)
      expect((await get('/l/no-such-link')).status).toBe(404)
      expect((await get('/l/%E0%A4%A')).status).toBe(404)
      const health = await get('/healthz')
      expect(health.status).toBe(200) // the app still answers everything else
      await w.settle()
      const clicks = await w.t.murmur.db
        .selectFrom('clicks')
        .select(['is_bot', 'via_qr', 'country'])
        .where('link_id', '=', link.id)
        .orderBy('is_bot') // both clicks can share a millisecond, so ids need not follow request order
        .execute()
      expect(clicks).toEqual([
        { is_bot: 0, via_qr: 1, country: 'US' },
        { is_bot: 1, via_qr: 0, country: null },
      ])
      await new Promise((resolve) => server.close(resolve))
    } finally {
      await w.cleanup()
    }
  })
})
