import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DAY_MS, HOUR_MS } from '../../src/core/links/visitor.js'
import type { ApiClient } from '../support/api.js'
import { testDialects } from '../support/databases.js'
import { CHROME, IPHONE, trafficWorld } from './support.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: stats and conversions`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    let shop: ApiClient
    beforeAll(async () => {
      w = await trafficWorld(dialect, Date.UTC(2027, 4, 10, 8, 30))
      const key = await w.owner.post(`${w.base}/api-keys`, { name: 'shop', role: 'editor' })
      shop = w.api.client()
      shop.bearer = key.body.key
    })
    afterAll(() => w.cleanup())

    const clickIdOf = (response: Response) =>
      new URL(response.headers.get('location') ?? 'x:').searchParams.get('mm') ?? ''

    test('stats: series in the workspace time zone, totals, top lists, bots apart', async () => {
      const a = await w.createLink(w.owner, {
        destination: 'https://example.com/a',
        campaign: 'may',
      })
      const b = await w.createLink(w.owner, { destination: 'https://example.com/b' })
      const start = w.clock.now // 08:30 UTC = 10:30 in Paris
      await w.visit(a.code, { ip: '8.8.8.8', ua: IPHONE, referer: 'https://t.co/1' })
      await w.visit(a.code, { ip: '1.1.1.1', ua: CHROME })
      await w.visit(b.code, { ip: '8.8.8.8', ua: IPHONE })
      await w.visit(a.code, { ua: 'Twitterbot/1.0' })
      w.clock.now = start + DAY_MS
      await w.visit(a.code, { ip: '8.8.8.8', ua: IPHONE })
      await w.settle()

      const from = '2027-05-09T00:00:00+02:00'
      const to = '2027-05-12T00:00:00+02:00'
      const all = await w.owner.get(
        `${w.base}/traffic/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      )
      expect(all.status).toBe(200)
      expect(all.body.time_zone).toBe('Europe/Paris')
      expect(all.body.totals).toEqual({ clicks: 4, unique_clicks: 4, bot_hits: 1 })
      expect(
        all.body.series.map((d: { date: string; clicks: number }) => [d.date, d.clicks]),
      ).toEqual([
        ['2027-05-09', 0],
        ['2027-05-10', 3],
        ['2027-05-11', 1],
      ])
      expect(all.body.series[0].start).toBe('2027-05-08T22:00:00.000Z')
      expect(all.body.top.device).toEqual([
        { value: 'mobile', clicks: 3, unique_clicks: 3 },
        { value: 'desktop', clicks: 1, unique_clicks: 1 },
      ])
      expect(all.body.top.referrer[0]).toEqual({ value: 'direct', clicks: 3, unique_clicks: 3 })

      const one = await w.owner.get(
        `${w.base}/links/${a.id}/stats?interval=hour&from=${encodeURIComponent('2027-05-10T08:00:00Z')}&to=${encodeURIComponent('2027-05-10T10:00:00Z')}`,
      )
      expect(one.body.series).toEqual([
        { start: '2027-05-10T08:00:00.000Z', date: null, clicks: 2, unique_clicks: 2, bot_hits: 1 },
        { start: '2027-05-10T09:00:00.000Z', date: null, clicks: 0, unique_clicks: 0, bot_hits: 0 },
      ])
      const byCampaign = await w.owner.get(
        `${w.base}/traffic/stats?campaign=may&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      )
      expect(byCampaign.body.totals.clicks).toBe(3)
      const none = await w.owner.get(`${w.base}/traffic/stats?campaign=nothing`)
      expect(none.body.totals).toEqual({ clicks: 0, unique_clicks: 0, bot_hits: 0 })
      const tooLong = await w.owner.get(
        `${w.base}/traffic/stats?interval=hour&from=2027-01-01T00:00:00Z&to=2027-05-01T00:00:00Z`,
      )
      expect(tooLong.status).toBe(400)
      expect(tooLong.body.error.message).toMatch(/at most 31 days/)
      w.clock.now = start + DAY_MS
    })

    test('a lead then a sale, attributed through the click id and the customer', async () => {
      const post = await w.createLink(w.owner, {
        destination: 'https://shop.example/bread',
        campaign: 'bread',
      })
      const story = await w.createLink(w.owner, {
        destination: 'https://shop.example/story',
        campaign: 'story',
      })
      w.clock.now += HOUR_MS
      const first = clickIdOf(await w.visit(post.code, { ip: '9.9.9.9' }))
      w.clock.now += 3 * DAY_MS
      const second = clickIdOf(await w.visit(story.code, { ip: '9.9.9.10' }))
      expect(first).toMatch(/^[0-9a-z]{18}$/)

      // The click is still in the buffer: the API finds it anyway.
      w.clock.now += 60_000
      const lead = await shop.post(`${w.base}/conversions`, {
        type: 'lead',
        click_id: first,
        customer_id: 'cus_7',
      })
      expect(lead.status).toBe(201)
      expect(lead.body.touchpoints.map((t: { link_id: string }) => t.link_id)).toEqual([post.id])

      w.clock.now += 60_000
      const sale = await shop.post(`${w.base}/conversions`, {
        type: 'sale',
        click_id: second,
        customer_id: 'cus_7',
        amount: 2450,
        currency: 'EUR',
        external_id: 'inv-1',
      })
      expect(sale.status).toBe(201)
      expect(sale.body.touchpoints.map((t: { link_id: string }) => t.link_id)).toEqual([
        post.id,
        story.id,
      ])

      const report = async (model: string) =>
        (
          await w.owner.get(
            `${w.base}/traffic/attribution?model=${model}&group_by=campaign&from=2027-05-01T00:00:00Z&to=2027-06-01T00:00:00Z`,
          )
        ).body
      const last = await report('last_touch')
      expect(last.rows).toEqual([
        { key: 'story', leads: 0, sales: 1, revenue: { EUR: 2450 } },
        { key: 'bread', leads: 1, sales: 0, revenue: {} },
      ])
      const first_ = await report('first_touch')
      expect(first_.rows).toEqual([{ key: 'bread', leads: 1, sales: 1, revenue: { EUR: 2450 } }])
      const linear = await report('linear')
      expect(linear.rows.find((r: { key: string }) => r.key === 'story').revenue).toEqual({
        EUR: 1225,
      })
      expect(linear.unattributed).toEqual({ leads: 0, sales: 0, revenue: {} })

      const list = await w.owner.get(`${w.base}/conversions`)
      expect(list.body.data.map((c: { type: string }) => c.type)).toEqual(['sale', 'lead'])
    })

    test('bad conversions are refused and nothing is counted twice', async () => {
      const link = await w.createLink(w.owner, { destination: 'https://shop.example/x' })
      const click = clickIdOf(await w.visit(link.code, { ip: '9.9.9.11' }))
      await w.settle()
      const cases: Array<[Record<string, unknown>, number, RegExp]> = [
        [{ type: 'sale', click_id: click, amount: 100 }, 400, /needs a currency/],
        [{ type: 'sale', click_id: click, currency: 'EUR' }, 400, /needs an amount/],
        [{ type: 'sale', click_id: click, amount: 19.99, currency: 'EUR' }, 400, /cents/],
        [{ type: 'sale', click_id: click, amount: -5, currency: 'EUR' }, 400, /amount/],
        [{ type: 'sale', click_id: click, amount: 10 ** 12, currency: 'EUR' }, 400, /too large/],
        [{ type: 'sale', click_id: click, amount: 100, currency: 'XYZ' }, 400, /ISO 4217/],
        [{ type: 'lead', click_id: click, amount: 100 }, 400, /no amount/],
        [{ type: 'lead' }, 400, /click id/],
        [{ type: 'lead', click_id: 'zzzzzzzzzzzzzzzz' }, 400, /Unknown click id/],
        [{ type: 'lead', click_id: click, occurred_at: '2099-01-01T00:00:00Z' }, 400, /future/],
        [{ type: 'refund', click_id: click }, 400, /type/],
      ]
      for (const [body, status, message] of cases) {
        const response = await shop.post(`${w.base}/conversions`, body)
        expect(response.status, JSON.stringify(body)).toBe(status)
        expect(response.body.error.message).toMatch(message)
      }
      const sale = {
        type: 'sale',
        click_id: click,
        amount: 500,
        currency: 'EUR',
        external_id: 'inv-9',
      }
      expect((await shop.post(`${w.base}/conversions`, sale)).status).toBe(201)
      const again = await shop.post(`${w.base}/conversions`, sale)
      expect(again.status).toBe(409)
      expect(again.body.error.message).toMatch(/already recorded/)
      const keyed = { type: 'lead', click_id: click }
      const headers = { 'idempotency-key': 'lead-9' }
      const one = await shop.post(`${w.base}/conversions`, keyed, headers)
      const two = await shop.post(`${w.base}/conversions`, keyed, headers)
      expect(two.body.id).toBe(one.body.id)
      const count = await w.t.murmur.db
        .selectFrom('conversions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('click_id', '=', click)
        .executeTakeFirstOrThrow()
      expect(Number(count.n)).toBe(2)
      // viewers may not report conversions
      const key = await w.owner.post(`${w.base}/api-keys`, { name: 'ro', role: 'viewer' })
      const readOnly = w.api.client()
      readOnly.bearer = key.body.key
      expect(
        (await readOnly.post(`${w.base}/conversions`, { type: 'lead', click_id: click })).status,
      ).toBe(403)
    })
  })
}
