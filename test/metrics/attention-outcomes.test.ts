import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DAY_MS, HOUR_MS } from '../../src/core/links/visitor.js'
import { CHROME, IPHONE, trafficWorld } from '../links/support.js'
import type { ApiClient } from '../support/api.js'
import { testDialects } from '../support/databases.js'

/**
 * Attention answers "what did social media bring us": the engagement summary carries the traffic,
 * conversions and word of mouth of the same period and filter, with the period before; the
 * workspace logo shown on reports is an image of the media library, checked from its bytes.
 */
const START = Date.UTC(2027, 4, 3, 9, 0) // Monday 3 May 2027, 11:00 in Paris
const range = (from: string, to: string) =>
  `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`
const THIS_WEEK = range('2027-05-10T00:00:00+02:00', '2027-05-17T00:00:00+02:00')
const CAMPAIGN_WEEK = `${THIS_WEEK}&campaign=may`

for (const dialect of await testDialects()) {
  describe(`${dialect}: traffic and word of mouth on the attention summary`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    let shop: ApiClient

    const person = (n: number) => ({ ip: `198.51.100.${n}`, ua: n % 2 ? IPHONE : CHROME })
    const clickIdOf = (response: Response) =>
      new URL(response.headers.get('location') ?? 'x:').searchParams.get('mm') ?? ''

    beforeAll(async () => {
      w = await trafficWorld(dialect, START)
      const key = await w.owner.post(`${w.base}/api-keys`, { name: 'shop', role: 'editor' })
      shop = w.api.client()
      shop.bearer = key.body.key
      const may = await w.createLink(w.owner, {
        destination: 'https://bakery.example/may',
        campaign: 'may',
        track_conversions: true,
      })
      const other = await w.createLink(w.owner, {
        destination: 'https://bakery.example/other',
        campaign: 'other',
      })
      // Previous week (3–9 May): one visit on the campaign's link.
      await w.visit(may.code, person(1))
      // This week (10–16 May).
      w.clock.now = START + 7 * DAY_MS
      const buyer = clickIdOf(await w.visit(may.code, person(2)))
      w.clock.now += HOUR_MS
      const reader = clickIdOf(await w.visit(may.code, person(3)))
      await w.visit(may.code, { ua: 'Twitterbot/1.0' })
      await w.visit(other.code, person(4))
      // Word of mouth: the campaign's original share link, one person passes it on, a friend visits.
      w.clock.now += HOUR_MS
      const original = await w.owner.post(`${w.base}/share-links`, {
        root_kind: 'campaign',
        root_id: 'may',
        destination: 'https://bakery.example/may',
      })
      expect(original.status).toBe(201)
      w.clock.now += 60_000
      expect((await w.visit(original.body.code, person(5))).status).toBe(302)
      w.clock.now += 60_000
      const child = await w.api.app.request(`/s/${original.body.code}/child`, {
        method: 'POST',
        headers: { 'x-forwarded-for': person(5).ip, 'user-agent': person(5).ua },
      })
      expect(child.status).toBe(201)
      const childCode = ((await child.json()) as { code: string }).code
      w.clock.now += 60_000
      expect((await w.visit(childCode, person(6))).status).toBe(302)
      w.clock.now += DAY_MS
      const lead = await shop.post(`${w.base}/conversions`, { type: 'lead', click_id: reader })
      expect(lead.status).toBe(201)
      const sale = await shop.post(`${w.base}/conversions`, {
        type: 'sale',
        click_id: buyer,
        amount: 2450,
        currency: 'EUR',
      })
      expect(sale.status).toBe(201)
      await w.settle()
      w.clock.now = START + 15 * DAY_MS
    })
    afterAll(() => w.cleanup())

    test('the summary carries clicks, conversions and shares with the previous period', async () => {
      const all = await w.owner.get(`${w.base}/analytics/engagement?${THIS_WEEK}`)
      expect(all.status).toBe(200)
      const outcomes = all.body.outcomes
      expect(outcomes.links_in_scope).toBe('every tracked link of the workspace')
      // may ×2, other ×1, the original share link ×1, the child's link ×1; the bot left out.
      expect(outcomes.traffic).toEqual({
        clicks: 5,
        unique_clicks: 5,
        leads: 1,
        sales: 1,
        revenue: { EUR: 2450 },
      })
      expect(outcomes.previous_traffic).toEqual({
        clicks: 1,
        unique_clicks: 1,
        leads: 0,
        sales: 0,
        revenue: {},
      })
      expect(outcomes.word_of_mouth).toEqual({
        shares: 1,
        network_reshares: 0,
        earned_visits: 1,
        earned_unique_clicks: 1,
        cascades: 1,
        generations: [1],
      })
      expect(outcomes.previous_word_of_mouth.shares).toBe(0)
      expect(outcomes.series).toHaveLength(7)
      expect(outcomes.previous_series).toHaveLength(7)
      const monday = outcomes.series[0]
      expect(monday).toEqual({
        day: '2027-05-10',
        clicks: 5,
        unique_clicks: 5,
        leads: 0,
        sales: 0,
        shares: 1,
        earned_visits: 1,
      })
      expect(outcomes.series[1]).toMatchObject({ day: '2027-05-11', leads: 1, sales: 1 })
      expect(outcomes.previous_series[0]).toMatchObject({ day: '2027-05-03', clicks: 1 })
    })

    test('a filter narrows traffic to its links and word of mouth to its cascades', async () => {
      const may = (await w.owner.get(`${w.base}/analytics/engagement?${CAMPAIGN_WEEK}`)).body
        .outcomes
      // The campaign's link and its share links (which carry the campaign too).
      expect(may.links_in_scope).toBe('3 tracked links made for the matching posts or the campaign')
      expect(may.traffic).toMatchObject({ clicks: 4, leads: 1, sales: 1, revenue: { EUR: 2450 } })
      expect(may.word_of_mouth).toMatchObject({ shares: 1, earned_visits: 1, cascades: 1 })
      const other = (
        await w.owner.get(`${w.base}/analytics/engagement?${THIS_WEEK}&campaign=other`)
      ).body.outcomes
      expect(other.traffic).toMatchObject({ clicks: 1, leads: 0, sales: 0 })
      expect(other.word_of_mouth).toMatchObject({ shares: 0, earned_visits: 0 })
      const channel = (
        await w.owner.get(`${w.base}/analytics/engagement?${THIS_WEEK}&channel_id=ch_nothing`)
      ).body.outcomes
      expect(channel.traffic).toEqual({
        clicks: 0,
        unique_clicks: 0,
        leads: 0,
        sales: 0,
        revenue: {},
      })
    })

    test('the traffic CSV has one row per day', async () => {
      const csv = await w.owner.get(`${w.base}/reports/attention.csv?${THIS_WEEK}&table=traffic`)
      expect(csv.status).toBe(200)
      const lines = csv.text.trim().split('\r\n')
      expect(lines[0]).toBe(
        'Day,Clicks,Unique clicks,Leads,Sales,Shares (word of mouth),Earned visits',
      )
      expect(lines[1]).toBe('2027-05-10,5,5,0,0,1,1')
      expect(lines).toHaveLength(8)
    })

    test('the printable report shows traffic, conversions and word of mouth', async () => {
      const page = await w.owner.get(`${w.base}/reports/attention.html?${THIS_WEEK}`)
      expect(page.status).toBe(200)
      expect(page.text).toContain('<h2>Traffic and conversions</h2>')
      expect(page.text).toMatch(
        /<th scope="row">Clicks<\/th><td class="num">5<\/td><td class="num">1<\/td>/,
      )
      expect(page.text).toContain('€24.50')
      expect(page.text).toContain('<h2>Word of mouth</h2>')
      expect(page.text).toContain('aria-label="Clicks by day"')
      const quiet = await w.owner.get(
        `${w.base}/reports/attention.html?${range('2026-01-01T00:00:00Z', '2026-01-08T00:00:00Z')}`,
      )
      expect(quiet.text).not.toContain('Traffic and conversions')
    })

    test('the logo is an image of the media library, checked from its bytes', async () => {
      const upload = async (bytes: Buffer, fileName: string) =>
        w.owner.post(`${w.base}/media`, {
          data_base64: bytes.toString('base64'),
          file_name: fileName,
        })
      const png = await sharp({
        create: { width: 300, height: 100, channels: 3, background: '#e8590c' },
      })
        .png()
        .toBuffer()
      const logo = await upload(png, 'logo.png')
      expect(logo.status).toBe(201)
      const set = await w.owner.patch(`${w.base}`, { logo_media_id: logo.body.id })
      expect(set.status).toBe(200)
      expect(set.body.logo_media_id).toBe(logo.body.id)
      expect((await w.owner.get(`${w.base}`)).body.logo_media_id).toBe(logo.body.id)

      const page = await w.owner.get(`${w.base}/reports/attention.html?${THIS_WEEK}`)
      expect(page.text).toMatch(
        /<header><img class="logo" src="data:image\/png;base64,[A-Za-z0-9+/]+=*" alt="Corner Bakery logo">/,
      )

      const unknown = await w.owner.patch(`${w.base}`, { logo_media_id: 'med_nothing' })
      expect(unknown.status).toBe(400)
      expect(unknown.body.error.message).toMatch(/No image "med_nothing"/)
      // A video of the media library is not a logo.
      const mp4 = Buffer.concat([
        Buffer.from([0, 0, 0, 0x18]),
        Buffer.from('ftypmp42'),
        Buffer.alloc(64),
      ])
      const video = await upload(mp4, 'clip.mp4')
      expect(video.status).toBe(201)
      const notImage = await w.owner.patch(`${w.base}`, { logo_media_id: video.body.id })
      expect(notImage.status).toBe(400)
      expect(notImage.body.error.message).toMatch(/JPEG, PNG, WebP or GIF/)

      const inUse = await w.owner.delete(`${w.base}/media/${logo.body.id}`)
      expect(inUse.status).toBe(409)
      expect(inUse.body.error.message).toMatch(/workspace logo/)
      const removed = await w.owner.patch(`${w.base}`, { logo_media_id: null })
      expect(removed.body.logo_media_id).toBeNull()
      const plain = await w.owner.get(`${w.base}/reports/attention.html?${THIS_WEEK}`)
      expect(plain.text).not.toContain('class="logo"')
      expect((await w.owner.delete(`${w.base}/media/${logo.body.id}`)).status).toBe(204)
    })
  })
}
