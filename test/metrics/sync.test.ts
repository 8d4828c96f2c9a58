import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { readingsDueBy } from '../../src/core/metrics/schedule.js'
import type { MetricsSyncOptions } from '../../src/jobs/metrics-options.js'
import { MetricsSync } from '../../src/jobs/metrics-sync.js'
import { syncMetricsNow } from '../../src/services/metrics-sync-now.js'
import { testDialects } from '../support/databases.js'
import { createMetricsWorld, DAY, HOUR, type MetricsWorld, MINUTE } from './world.js'

const fixed: Partial<MetricsSyncOptions> = { random: () => 0.5, workerId: 'test' }

for (const dialect of await testDialects()) {
  describe(`${dialect}: metrics sync`, () => {
    let w: MetricsWorld
    beforeEach(async () => {
      w = await createMetricsWorld(dialect)
    })
    afterEach(() => w.cleanup())

    const job = (options: Partial<MetricsSyncOptions> = {}) =>
      new MetricsSync(w.t.murmur, { ...fixed, ...options }, w.fake.asNetworks())
    const snapshots = (deliveryId: string) =>
      w.t.murmur.db
        .selectFrom('metric_snapshots')
        .selectAll()
        .where('delivery_id', '=', deliveryId)
        .orderBy('fetched_at')
        .execute()

    test('reads each post on the decaying schedule, exactly as often as it needs, for 90 days', async () => {
      const channel = await w.addChannel('cornerbakery.bsky.social')
      const post = await w.publish({ channelId: channel, publishedAt: w.clock.now })
      const sync = job()
      const published = w.clock.now
      // Walk time forward: every 5 minutes for a day, then every 6 hours to day 100.
      let likes = 0
      while (w.clock.now < published + 100 * DAY) {
        w.clock.advance(w.clock.now - published < DAY ? 5 * MINUTE : 6 * HOUR)
        likes += 1
        w.fake.setMetrics(post.remoteId, { likes, reposts: 1, replies: 0, quotes: 0 })
        await sync.drain()
      }
      const calls = w.fake.metricCalls.length
      expect(calls).toBe(readingsDueBy(published, w.clock.now))
      expect(calls).toBe(7 + 30 + 9)
      const stored = await snapshots(post.deliveryId)
      expect(stored).toHaveLength(calls)
      // The first readings come at 15 and 30 minutes, the curve rises as the network's numbers do.
      expect(stored[0]?.fetched_at).toBe(published + 15 * MINUTE)
      expect(stored[1]?.fetched_at).toBe(published + 30 * MINUTE)
      const likeCurve = stored.map((row) => row.likes ?? -1)
      expect(likeCurve).toEqual([...likeCurve].sort((a, b) => a - b))
      const tracking = await w.t.murmur.db
        .selectFrom('metric_tracking')
        .selectAll()
        .executeTakeFirstOrThrow()
      expect(tracking).toMatchObject({ next_fetch_at: null, fetches: calls, gone: 0 })
    })

    test('a metric the network does not offer is stored as absent, never as 0', async () => {
      const channel = await w.addChannel('cornerbakery.bsky.social')
      const post = await w.publish({ channelId: channel, publishedAt: w.clock.now - HOUR })
      w.fake.setMetrics(post.remoteId, {
        likes: 4,
        reposts: 0,
        replies: 2,
        quotes: 1,
        impressions: 99,
      })
      const [result] = await syncMetricsNow(w.t.murmur, w.scope, { options: fixed })
      expect(result).toMatchObject({ status: 'synced', fetched: 1 })
      expect(w.fake.metricCalls).toHaveLength(1)
      const [row] = await snapshots(post.deliveryId)
      expect(row).toMatchObject({ likes: 4, reposts: 0, replies: 2, quotes: 1 })
      // Bluesky has no impressions: null, whatever a test tries to set.
      expect(row?.impressions).toBeNull()
      expect(row?.views).toBeNull()
    })

    test('posts are read in batches, oldest due first, within the call budget', async () => {
      const channel = await w.addChannel('cornerbakery.bsky.social')
      for (let i = 0; i < 250; i++) {
        const post = await w.publish({ channelId: channel, publishedAt: w.clock.now - DAY - i })
        w.fake.setMetrics(post.remoteId, { likes: i })
      }
      const [first] = await job({ callsPerRun: 2 }).tick()
      expect(first).toMatchObject({ status: 'more', fetched: 200 })
      const [second] = await job({ callsPerRun: 2 }).tick()
      expect(second).toMatchObject({ status: 'synced', fetched: 50 })
      expect(w.fake.metricCalls.map((ids) => ids.length)).toEqual([100, 100, 50])
      expect(await job().tick()).toEqual([])
    })

    test('a rate limit holds the channel for at least Retry-After, even for "sync now"', async () => {
      const channel = await w.addChannel('cornerbakery.bsky.social')
      const post = await w.publish({ channelId: channel, publishedAt: w.clock.now - HOUR })
      w.fake.setMetrics(post.remoteId, { likes: 1 })
      w.fake.failNext({ kind: 'retryable', status: 429, retryAfterMs: 10 * MINUTE })
      const [limited] = await job().tick()
      expect(limited).toMatchObject({ status: 'waiting', fetched: 0 })
      expect(limited?.retry_at).toBeGreaterThanOrEqual(w.clock.now + 10 * MINUTE)
      expect(limited?.error).toMatch(/rate limit/)

      w.clock.advance(5 * MINUTE)
      expect(await job().tick()).toEqual([])
      const [manual] = await syncMetricsNow(w.t.murmur, w.scope, { options: fixed })
      expect(manual).toMatchObject({ status: 'waiting', calls: 0 })
      expect(w.fake.metricCalls).toHaveLength(0)

      w.clock.advance(6 * MINUTE)
      const [later] = await job().tick()
      expect(later).toMatchObject({ status: 'synced', fetched: 1 })
      const state = await w.t.murmur.db
        .selectFrom('metric_channel_state')
        .selectAll()
        .executeTakeFirstOrThrow()
      expect(state).toMatchObject({ failures: 0, hold_until: null, lease_owner: null })
    })

    test('a deleted post is no longer followed; a refusal moves on to the next checkpoint', async () => {
      const channel = await w.addChannel('cornerbakery.bsky.social')
      const kept = await w.publish({ channelId: channel, publishedAt: w.clock.now - HOUR })
      const deleted = await w.publish({ channelId: channel, publishedAt: w.clock.now - HOUR })
      w.fake.setMetrics(kept.remoteId, { likes: 3 })
      const [result] = await job().tick()
      expect(result).toMatchObject({ fetched: 1, gone: 1 })
      const rows = await w.t.murmur.db
        .selectFrom('metric_tracking')
        .select(['delivery_id', 'gone', 'next_fetch_at'])
        .execute()
      expect(rows.find((r) => r.delivery_id === deleted.deliveryId)).toMatchObject({
        gone: 1,
        next_fetch_at: null,
      })

      w.clock.advance(2 * HOUR)
      w.fake.failNext({ kind: 'content_rejected', status: 400 })
      const [refused] = await job().tick()
      expect(refused?.error).toMatch(/refused/)
      const tracking = await w.t.murmur.db
        .selectFrom('metric_tracking')
        .selectAll()
        .where('delivery_id', '=', kept.deliveryId)
        .executeTakeFirstOrThrow()
      expect(tracking.last_error).toMatch(/refused/)
      expect(tracking.next_fetch_at).toBeGreaterThan(w.clock.now)
    })

    test('expired access marks the channel for reconnecting and stops reading it', async () => {
      const channel = await w.addChannel('cornerbakery.bsky.social')
      await w.publish({ channelId: channel, publishedAt: w.clock.now - HOUR })
      w.fake.revoked.add('cornerbakery.bsky.social')
      const [result] = await job().tick()
      expect(result?.status).toBe('failed')
      expect(result?.error).toMatch(/needs reconnecting/)
      const status = await w.t.murmur.db
        .selectFrom('channels')
        .select('status')
        .executeTakeFirstOrThrow()
      expect(status.status).toBe('needs_reconnect')
      w.clock.advance(DAY)
      expect(await job().tick()).toEqual([])
    })

    test('follower counts are stored once a day where the network reports them', async () => {
      const channel = await w.addChannel('cornerbakery.bsky.social')
      const post = await w.publish({ channelId: channel, publishedAt: w.clock.now })
      w.fake.setMetrics(post.remoteId, { likes: 1 })
      w.fake.followers = new Map([['cornerbakery.bsky.social', 120]])
      const sync = job()
      for (let step = 0; step < 8; step++) {
        w.clock.advance(4 * HOUR)
        w.fake.followers.set('cornerbakery.bsky.social', 120 + step)
        await sync.drain()
      }
      const rows = await w.t.murmur.db
        .selectFrom('follower_counts')
        .select(['day', 'followers'])
        .orderBy('day')
        .execute()
      expect(rows.map((r) => r.day)).toEqual(['2027-03-01', '2027-03-02'])
      expect(w.fake.followerCalls).toHaveLength(2)
    })

    test('two workers never read one channel at once', async () => {
      const channel = await w.addChannel('cornerbakery.bsky.social')
      for (let i = 0; i < 30; i++) {
        const post = await w.publish({ channelId: channel, publishedAt: w.clock.now - DAY })
        w.fake.setMetrics(post.remoteId, { likes: i })
      }
      const a = job({ workerId: 'a' })
      const b = job({ workerId: 'b' })
      await Promise.all([a.tick(), b.tick()])
      expect(w.fake.metricCalls).toHaveLength(1)
      const count = await w.t.murmur.db
        .selectFrom('metric_snapshots')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(count.n)).toBe(30)
    })
  })
}
