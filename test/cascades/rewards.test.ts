import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RewardsWatcher } from '../../src/services/rewards-watcher.js'
import { CHROME, IPHONE, trafficWorld } from '../links/support.js'
import { testDialects } from '../support/databases.js'

/**
 * Reward rules for advocates, marked due as clicks and conversions arrive (the watcher, and
 * again whenever rewards are listed), and the workspace's earned media rates.
 */
for (const dialect of await testDialects()) {
  describe(`${dialect}: rewards and earned media rates`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    let ada: { id: string }
    const codes: Record<string, string> = {}

    beforeAll(async () => {
      w = await trafficWorld(dialect, Date.UTC(2027, 8, 1, 9, 0))
      const original = await w.owner.post(`${w.base}/share-links`, {
        root_kind: 'campaign',
        root_id: 'autumn',
        destination: 'https://bakery.example/autumn',
      })
      codes.O = original.body.code
      ada = (await w.owner.post(`${w.base}/contacts`, { display_name: 'Ada Lovelace' })).body
      const bulk = await w.owner.post(`${w.base}/share-links/bulk`, {
        root_kind: 'campaign',
        root_id: 'autumn',
        contact_ids: [ada.id],
      })
      codes.A = bulk.body.data[0].code
    })
    afterAll(() => w.cleanup())

    const visit = async (code: string, n: number) => {
      w.clock.now += 60_000
      const r = await w.visit(code, { ip: `198.51.100.${n}`, ua: n % 2 ? IPHONE : CHROME })
      return new URL(r.headers.get('location') ?? 'x:').searchParams.get('mm') ?? ''
    }

    test('bad rules are refused with what to fix', async () => {
      const none = await w.owner.post(`${w.base}/reward-rules`, {
        name: 'Nothing',
        reward: 'Cake',
        conditions: [],
      })
      expect(none.status).toBe(400)
      expect(none.body.error.message).toMatch(/at least one condition/)
      const twice = await w.owner.post(`${w.base}/reward-rules`, {
        name: 'Twice',
        reward: 'Cake',
        conditions: [
          { metric: 'visits', at_least: 1 },
          { metric: 'visits', at_least: 2 },
        ],
      })
      expect(twice.status).toBe(400)
      expect(twice.body.error.message).toMatch(/visits appears twice/)
      const halfRoot = await w.owner.post(`${w.base}/reward-rules`, {
        name: 'Half',
        reward: 'Cake',
        root_kind: 'campaign',
        conditions: [{ metric: 'visits', at_least: 1 }],
      })
      expect(halfRoot.status).toBe(400)
    })

    test('"3 visits or 1 sale" marks a reward due once, as clicks and a sale arrive', async () => {
      const rule = await w.owner.post(`${w.base}/reward-rules`, {
        name: 'Ambassador',
        reward: 'A free box of pastries',
        root_kind: 'campaign',
        root_id: 'autumn',
        conditions: [
          { metric: 'visits', at_least: 3 },
          { metric: 'customers', at_least: 1 },
        ],
      })
      expect(rule.status, rule.text).toBe(201)
      expect(rule.body.summary).toBe('3 visits or 1 customer through their share links')
      const watcher = new RewardsWatcher(w.t.murmur)

      // Two visits through Ada's link: not yet.
      await visit(codes.A!, 1)
      await visit(codes.A!, 2)
      await w.settle()
      expect(await watcher.checkOnce()).toBe(0)
      expect((await w.owner.get(`${w.base}/rewards`)).body.data).toEqual([])

      // A third visit: the watcher marks it without anyone looking.
      await visit(codes.A!, 3)
      await w.settle()
      expect(await watcher.checkOnce()).toBe(1)
      expect(await watcher.checkOnce()).toBe(0) // nothing new since
      const due = await w.owner.get(`${w.base}/rewards?state=due`)
      expect(due.body.data).toHaveLength(1)
      expect(due.body.data[0]).toMatchObject({
        rule: { name: 'Ambassador', reward: 'A free box of pastries' },
        sharer: 'Ada Lovelace',
        contact: { id: ada.id, name: 'Ada Lovelace' },
        state: 'due',
        earned_with: { visits: 3, at_least: 3 },
      })
      expect(due.body.data[0].reason).toMatch(/3 visits .*: 3 when it was checked/)

      // A visitor who came through Ada's link shares on and a sale comes from their link:
      // their own reward (1 customer), while Ada keeps one reward for the rule.
      const child = await w.api.app.request(`/s/${codes.A}/child`, {
        method: 'POST',
        headers: { 'x-forwarded-for': '198.51.100.3', 'user-agent': IPHONE },
      })
      const childCode = ((await child.json()) as { code: string }).code
      const clickId = await visit(childCode, 4)
      await w.settle()
      const sale = await w.owner.post(`${w.base}/conversions`, {
        type: 'sale',
        click_id: clickId,
        amount: 2500,
        currency: 'EUR',
      })
      expect(sale.status, sale.text).toBe(201)
      expect(await watcher.checkOnce()).toBe(1)
      const all = await w.owner.get(`${w.base}/rewards`)
      expect(all.body.data).toHaveLength(2)
      expect(all.body.data.map((r: { sharer: string }) => r.sharer).sort()).toEqual([
        'Ada Lovelace',
        expect.stringMatching(/^visitor /),
      ])
      const forAda = await w.owner.get(`${w.base}/rewards?contact_id=${ada.id}`)
      expect(forAda.body.data).toHaveLength(1)

      const given = await w.owner.patch(`${w.base}/rewards/${forAda.body.data[0].id}`, {
        state: 'given',
      })
      expect(given.status).toBe(200)
      expect(given.body.state).toBe('given')
      expect(given.body.given_at).toMatch(/^2027-/)
      expect((await w.owner.get(`${w.base}/rewards?state=due`)).body.data).toHaveLength(1)
      await watcher.stop()
    })

    test('rules can be paused, changed and deleted; unknown ids are not found', async () => {
      const rules = await w.owner.get(`${w.base}/reward-rules`)
      const id = rules.body.data[0].id
      const paused = await w.owner.patch(`${w.base}/reward-rules/${id}`, { active: false })
      expect(paused.body.active).toBe(false)
      expect(
        (await w.owner.patch(`${w.base}/reward-rules/rwr_none`, { active: true })).status,
      ).toBe(404)
      expect((await w.owner.patch(`${w.base}/rewards/rwd_none`, { state: 'given' })).status).toBe(
        404,
      )
      expect((await w.owner.delete(`${w.base}/reward-rules/${id}`)).status).toBe(204)
      expect((await w.owner.get(`${w.base}/rewards`)).body.data).toEqual([])
    })

    test('earned media value uses the workspace rates, and says so', async () => {
      const empty = await w.owner.get(`${w.base}/word-of-mouth/settings`)
      expect(empty.body).toMatchObject({ cost_per_click: null, cpm: null, currency: 'EUR' })
      const bad = await w.owner.patch(`${w.base}/word-of-mouth/settings`, { currency: 'euro' })
      expect(bad.status).toBe(400)
      const saved = await w.owner.patch(`${w.base}/word-of-mouth/settings`, {
        cost_per_click: 50,
        cpm: 700,
      })
      expect(saved.status, saved.text).toBe(200)
      expect(saved.body).toMatchObject({ cost_per_click: 50, cpm: 700, currency: 'EUR' })
      const media = await w.owner.get(`${w.base}/word-of-mouth/media`)
      // Ada's three visits and the visitor's one are earned (generation 1 and 2).
      expect(media.body.earned.visits).toBe(4)
      expect(media.body.earned_media_value).toEqual({
        value: 200,
        method: "4 earned clicks × 50 per click (the workspace's cost per click)",
      })
      expect(media.body.rates).toMatchObject({ cost_per_click: 50, from: 'settings' })
      const asked = await w.owner.get(`${w.base}/word-of-mouth/media?cost_per_click=10`)
      expect(asked.body.earned_media_value.value).toBe(40)
      const cleared = await w.owner.patch(`${w.base}/word-of-mouth/settings`, {
        cost_per_click: null,
      })
      expect(cleared.body).toMatchObject({ cost_per_click: null, cpm: 700 })
    })

    test('the list of cascades for the virality-vs-size chart', async () => {
      const r = await w.owner.get(`${w.base}/cascades`)
      expect(r.status).toBe(200)
      expect(r.body.data[0]).toMatchObject({
        root: { kind: 'campaign', id: 'autumn' },
        size: 3,
        depth: 2,
        structural_virality: 4 / 3, // chain of 3: (n+1)/3
        customers: 1,
        revenue: 2500,
      })
    })
  })
}
