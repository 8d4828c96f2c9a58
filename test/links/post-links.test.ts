import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createApp } from '../../src/http/app.js'
import { closeLinkTraffic, linkTraffic } from '../../src/links/traffic.js'
import { connectWithAppPassword } from '../../src/services/channels.js'
import { urlsInText } from '../../src/services/links-in-posts.js'
import { createPost } from '../../src/services/posts.js'
import { updateTrafficSettings } from '../../src/services/site-settings.js'
import { createWorld, text, type World } from '../publishing/world.js'
import { testDialects } from '../support/databases.js'
import { IPHONE } from './support.js'

describe('URLs in post text', () => {
  test('found as written, without the sentence punctuation after them', () => {
    expect(
      urlsInText(
        'Menu: https://shop.example/menu?day=fri. Cakes (https://shop.example/cakes)! ' +
          'Wiki https://en.wikipedia.org/wiki/Bread_(food), and http://x.example/a#b…',
      ),
    ).toEqual([
      'https://shop.example/menu?day=fri',
      'https://shop.example/cakes',
      'https://en.wikipedia.org/wiki/Bread_(food)',
      'http://x.example/a#b…',
    ])
    expect(urlsInText('no links here, shop.example is not one')).toEqual([])
  })
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: automatic tracked links when publishing`, () => {
    let w: World
    beforeEach(async () => {
      w = await createWorld(dialect)
    })
    afterEach(async () => {
      await closeLinkTraffic(w.murmur)
      await w.t.cleanup()
    })

    const links = (deliveryId: string) =>
      w.scope
        .selectFrom('links')
        .selectAll()
        .where('delivery_id', '=', deliveryId)
        .orderBy('destination')
        .execute()

    test('each URL becomes a tracked link per channel; clicks come back to post and channel', async () => {
      await updateTrafficSettings(w.murmur, w.scope, { auto_track_links: true })
      w.fake.addAccount('bakery-two.bsky.social', 'qrst-uvwx-yzab-cdef')
      const { channel: second } = await connectWithAppPassword(w.murmur, w.scope, {
        network: 'bluesky',
        handle: 'bakery-two.bsky.social',
        appPassword: 'qrst-uvwx-yzab-cdef',
        createdBy: w.userId,
      })
      const written =
        'Spring menu: https://cornerbakery.example/menu?utm_source=mine. Cakes at https://cornerbakery.example/cakes!'
      const post = await createPost(
        w.murmur,
        w.scope,
        {
          content: text(written),
          channels: [{ channel_id: w.channel.id }, { channel_id: second.id }],
          campaign: 'Spring Menu',
        },
        { createdBy: w.userId, when: { type: 'now' } },
      )
      await w.scheduler().drain()

      const sent = w.fake.publishCalls.map((draft) => draft.parts[0]?.text ?? '')
      expect(sent).toHaveLength(2)
      const base = w.murmur.config.publicUrl
      const codes = new Set<string>()
      for (const delivery of post.deliveries) {
        expect((await w.delivery(delivery.id)).state).toBe('published')
        const made = await links(delivery.id)
        expect(made).toHaveLength(2)
        const [cakes, menu] = made
        expect(cakes).toMatchObject({
          destination: 'https://cornerbakery.example/cakes',
          utm_source: 'bluesky',
          utm_medium: 'social',
          utm_campaign: 'spring-menu',
          utm_content: post.id.toLowerCase(),
          campaign: 'Spring Menu',
        })
        expect(menu?.destination).toBe('https://cornerbakery.example/menu?utm_source=mine')
        // The network received this delivery's short links in place of the addresses.
        const expected = `Spring menu: ${base}/l/${menu?.code}. Cakes at ${base}/l/${cakes?.code}!`
        expect(sent).toContain(expected)
        for (const link of made) codes.add(link.code)
      }
      expect(codes.size).toBe(4) // per post and per channel

      // A visitor taps the first channel's menu link: tags added (the user's own utm_source kept).
      const [, menu] = await links(post.deliveries[0]!.id)
      const app = createApp(w.murmur)
      const response = await app.request(`/l/${menu!.code}`, {
        headers: { 'user-agent': IPHONE, 'x-forwarded-for': '203.0.113.9' },
      })
      expect(response.status).toBe(302)
      const landed = new URL(response.headers.get('location') ?? '')
      expect(landed.searchParams.get('utm_source')).toBe('mine')
      expect(landed.searchParams.get('utm_medium')).toBe('social')
      expect(landed.searchParams.get('utm_campaign')).toBe('spring-menu')
      expect(landed.searchParams.get('mm')).toMatch(/^[0-9a-z]{18}$/)
      await linkTraffic(w.murmur).settle()
      const clicks = await w.scope
        .selectFrom('clicks')
        .innerJoin('links', 'links.id', 'clicks.link_id')
        .innerJoin('deliveries', 'deliveries.id', 'links.delivery_id')
        .select(['deliveries.post_id', 'deliveries.channel_id'])
        .where('clicks.workspace_id', '=', w.workspaceId)
        .execute()
      expect(clicks).toEqual([{ post_id: post.id, channel_id: w.channel.id }])
    })

    test('a retried delivery reuses its links; with the setting off, text goes as written', async () => {
      await updateTrafficSettings(w.murmur, w.scope, { auto_track_links: true })
      w.fake.failNext({ kind: 'retryable', status: 503 })
      const { deliveryId } = await w.post('Order at https://cornerbakery.example/order')
      const scheduler = w.scheduler()
      await scheduler.drain()
      expect((await w.delivery(deliveryId)).state).toBe('scheduled')
      w.clock.advance(10 * 60_000)
      await scheduler.drain()
      expect((await w.delivery(deliveryId)).state).toBe('published')
      const made = await links(deliveryId)
      expect(made).toHaveLength(1)
      const texts = w.fake.publishCalls.map((d) => d.parts[0]?.text)
      expect(texts).toHaveLength(2)
      expect(new Set(texts)).toEqual(
        new Set([`Order at ${w.murmur.config.publicUrl}/l/${made[0]?.code}`]),
      )

      await updateTrafficSettings(w.murmur, w.scope, { auto_track_links: false })
      const plain = await w.post('Order at https://cornerbakery.example/order')
      await scheduler.drain()
      expect(w.fake.postsWithText('Order at https://cornerbakery.example/order')).toHaveLength(1)
      expect(await links(plain.deliveryId)).toEqual([])
    })
  })
}
