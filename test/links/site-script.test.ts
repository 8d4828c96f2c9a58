import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { testDialects } from '../support/databases.js'
import { CHROME, IPHONE, trafficWorld } from './support.js'

const SHOP = 'https://cornerbakery.example'

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever came back
const bodyOf = async (response: Response): Promise<any> => response.json()

for (const dialect of await testDialects()) {
  describe(`${dialect}: the site script and its public endpoints`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    let key: string
    beforeAll(async () => {
      w = await trafficWorld(dialect, Date.UTC(2027, 5, 3, 9, 0))
      const settings = await w.owner.patch(`${w.base}/traffic/settings`, {
        site_origins: ['https://cornerbakery.example/', 'shop.cornerbakery.example'],
      })
      expect(settings.status).toBe(200)
      key = settings.body.site_key
    })
    afterAll(() => w.cleanup())

    /** A request from a page of the shop, as the script sends it (text/plain, no preflight). */
    const send = (
      action: string,
      body: unknown,
      options: { origin?: string | null; ip?: string; ua?: string; siteKey?: string } = {},
    ) => {
      const headers: Record<string, string> = {
        'content-type': 'text/plain;charset=UTF-8',
        'user-agent': options.ua ?? IPHONE,
        'x-forwarded-for': options.ip ?? '198.51.100.20',
      }
      if (options.origin !== null) headers.origin = options.origin ?? SHOP
      return w.api.app.request(`/t/${options.siteKey ?? key}/${action}`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      })
    }

    /** A visit through a link: the click id the redirect appended. */
    async function clickThrough(code: string, ip = '198.51.100.20') {
      const response = await w.visit(code, { ip, ua: IPHONE })
      const mm = new URL(response.headers.get('location') ?? 'x:').searchParams.get('mm')
      if (!mm) throw new Error('no click id')
      return mm
    }

    test('settings: a site key on first read; origins cleaned; clear 400s', async () => {
      const read = await w.owner.get(`${w.base}/traffic/settings`)
      expect(read.body).toMatchObject({
        auto_track_links: false,
        short_domain: null,
        site_key: key,
        site_origins: [SHOP, 'https://shop.cornerbakery.example'],
      })
      expect(read.body.site_key).toMatch(/^mms_[0-9a-z]{24}$/)
      expect(read.body.script_tag).toContain(`data-key="${key}"`)
      const bad = await w.owner.patch(`${w.base}/traffic/settings`, {
        site_origins: ['https://ok.example', 'https://shop.example/checkout'],
      })
      expect(bad.status).toBe(400)
      expect(bad.body.error.details).toEqual([
        { path: 'site_origins.1', message: expect.stringMatching(/origin only/) },
      ])
      const scheme = await w.owner.patch(`${w.base}/traffic/settings`, {
        site_origins: ['ftp://shop.example'],
      })
      expect(scheme.status).toBe(400)
      expect((await w.owner.get(`${w.base}/traffic/settings`)).body.site_origins).toHaveLength(2)
    })

    test('GET /t.js: JavaScript, cacheable, loadable from other sites, 304 on a match', async () => {
      const response = await w.api.app.request('/t.js')
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
      expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+/)
      expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
      const source = await response.text()
      expect(source).toContain('murmur_mm')
      expect(source.length).toBeLessThan(6000)
      // Valid JavaScript (parsed, not run).
      expect(() => new Function(source)).not.toThrow()
      const etag = response.headers.get('etag') ?? ''
      const again = await w.api.app.request('/t.js', { headers: { 'if-none-match': etag } })
      expect(again.status).toBe(304)
    })

    test('page views: stored with the click id, joined to the link; bots not counted', async () => {
      const link = await w.createLink(w.owner, {
        destination: `${SHOP}/menu`,
        campaign: 'june',
      })
      const mm = await clickThrough(link.code)
      const stored = await send('pageview', {
        path: '/menu',
        referrer: 'https://l.instagram.com/?u=x',
        mm,
      })
      expect(stored.status).toBe(204)
      expect(stored.headers.get('access-control-allow-origin')).toBe(SHOP)
      expect((await send('pageview', { path: '/about', mm })).status).toBe(204)
      expect((await send('pageview', { path: '/', referrer: null })).status).toBe(204)
      const bot = await send('pageview', { path: '/menu', mm }, { ua: 'Googlebot/2.1' })
      expect(bot.status).toBe(204)
      await w.settle()

      const stats = await w.owner.get(`${w.base}/traffic/site`)
      expect(stats.status).toBe(200)
      expect(stats.body).toMatchObject({
        page_views: 3,
        visitors: 1,
        page_views_from_links: 2,
        top_referrers: [{ referrer_host: 'instagram.com', page_views: 1 }],
        by_link: [
          { link_id: link.id, code: link.code, campaign: 'june', page_views: 2, visitors: 1 },
        ],
      })
      expect(stats.body.top_pages).toContainEqual({
        host: 'cornerbakery.example',
        path: '/menu',
        page_views: 1,
      })
      // The page view's visitor is the click's visitor: the same daily hash, never the address.
      const scope = new WorkspaceScope(w.t.murmur.db, w.workspace.id)
      const click = await scope
        .selectFrom('clicks')
        .select('visitor_id')
        .where('id', '=', mm)
        .executeTakeFirstOrThrow()
      const views = await scope
        .selectFrom('page_views')
        .selectAll()
        .where('click_id', '=', mm)
        .execute()
      expect(views.map((v) => v.visitor_id)).toEqual([click.visitor_id, click.visitor_id])
      expect(JSON.stringify(views)).not.toContain('198.51.100.20')
    })

    test('refused plainly: unknown key, other origins, no origin, bad bodies', async () => {
      const unknown = await send(
        'pageview',
        { path: '/' },
        { siteKey: 'mms_000000000000000000000000' },
      )
      expect(unknown.status).toBe(404)
      expect((await bodyOf(unknown)).error.message).toMatch(/Unknown site key/)
      const other = await send('pageview', { path: '/' }, { origin: 'https://evil.example' })
      expect(other.status).toBe(403)
      expect((await bodyOf(other)).error.message).toMatch(/evil\.example may not use this site key/)
      expect((await send('pageview', { path: '/' }, { origin: null })).status).toBe(403)

      const notJson = await send('pageview', 'path=/')
      expect(notJson.status).toBe(400)
      expect((await bodyOf(notJson)).error.code).toBe('invalid_json')
      for (const body of [
        null,
        [],
        { path: 'menu' },
        { path: '/', mm: 'abc' },
        { path: '/', x: 1 },
      ]) {
        const response = await send('pageview', body)
        expect(response.status, JSON.stringify(body)).toBe(400)
        expect((await bodyOf(response)).error.code).toBe('validation_failed')
      }
      const huge = await send('pageview', { path: `/${'a'.repeat(5000)}` })
      expect(huge.status).toBe(413)
      const sale = await send('convert', { kind: 'sale', value: 10, event_id: 'abcdefgh1' })
      expect(sale.status).toBe(400)
      expect((await bodyOf(sale)).error.details).toEqual([
        { path: 'currency', message: 'A sale needs a currency, such as EUR or USD.' },
      ])
      const yen = await send('convert', {
        kind: 'sale',
        value: 10.5,
        currency: 'JPY',
        email: 'sam@example.com',
        event_id: 'abcdefgh2',
      })
      expect(yen.status).toBe(400)
      expect((await bodyOf(yen)).error.message).toMatch(/JPY has 0 decimals/)
      const noClick = await send('convert', { kind: 'lead', event_id: 'abcdefgh3' })
      expect(noClick.status).toBe(400)
      const preflight = await w.api.app.request(`/t/${key}/convert`, {
        method: 'OPTIONS',
        headers: { origin: SHOP, 'access-control-request-method': 'POST' },
      })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get('access-control-allow-methods')).toBe('POST')
    })

    test('conversions: value in the currency, attributed to the click, replays counted once', async () => {
      const link = await w.createLink(w.owner, { destination: `${SHOP}/cakes` })
      const mm = await clickThrough(link.code, '198.51.100.30')
      const sale = {
        kind: 'sale',
        value: 24.5,
        currency: 'EUR',
        email: 'Sam@Example.com',
        event_id: 'evt_0001_abcdef',
        mm,
      }
      const first = await send('convert', sale, { ip: '198.51.100.30' })
      expect(first.status).toBe(201)
      const recorded = await bodyOf(first)
      expect(recorded).toMatchObject({
        kind: 'sale',
        amount: 2450,
        currency: 'EUR',
        replayed: false,
      })
      const replay = await send('convert', sale, { ip: '198.51.100.30' })
      expect(replay.status).toBe(200)
      expect(await bodyOf(replay)).toMatchObject({ id: recorded.id, replayed: true })

      const list = await w.owner.get(`${w.base}/conversions`)
      const mine = list.body.data.filter((c: { click_id: string }) => c.click_id === mm)
      expect(mine).toEqual([
        expect.objectContaining({ type: 'sale', amount: 2450, customer_id: 'sam@example.com' }),
      ])
      const report = await w.owner.get(`${w.base}/traffic/attribution?group_by=link`)
      expect(report.body.rows).toContainEqual(
        expect.objectContaining({ key: link.id, sales: 1, revenue: { EUR: 2450 } }),
      )
      // A lead from a visitor whose click is unknown but who gives an email is still kept.
      const lead = await send('convert', {
        kind: 'lead',
        email: 'sam@example.com',
        event_id: 'evt_0002_abcdef',
        mm: '0000000000aaaaaaaa',
      })
      expect(lead.status).toBe(201)
    })

    test("share(): the visitor's own child link, under the link they came through", async () => {
      const link = await w.createLink(w.owner, { destination: `${SHOP}/bread` })
      const mm = await clickThrough(link.code, '198.51.100.40')
      const first = await send('share', { mm }, { ip: '198.51.100.40' })
      expect(first.status).toBe(201)
      const mine = await bodyOf(first)
      expect(mine.short_url).toMatch(/\/l\/[a-z0-9]+$/)
      const again = await send('share', { mm }, { ip: '198.51.100.40' })
      expect(again.status).toBe(200)
      expect((await bodyOf(again)).code).toBe(mine.code)

      // A friend comes through that link and shares on: generation 2, under the first sharer.
      const friendClick = await clickThrough(mine.code, '198.51.100.41')
      const friend = await bodyOf(await send('share', { mm: friendClick }, { ip: '198.51.100.41' }))
      const tree = await w.owner.get(`${w.base}/share-links?root_kind=link&root_id=${link.id}`)
      const byCode = new Map(
        tree.body.data.map((s: { code: string }) => [s.code, s] as const),
      ) as Map<string, { id: string; generation: number; parent_share_link_id: string | null }>
      const root = byCode.get(link.code)
      const first1 = byCode.get(mine.code)
      const second = byCode.get(friend.code)
      expect(root?.generation).toBe(0)
      expect(first1).toMatchObject({ generation: 1, parent_share_link_id: root?.id })
      expect(second).toMatchObject({ generation: 2, parent_share_link_id: first1?.id })

      const unknown = await send('share', { mm: '0000000000bbbbbbbb' })
      expect(unknown.status).toBe(404)
      const bot = await send('share', { mm }, { ua: 'curl/8.0' })
      expect(bot.status).toBe(403)
    })

    test('rate limited per address with Retry-After', async () => {
      const ip = '198.51.100.99'
      for (let i = 0; i < 60; i++) {
        const response = await send('convert', { kind: 'lead' }, { ip, ua: CHROME })
        expect(response.status).toBe(400)
      }
      const limited = await send('convert', { kind: 'lead' }, { ip, ua: CHROME })
      expect(limited.status).toBe(429)
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await send('convert', { kind: 'lead' }, { ip: '198.51.100.98' })).status).toBe(400)
    })
  })
}
