import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DAY_MS, HOUR_MS } from '../../src/core/links/visitor.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { addChannel, seedPublished } from '../metrics/world.js'
import type { ApiClient } from '../support/api.js'
import { testDialects } from '../support/databases.js'
import { CHROME, IPHONE, trafficWorld } from './support.js'

/**
 * The Traffic dashboard's one read: every figure is a sum over the clicks and conversions seeded
 * here, each filter (campaign, channel, post, link) narrows them, and another workspace's clicks
 * and sales never show.
 */
const START = Date.UTC(2027, 4, 10, 8, 0) // Monday 10 May 2027, 10:00 in Paris
const PERIOD = `from=${encodeURIComponent('2027-05-09T00:00:00Z')}&to=${encodeURIComponent('2027-05-14T00:00:00Z')}`

for (const dialect of await testDialects()) {
  describe(`${dialect}: traffic overview`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    let shop: ApiClient
    const ids: Record<string, string> = {}
    const person = (n: number) => ({ ip: `198.51.100.${n}`, ua: n % 2 ? IPHONE : CHROME })
    const clickIdOf = (response: Response) =>
      new URL(response.headers.get('location') ?? 'x:').searchParams.get('mm') ?? ''
    const overview = async (filter = '', base = w.base) => {
      const response = await w.owner.get(`${base}/traffic/overview?${PERIOD}${filter}`)
      expect(response.status).toBe(200)
      return response.body
    }

    beforeAll(async () => {
      w = await trafficWorld(dialect, START)
      const key = await w.owner.post(`${w.base}/api-keys`, { name: 'shop', role: 'editor' })
      shop = w.api.client()
      shop.bearer = key.body.key
      const scope = new WorkspaceScope(w.t.murmur.db, w.workspace.id)
      const bluesky = await addChannel(w.t, scope, 'bakery.bsky.social', 'bluesky')
      const mastodon = await addChannel(w.t, scope, 'bakery@mastodon.example', 'mastodon')
      const rye = await seedPublished(w.t, scope, {
        channelId: bluesky,
        publishedAt: START - HOUR_MS,
        text: 'Rye loaves are back',
        campaign: 'spring',
        network: 'bluesky',
      })
      const closed = await seedPublished(w.t, scope, {
        channelId: mastodon,
        publishedAt: START,
        text: 'Closed on Monday',
        network: 'mastodon',
      })
      // Published before the period: its link's clicks count, the post is not in the funnel.
      await seedPublished(w.t, scope, {
        channelId: bluesky,
        publishedAt: START - 5 * DAY_MS,
        network: 'bluesky',
      })
      Object.assign(ids, { bluesky, mastodon, rye: rye.postId, closed: closed.postId })
      const ryeLink = await w.createLink(w.owner, {
        destination: 'https://bakery.example/rye',
        campaign: 'spring',
        delivery_id: rye.deliveryId,
      })
      const closedLink = await w.createLink(w.owner, {
        destination: 'https://bakery.example/hours',
        delivery_id: closed.deliveryId,
      })
      const flyer = await w.createLink(w.owner, {
        destination: 'https://bakery.example/flyer',
        campaign: 'spring',
      })
      Object.assign(ids, { ryeLink: ryeLink.id, closedLink: closedLink.id, flyer: flyer.id })

      const lead = clickIdOf(await w.visit(ryeLink.code, person(1)))
      const buyerOne = clickIdOf(await w.visit(ryeLink.code, person(2)))
      await w.visit(ryeLink.code, { ...person(3), referer: 'https://bsky.app/profile/x' })
      await w.visit(ryeLink.code, { ua: 'Twitterbot/1.0' })
      w.clock.now += DAY_MS
      const buyerTwo = clickIdOf(await w.visit(closedLink.code, person(4)))
      await w.visit(closedLink.code, person(5))
      await w.visit(flyer.code, person(6))
      w.clock.now += HOUR_MS
      const post = (body: Record<string, unknown>) => shop.post(`${w.base}/conversions`, body)
      expect((await post({ type: 'lead', click_id: lead, customer_id: 'c1' })).status).toBe(201)
      expect(
        (
          await post({
            type: 'sale',
            click_id: buyerTwo,
            customer_id: 'c2',
            amount: 2450,
            currency: 'EUR',
          })
        ).status,
      ).toBe(201)
      expect(
        (await post({ type: 'sale', click_id: buyerOne, amount: 1000, currency: 'EUR' })).status,
      ).toBe(201)

      // Another workspace of the same owner, with clicks and a sale of its own.
      const other = await w.owner.post('/api/v1/workspaces', { name: 'Other shop' })
      expect(other.status).toBe(201)
      ids.other = other.body.id
      const otherLink = await w.owner.post(`/api/v1/workspaces/${other.body.id}/links`, {
        destination: 'https://other.example/',
        campaign: 'spring',
      })
      const otherKey = await w.owner.post(`/api/v1/workspaces/${other.body.id}/api-keys`, {
        name: 'shop',
        role: 'editor',
      })
      const otherShop = w.api.client()
      otherShop.bearer = otherKey.body.key
      for (const n of [7, 8, 9]) await w.visit(otherLink.body.code, person(n))
      const otherClick = clickIdOf(await w.visit(otherLink.body.code, person(10)))
      await otherShop.post(`/api/v1/workspaces/${other.body.id}/conversions`, {
        type: 'sale',
        click_id: otherClick,
        amount: 99_999,
        currency: 'USD',
      })
      await w.settle()
    })
    afterAll(() => w.cleanup())

    test('the whole workspace: totals, conversions, top links and posts, funnel', async () => {
      const all = await overview()
      expect(all.totals).toEqual({ clicks: 6, unique_clicks: 6, bot_hits: 1 })
      expect(all.series.reduce((sum: number, d: { clicks: number }) => sum + d.clicks, 0)).toBe(6)
      expect(all.conversions).toEqual({ leads: 1, sales: 2, revenue: { EUR: 3450 }, customers: 2 })
      expect(all.conversion_rate).toBeCloseTo(1 / 6)
      expect(
        all.top_links.map((l: { id: string; clicks: number; leads: number; sales: number }) => [
          l.id,
          l.clicks,
          l.leads,
          l.sales,
        ]),
      ).toEqual([
        [ids.ryeLink, 3, 1, 1],
        [ids.closedLink, 2, 0, 1],
        [ids.flyer, 1, 0, 0],
      ])
      expect(all.top_posts).toEqual([
        {
          id: ids.rye,
          text: 'Rye loaves are back',
          campaign: 'spring',
          clicks: 3,
          unique_clicks: 3,
          leads: 1,
          sales: 1,
          revenue: { EUR: 1000 },
        },
        {
          id: ids.closed,
          text: 'Closed on Monday',
          campaign: null,
          clicks: 2,
          unique_clicks: 2,
          leads: 0,
          sales: 1,
          revenue: { EUR: 2450 },
        },
      ])
      expect(all.funnel).toEqual({
        published_posts: 2,
        clicks: 6,
        unique_clicks: 6,
        leads: 1,
        customers: 2,
      })
      expect(all.top.country.reduce((s: number, c: { clicks: number }) => s + c.clicks, 0)).toBe(6)
      expect(all.top.referrer.find((r: { value: string }) => r.value === 'bsky.app')).toEqual({
        value: 'bsky.app',
        clicks: 1,
        unique_clicks: 1,
      })
      expect(all.bases).toHaveLength(3)
    })

    test('each filter narrows clicks, conversions and the funnel', async () => {
      const spring = await overview('&campaign=spring')
      expect(spring.totals.clicks).toBe(4)
      expect(spring.conversions).toEqual({
        leads: 1,
        sales: 1,
        revenue: { EUR: 1000 },
        customers: 1,
      })
      expect(spring.top_links.map((l: { id: string }) => l.id)).toEqual([ids.ryeLink, ids.flyer])
      expect(spring.funnel.published_posts).toBe(1)

      const mastodon = await overview(`&channel_id=${ids.mastodon}`)
      expect(mastodon.totals).toEqual({ clicks: 2, unique_clicks: 2, bot_hits: 0 })
      expect(mastodon.conversions.revenue).toEqual({ EUR: 2450 })
      expect(mastodon.top_posts.map((p: { id: string }) => p.id)).toEqual([ids.closed])
      expect(mastodon.funnel.published_posts).toBe(1)

      const rye = await overview(`&post_id=${ids.rye}&campaign=spring`)
      expect(rye.totals).toEqual({ clicks: 3, unique_clicks: 3, bot_hits: 1 })
      expect(rye.funnel).toMatchObject({ published_posts: 1, leads: 1, customers: 1 })

      const flyer = await overview(`&link_id=${ids.flyer}`)
      expect(flyer.totals.clicks).toBe(1)
      expect(flyer.funnel.published_posts).toBe(0)
      expect(flyer.conversion_rate).toBe(0)

      const nothing = await overview('&campaign=nothing')
      expect(nothing.totals).toEqual({ clicks: 0, unique_clicks: 0, bot_hits: 0 })
      expect(nothing.top_links).toEqual([])
      expect(nothing.conversion_rate).toBeNull()
      // A channel of another workspace names no link here.
      const foreign = await overview(
        `&channel_id=${ids.mastodon}`,
        `/api/v1/workspaces/${ids.other}`,
      )
      expect(foreign.totals.clicks).toBe(0)
    })

    test("another workspace's clicks and sales never show, and it sees only its own", async () => {
      const all = await overview()
      expect(JSON.stringify(all)).not.toContain('USD')
      const other = await overview('', `/api/v1/workspaces/${ids.other}`)
      expect(other.totals.clicks).toBe(4)
      expect(other.conversions).toEqual({
        leads: 0,
        sales: 1,
        revenue: { USD: 99_999 },
        customers: 1,
      })
      expect(other.top_links).toHaveLength(1)
      expect(other.top_posts).toEqual([])
      expect(other.funnel.published_posts).toBe(0)
    })

    test('bad input is a clear 400', async () => {
      const backwards = await w.owner.get(
        `${w.base}/traffic/overview?from=2027-05-10T00:00:00Z&to=2027-05-01T00:00:00Z`,
      )
      expect(backwards.status).toBe(400)
      expect(backwards.body.error.message).toMatch(/before/)
      const top = await w.owner.get(`${w.base}/traffic/overview?top=1000`)
      expect(top.status).toBe(400)
    })
  })
}
