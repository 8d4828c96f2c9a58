import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { testDialects } from '../support/databases.js'
import { FakeMetricsNetwork } from './fake-metrics-network.js'
import { createMetricsWorld, DAY, HOUR, type MetricsWorld } from './world.js'

/** 2027-03-01 00:00 in Paris (the workspace's zone): the week analysed. */
const WEEK_START = Date.UTC(2027, 1, 28, 23, 0)

for (const dialect of await testDialects()) {
  describe(`${dialect}: engagement analytics API`, () => {
    let w: MetricsWorld
    let x: FakeMetricsNetwork
    let bluesky: string
    let xChannel: string
    const ids: Record<string, { deliveryId: string; remoteId: string }> = {}

    beforeEach(async () => {
      w = await createMetricsWorld(dialect, 'bluesky')
      x = new FakeMetricsNetwork('x')
      installNetworks(w.t.murmur, {
        get: (id) => (id === 'x' ? x.asNetworks().get('x') : w.fake.asNetworks().get(id)),
        signInWithAppPassword: () => Promise.reject(new Error('not here')),
      })
      bluesky = await w.addChannel('cornerbakery.bsky.social', 'bluesky')
      xChannel = await w.addChannel('cornerbakery', 'x')
      const seed = async (
        name: string,
        channelId: string,
        at: number,
        metrics: Record<string, number>,
        extra: { campaign?: string; labels?: string[] } = {},
      ) => {
        const network = channelId === xChannel ? 'x' : 'bluesky'
        const post = await w.publish({ channelId, publishedAt: at, network, text: name, ...extra })
        ;(network === 'x' ? x : w.fake).setMetrics(post.remoteId, metrics)
        ids[name] = post
      }
      await seed(
        'Croissants',
        bluesky,
        WEEK_START + 9 * HOUR,
        { likes: 10, reposts: 2, replies: 3, quotes: 1 },
        { campaign: 'spring', labels: ['bread'] },
      )
      await seed('Baguettes', bluesky, WEEK_START + DAY + 9 * HOUR, {
        likes: 4,
        reposts: 0,
        replies: 0,
        quotes: 0,
      })
      await seed(
        'Tarts',
        xChannel,
        WEEK_START + 2 * DAY + 18 * HOUR,
        { likes: 20, reposts: 5, replies: 5, quotes: 0, bookmarks: 0, impressions: 1000 },
        { campaign: 'spring' },
      )
      await seed('Muffins', xChannel, WEEK_START + 3 * DAY + 8 * HOUR, {
        likes: 1,
        reposts: 0,
        replies: 0,
        quotes: 0,
        bookmarks: 0,
        impressions: 500,
      })
      await seed('Last week', bluesky, WEEK_START - 3 * DAY, {
        likes: 7,
        reposts: 0,
        replies: 0,
        quotes: 0,
      })
      const day = (d: string, followers: number) =>
        w.scope
          .insertInto('follower_counts', {
            channel_id: bluesky,
            day: d,
            followers,
            fetched_at: WEEK_START,
          })
          .execute()
      await day('2027-03-01', 200)
      await day('2027-03-04', 230)
      w.clock.now = WEEK_START + 8 * DAY
      const sync = await w.owner.post(`${w.base}/metrics/sync`, {})
      expect(sync.status).toBe(200)
      expect(sync.body.channels.map((c: { fetched: number }) => c.fetched).sort()).toEqual([2, 3])
    })
    afterEach(() => w.cleanup())

    const week = `from=${encodeURIComponent('2027-03-01T00:00:00+01:00')}&to=${encodeURIComponent('2027-03-08T00:00:00+01:00')}`
    const analytics = (extra = '') => w.owner.get(`${w.base}/analytics/engagement?${week}${extra}`)

    test('totals keep absent metrics absent and state the basis of each engagement rate', async () => {
      const { status, body } = await analytics()
      expect(status).toBe(200)
      expect(body.totals.posts).toBe(4)
      expect(body.totals.metrics.likes).toMatchObject({ value: 35, posts: 4, not_available: [] })
      expect(body.totals.metrics.impressions).toMatchObject({
        value: 1500,
        posts: 2,
        not_available: ['not available from Bluesky'],
      })
      expect(body.totals.metrics.shares.value).toBeNull()
      expect(body.totals.engagements).toBe(16 + 4 + 30 + 1)
      expect(body.totals.engagement_rate.by_impressions).toMatchObject({
        basis: 'impressions',
        posts: 2,
      })
      expect(body.totals.engagement_rate.by_impressions.value).toBeCloseTo(31 / 1500)
      // Bluesky posts: ÷ followers on the day of publishing (200, then 200 again on 2 March).
      expect(body.totals.engagement_rate.by_followers.value).toBeCloseTo(20 / 400)
      expect(body.definition).toMatch(/÷ impressions/)
      expect(body.previous_totals).toMatchObject({ posts: 1, engagements: 7 })
      expect(body.series).toHaveLength(7)
      expect(body.series[0]).toMatchObject({
        day: '2027-03-01',
        posts: 1,
        engagements: 16,
        impressions: null,
      })
      expect(body.series[2]).toMatchObject({ day: '2027-03-03', impressions: 1000 })
      expect(body.previous_series).toHaveLength(7)
      expect(body.frequency).toEqual([
        { week: '2027-03-01', posts: 4, engagements: 51, engagements_per_post: 51 / 4 },
      ])
      const growth = body.followers.find((f: { channel_id: string }) => f.channel_id === bluesky)
      expect(growth).toMatchObject({ start: 200, end: 230, change: 30, note: null })
      const xGrowth = body.followers.find((f: { channel_id: string }) => f.channel_id === xChannel)
      expect(xGrowth.points).toEqual([])
      expect(xGrowth.note).toMatch(/X/)
    })

    test('top posts sort by any metric; posts without it come last', async () => {
      const byLikes = await analytics('&sort=likes')
      expect(byLikes.body.top_posts.map((p: { text: string }) => p.text)).toEqual([
        'Tarts',
        'Croissants',
        'Baguettes',
        'Muffins',
      ])
      const byImpressions = await analytics('&sort=impressions&limit=3')
      const top = byImpressions.body.top_posts
      expect(top.map((p: { text: string }) => p.text)).toEqual(['Tarts', 'Muffins', 'Baguettes'])
      expect(top[2].metrics.impressions).toBeNull()
      expect(top[2].not_available).toContain('impressions')
      expect(top[0].engagement_rate).toEqual({ value: 30 / 1000, basis: 'impressions' })
      const bad = await analytics('&sort=loudness')
      expect(bad.status).toBe(400)
    })

    test('filters by channel, campaign and label', async () => {
      const channel = await analytics(`&channel_id=${xChannel}`)
      expect(channel.body.totals.posts).toBe(2)
      const campaign = await analytics('&campaign=spring')
      expect(campaign.body.top_posts.map((p: { text: string }) => p.text).sort()).toEqual([
        'Croissants',
        'Tarts',
      ])
      const label = await analytics('&label=bread')
      expect(label.body.totals.posts).toBe(1)
      expect(label.body.totals.metrics.impressions.value).toBeNull()
    })

    test('a post’s readings over time; bad periods and unknown posts are 4xx', async () => {
      const readings = await w.owner.get(
        `${w.base}/analytics/posts/${ids.Tarts?.deliveryId}/readings`,
      )
      expect(readings.status).toBe(200)
      expect(readings.body.readings).toHaveLength(1)
      expect(readings.body.readings[0].metrics).toMatchObject({
        likes: 20,
        impressions: 1000,
        views: null,
      })
      const missing = await w.owner.get(`${w.base}/analytics/posts/dlv_nope/readings`)
      expect(missing.status).toBe(404)
      const upside = await w.owner.get(
        `${w.base}/analytics/engagement?from=2027-03-08T00:00:00Z&to=2027-03-01T00:00:00Z`,
      )
      expect(upside.status).toBe(400)
      expect(upside.body.error.message).toMatch(/before/)
      const garbage = await w.owner.get(`${w.base}/analytics/engagement?from=yesterday`)
      expect(garbage.status).toBe(400)
    })
  })
}
