import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CHROME, IPHONE, trafficWorld } from '../links/support.js'
import { testDialects } from '../support/databases.js'

/**
 * The public side of share links through real HTTP requests: the share page
 * with its "Share this" button (a plain form, no script), the visitor's own
 * link, and `?ref=` visits reported by the site script.
 */
for (const dialect of await testDialects()) {
  describe(`${dialect}: share page and ref visits`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    let original: { id: string; code: string; short_url: string }

    beforeAll(async () => {
      w = await trafficWorld(dialect, Date.UTC(2027, 6, 1, 9, 0))
      const made = await w.owner.post(`${w.base}/share-links`, {
        root_kind: 'campaign',
        root_id: 'summer',
        destination: 'https://bakery.example/summer',
      })
      expect(made.status).toBe(201)
      original = made.body
      const link = await w.owner.patch(`${w.base}/links/${made.body.link_id}`, {
        title: 'Summer <tarts>',
        description: 'Fresh "fruit" tarts',
        image_url: 'https://bakery.example/tart.jpg',
      })
      expect(link.status, link.text).toBe(200)
    })
    afterAll(() => w.cleanup())

    const browser = (ip: string, ua = IPHONE) => ({ 'x-forwarded-for': ip, 'user-agent': ua })
    const press = (code: string, headers: Record<string, string>) =>
      w.api.app.request(`/s/${code}/child`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      })

    test('the share page shows the preview, a way on and the button, escaped, with no script', async () => {
      const r = await w.api.app.request(`/s/${original.code}`, { headers: browser('198.51.100.1') })
      expect(r.status).toBe(200)
      expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
      expect(r.headers.get('content-security-policy')).toMatch(/form-action 'self'/)
      const html = await r.text()
      expect(html).toContain('Summer &lt;tarts&gt;')
      expect(html).toContain('Fresh &quot;fruit&quot; tarts')
      expect(html).toContain(`action="/s/${original.code}/child"`)
      expect(html).toContain(`href="${original.short_url}"`)
      expect(html).toContain('Share this')
      expect(html).not.toContain('<script')
    })

    test('link-preview fetchers see the card with a way to the share page; people are sent on', async () => {
      const preview = await w.visit(original.code, { ua: 'Slackbot-LinkExpanding 1.0' })
      expect(preview.status).toBe(200)
      const html = await preview.text()
      expect(html).toContain(`href="${w.t.murmur.config.publicUrl}/s/${original.code}"`)
      expect(html).toContain('Share this')
      const person = await w.visit(original.code, { ua: CHROME, ip: '198.51.100.9' })
      expect(person.status).toBe(302)
      const plain = await w.createLink(w.owner, {
        destination: 'https://bakery.example/plain-preview',
        title: 'Not shared',
      })
      const plainPreview = await w.visit(plain.code, { ua: 'Slackbot-LinkExpanding 1.0' })
      expect(await plainPreview.text()).not.toContain('Share this')
    })

    test('pressing Share this gives the visitor their own link, the same one again later', async () => {
      const first = await press(original.code, browser('198.51.100.2'))
      expect(first.status).toBe(201)
      const html = await first.text()
      const shortUrl = /value="([^"]+)"/.exec(html)?.[1] ?? ''
      expect(shortUrl).toMatch(/\/l\/[0-9a-z]+$/)
      const again = await press(original.code, browser('198.51.100.2'))
      expect(again.status).toBe(200)
      expect(await again.text()).toContain(shortUrl)
      const links = await w.owner.get(`${w.base}/share-links?root_kind=campaign&root_id=summer`)
      const child = links.body.data.find((l: { short_url: string }) => l.short_url === shortUrl)
      expect(child).toMatchObject({ parent_share_link_id: original.id, generation: 1 })
      // The child's own page offers the button too, under the child.
      const code = shortUrl.split('/').at(-1)!
      const grandchild = await press(code, browser('198.51.100.3', CHROME))
      expect(grandchild.status).toBe(201)
      const tree = await w.owner.get(`${w.base}/cascades/campaign/summer`)
      expect(tree.body.generations).toEqual([1, 1, 1])
    })

    test('forms from other sites, bots and unknown codes get a page, not a link', async () => {
      const crossSite = await press(original.code, {
        ...browser('198.51.100.4'),
        origin: 'https://elsewhere.example',
      })
      expect(crossSite.status).toBe(403)
      expect(crossSite.headers.get('content-type')).toMatch(/text\/html/)
      const bot = await press(original.code, browser('198.51.100.4', 'Twitterbot/1.0'))
      expect(bot.status).toBe(403)
      expect(await bot.text()).toMatch(/looks like a bot/)
      const unknown = await w.api.app.request('/s/zzzzzzz', { headers: browser('198.51.100.4') })
      expect(unknown.status).toBe(404)
      expect(await unknown.text()).toMatch(/does not exist or is no longer active/)
      expect((await press('!!', browser('198.51.100.4'))).status).toBe(404)
      // A tracked link that is not a share link has no share page.
      const plain = await w.createLink(w.owner, { destination: 'https://bakery.example/plain' })
      expect((await w.api.app.request(`/s/${plain.code}`)).status).toBe(404)
    })

    test('a ?ref= visit reported by the site script counts for that share link', async () => {
      const preflight = await w.api.app.request(`/s/${original.code}/visit`, { method: 'OPTIONS' })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
      await w.settle() // earlier visits are counted before, not during, this test
      const before = await w.owner.get(`${w.base}/cascades/campaign/summer`)
      const visit = await w.api.app.request(`/s/${original.code}/visit`, {
        method: 'POST',
        headers: browser('198.51.100.5'),
      })
      expect(visit.status).toBe(201)
      expect(visit.headers.get('access-control-allow-origin')).toBe('*')
      const { click_id } = (await visit.json()) as { click_id: string }
      expect(click_id).toMatch(/^[0-9a-z]{18}$/)
      const bot = await w.api.app.request(`/s/${original.code}/visit`, {
        method: 'POST',
        headers: browser('198.51.100.6', 'Googlebot/2.1'),
      })
      expect(bot.status).toBe(201)
      await w.settle()
      const after = await w.owner.get(`${w.base}/cascades/campaign/summer`)
      expect(after.body.visits).toBe(before.body.visits + 1) // the bot is not a visit
      const sale = await w.owner.post(`${w.base}/conversions`, {
        type: 'sale',
        click_id,
        amount: 1500,
        currency: 'EUR',
      })
      expect(sale.status, sale.text).toBe(201)
      const withSale = await w.owner.get(`${w.base}/cascades/campaign/summer`)
      expect(withSale.body.customers).toBe(1)
      const missing = await w.api.app.request('/s/zzzzzzz/visit', {
        method: 'POST',
        headers: browser('198.51.100.5'),
      })
      expect(missing.status).toBe(404)
    })
  })
}
