import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CHILD_LINKS_PER_HOUR } from '../../src/http/routes/share-links.js'
import { CHROME, IPHONE, trafficWorld } from '../links/support.js'
import { createPublishingFixtures } from '../publishing/fixtures.js'
import type { ApiClient } from '../support/api.js'
import { testDialects } from '../support/databases.js'

/**
 * Word of mouth end to end, through real HTTP requests on the in-process app:
 * a post's original share link, three generations of visitors clicking
 * (`/l/CODE`) and asking for their own link (`POST /s/CODE/child`), a sale at
 * the bottom; then the cascade, tree, advocates and owned/earned/paid split.
 */
for (const dialect of await testDialects()) {
  describe(`${dialect}: word of mouth`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    let shop: ApiClient
    let postId: string
    const ids: Record<string, string> = {}
    const codes: Record<string, string> = {}

    beforeAll(async () => {
      w = await trafficWorld(dialect, Date.UTC(2027, 5, 3, 9, 0))
      const key = await w.owner.post(`${w.base}/api-keys`, { name: 'shop', role: 'editor' })
      shop = w.api.client()
      shop.bearer = key.body.key
      postId = (await createPublishingFixtures(w.owner, w.workspace.id, w.t.murmur)).post_id
    })
    afterAll(() => w.cleanup())

    const tick = () => {
      w.clock.now += 60_000
    }
    const person = (n: number) => ({ ip: `198.51.100.${n}`, ua: n % 2 ? IPHONE : CHROME })
    /** A visit through a share link; returns the click id the destination got. */
    const visit = async (code: string, n: number) => {
      tick()
      const response = await w.visit(code, person(n))
      expect(response.status).toBe(302)
      return new URL(response.headers.get('location') ?? 'x:').searchParams.get('mm') ?? ''
    }
    /** The share button: visitor n asks for their own link under `code`. */
    const share = async (code: string, n: number) => {
      tick()
      const { ip, ua } = person(n)
      const response = await w.api.app.request(`/s/${code}/child`, {
        method: 'POST',
        headers: { 'x-forwarded-for': ip, 'user-agent': ua },
      })
      const body = (await response.json()) as { code: string; short_url: string }
      return { status: response.status, body }
    }

    test('a post spreads three generations deep and a sale comes from the bottom', async () => {
      const original = await w.owner.post(`${w.base}/share-links`, {
        root_kind: 'post',
        root_id: postId,
        destination: 'https://bakery.example/croissants',
      })
      expect(original.status).toBe(201)
      expect(original.body).toMatchObject({ generation: 0, parent_share_link_id: null })
      ids.O = original.body.id
      codes.O = original.body.code
      // Asking again gives the same original.
      const again = await w.owner.post(`${w.base}/share-links`, {
        root_kind: 'post',
        root_id: postId,
        destination: 'https://bakery.example/other',
      })
      expect(again.status).toBe(200)
      expect(again.body.id).toBe(ids.O)

      tick()
      const ada = await w.owner.post(`${w.base}/contacts`, { display_name: 'Ada Lovelace' })
      expect(ada.status).toBe(201)
      const bulk = await w.owner.post(`${w.base}/share-links/bulk`, {
        root_kind: 'post',
        root_id: postId,
        contact_ids: [ada.body.id],
      })
      expect(bulk.status).toBe(201)
      expect(bulk.body.data[0]).toMatchObject({
        generation: 1,
        parent_share_link_id: ids.O,
        contact_id: ada.body.id,
      })
      ids.A = bulk.body.data[0].id
      codes.A = bulk.body.data[0].code

      // Visitor 1 arrives through the post and shares; 2 through 1; 3 through 2.
      await visit(codes.O!, 1)
      const x = await share(codes.O!, 1)
      expect(x.status).toBe(201)
      expect(Object.keys(x.body).sort()).toEqual(['code', 'short_url']) // nothing about the sharer
      codes.X = x.body.code
      expect((await share(codes.O!, 1)).body.code).toBe(codes.X) // same visitor, same link
      await visit(codes.X!, 2)
      codes.Y = (await share(codes.X!, 2)).body.code
      await visit(codes.Y!, 3)
      codes.Z = (await share(codes.Y!, 3)).body.code
      // Visitor 4 comes through 3's link and buys; visitor 5 through Ada's.
      const clickId = await visit(codes.Z!, 4)
      await visit(codes.A!, 5)
      // Visitor 1 comes back through 3's link and takes another link: a self-referral loop.
      await visit(codes.Z!, 1)
      codes.loop = (await share(codes.Z!, 1)).body.code
      await w.visit(codes.O!, { ua: 'Twitterbot/1.0' })
      const bot = await w.api.app.request(`/s/${codes.O}/child`, {
        method: 'POST',
        headers: { 'user-agent': 'Twitterbot/1.0' },
      })
      expect(bot.status).toBe(403)

      const sale = await shop.post(`${w.base}/conversions`, {
        type: 'sale',
        click_id: clickId,
        amount: 4200,
        currency: 'EUR',
      })
      expect(sale.status, sale.text).toBe(201)
      await w.settle()
    })

    test('the cascade metrics, with the loop left out and the reason given', async () => {
      const r = await w.owner.get(`${w.base}/cascades/post/${postId}`)
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({
        root: { kind: 'post', id: postId },
        visits: 6,
        customers: 1,
        leads: 0,
        size: 5,
        depth: 3,
        generations: [1, 2, 1, 1],
        max_breadth: 2,
        largest_broadcast: 2,
        largest_broadcast_by: ids.O,
        structural_virality: 2, // Σ s(n−s) = 4 + 6 + 6 + 4 = 20; 2·20 / (5·4)
        viral_coefficients: [2, 0.5, 1],
      })
      expect(r.body.conversions.total).toBe(1)
      expect(r.body.conversions.revenue).toBe(4200)
      expect(r.body.conversions.top_branches).toHaveLength(3)
      expect(r.body.conversions.top_branches[0]).toMatchObject({
        generation: 1,
        people_reached: 2,
        conversions: 1,
        revenue: 4200,
        own_revenue: 0,
      })
      expect(r.body.excluded.count).toBe(1)
      expect(r.body.excluded.by_reason).toEqual({ bot: 0, self_referral: 1, link_farming: 0 })
      expect(r.body.excluded.nodes[0].detail).toMatch(/self-referral loop/)
    })

    test('the tree: parents, generations, contact names and branch credit', async () => {
      const r = await w.owner.get(`${w.base}/cascades/post/${postId}/tree`)
      expect(r.status).toBe(200)
      // biome-ignore lint/suspicious/noExplicitAny: tests read whatever came back
      const nodes = r.body.nodes as Array<Record<string, any>>
      expect(nodes).toHaveLength(6)
      const [o, a, x, y, z, loop] = nodes
      expect(o).toMatchObject({ id: ids.O, parent_id: null, generation: 0, visits: 1 })
      expect(o!.branch).toEqual({
        people_reached: 4,
        visits: 6,
        leads: 0,
        customers: 1,
        revenue: 4200,
      })
      expect(a).toMatchObject({
        id: ids.A,
        generation: 1,
        contact: { name: 'Ada Lovelace' },
        visits: 1,
        branch: { people_reached: 0, visits: 1, customers: 0 },
      })
      expect(x).toMatchObject({ parent_id: ids.O, generation: 1, contact: null, visits: 1 })
      expect(x!.branch).toEqual({
        people_reached: 2,
        visits: 4,
        leads: 0,
        customers: 1,
        revenue: 4200,
      })
      expect(y).toMatchObject({ parent_id: x!.id, generation: 2, branch: { visits: 3 } })
      expect(z).toMatchObject({
        parent_id: y!.id,
        generation: 3,
        visits: 2,
        customers: 1,
        revenue: 4200,
      })
      expect(loop).toMatchObject({
        parent_id: z!.id,
        generation: 4,
        excluded: { reason: 'self_referral' },
        branch: null,
      })
    })

    test('advocates are credited with what came down their branch', async () => {
      const r = await w.owner.get(`${w.base}/advocates?root_kind=post&root_id=${postId}`)
      expect(r.status).toBe(200)
      // biome-ignore lint/suspicious/noExplicitAny: tests read whatever came back
      const rows = r.body.data as Array<Record<string, any>>
      expect(rows.map((a) => [a.visitors, a.customers, a.revenue])).toEqual([
        [4, 1, 4200],
        [3, 1, 4200],
        [2, 1, 4200],
        [1, 0, 0],
      ])
      expect(rows[0]!.contact).toBeNull()
      expect(rows[0]!.sharer).toMatch(/^visitor /)
      expect(rows[3]).toMatchObject({ sharer: 'Ada Lovelace', people_reached: 0 })
      const one = await w.owner.get(`${w.base}/advocates?contact_id=${rows[3]!.contact.id}`)
      expect(one.body.data).toEqual([rows[3]])
    })

    test('owned, earned and paid, with the earned media value and its method', async () => {
      const ad = await w.createLink(w.owner, {
        destination: 'https://bakery.example/ad',
        utm_medium: 'cpc',
      })
      await visit(ad.code, 9)
      await w.settle()
      const r = await w.owner.get(`${w.base}/word-of-mouth/media?cost_per_click=80`)
      expect(r.status).toBe(200)
      expect(r.body.owned).toMatchObject({ visits: 1, customers: 0 })
      expect(r.body.earned).toMatchObject({ visits: 5, customers: 1, revenue: 4200 })
      expect(r.body.paid).toMatchObject({ visits: 1, customers: 0 })
      expect(r.body.earned_media_value.value).toBe(400)
      expect(r.body.earned_media_value.method).toMatch(/5 earned clicks × 80/)
      const noRate = await w.owner.get(`${w.base}/word-of-mouth/media`)
      expect(noRate.body.earned_media_value.value).toBeNull()
    })

    test('link farming: one visitor making too many links is left out past the first', async () => {
      const farm = await w.owner.post(`${w.base}/share-links`, {
        root_kind: 'campaign',
        root_id: 'farm-week',
        destination: 'https://bakery.example/farm',
      })
      expect(farm.status).toBe(201)
      const g = (await share(farm.body.code, 20)).body.code
      const h = (await share(farm.body.code, 21)).body.code
      for (const parent of [farm.body.code, g, h]) await share(parent, 30)
      const normal = await w.owner.get(`${w.base}/cascades/campaign/farm-week`)
      expect(normal.body.size).toBe(6)
      const strict = await w.owner.get(
        `${w.base}/cascades/campaign/farm-week?max_links_per_visitor=2`,
      )
      expect(strict.body.size).toBe(4)
      expect(strict.body.excluded.by_reason.link_farming).toBe(2)
      expect(strict.body.excluded.nodes[0].detail).toMatch(/made 3 share links/)
    })

    test('a forecast from past cascades, as a range with its assumptions', async () => {
      const r = await w.owner.get(`${w.base}/word-of-mouth/forecast?runs=500&seed=7`)
      expect(r.status).toBe(200)
      const { p10, p50, p90 } = r.body.people_reached
      expect(p10).toBeLessThanOrEqual(p50)
      expect(p50).toBeLessThanOrEqual(p90)
      expect(r.body.model.cascades).toBe(2)
      expect(r.body.assumptions.length).toBeGreaterThan(0)
    })

    test('one address gets a limited number of share links per hour', async () => {
      const from = { 'x-forwarded-for': '192.0.2.99', 'user-agent': IPHONE }
      const ask = () => w.api.app.request(`/s/${codes.O}/child`, { method: 'POST', headers: from })
      for (let i = 0; i < CHILD_LINKS_PER_HOUR; i++) expect((await ask()).status).toBeLessThan(300)
      const refused = await ask()
      expect(refused.status).toBe(429)
    })

    test('unknown roots and codes are not found', async () => {
      expect((await w.owner.get(`${w.base}/cascades/post/pst_nothing`)).status).toBe(404)
      const r = await w.api.app.request('/s/zzzzzzz/child', {
        method: 'POST',
        headers: { 'user-agent': IPHONE, 'x-forwarded-for': '198.51.100.1' },
      })
      expect(r.status).toBe(404)
    })
  })
}
