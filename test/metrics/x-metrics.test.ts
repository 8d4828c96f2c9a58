/**
 * The metrics job through the real X adapter, against the X fake (built from X's documented API
 * v2): impressions read, a deleted post noticed, and a 429 whose reset holds the channel.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { MetricsSync } from '../../src/jobs/metrics-sync.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { createX } from '../../src/networks/x/index.js'
import type { PublishingNetworks } from '../../src/services/publishing-networks.js'
import { FakeX } from '../fakes/x/fake-x.js'
import { newXChannel } from '../fakes/x/fake-x-channels.js'
import { testDialects } from '../support/databases.js'
import { createMetricsWorld, HOUR, type MetricsWorld, MINUTE } from './world.js'

let fake: FakeX
beforeAll(async () => {
  fake = await FakeX.start()
})
afterAll(async () => {
  await fake?.close()
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: metrics on X`, () => {
    let w: MetricsWorld
    let networks: PublishingNetworks
    beforeEach(async () => {
      w = await createMetricsWorld(dialect, 'x')
      const x = createX({
        apiBaseUrl: fake.url,
        authorizeUrl: `${fake.url}/i/oauth2/authorize`,
        app: { clientId: fake.app.clientId, clientSecret: fake.app.clientSecret },
        tokenManager: new OAuthTokenManager(),
      })
      networks = {
        get: (id) => (id === 'x' ? x : undefined),
        signInWithAppPassword: () => Promise.reject(new Error('X connects with OAuth')),
      }
    })
    afterEach(() => w.cleanup())

    test('reads impressions, notices a deleted post, and waits out a 429', async () => {
      const business = newXChannel(fake)
      const channel = await w.addChannel(business.username, 'x')
      await w.scope
        .updateTable('channels')
        .set({ credentials: w.t.murmur.secrets.seal(JSON.stringify(business)) })
        .where('id', '=', channel)
        .execute()
      const seeded = async (text: string) => {
        const tweet = fake.postAs(business.userId, text)
        const post = await w.publish({ channelId: channel, publishedAt: w.clock.now - HOUR })
        await w.scope
          .updateTable('deliveries')
          .set({
            remote_parts: JSON.stringify([{ id: tweet.id, url: `https://x.com/i/${tweet.id}` }]),
          })
          .where('id', '=', post.deliveryId)
          .execute()
        return { ...post, tweetId: tweet.id }
      }
      const kept = await seeded('Rye loaves are back')
      const deleted = await seeded('Oops, wrong price')
      fake.setMetrics(kept.tweetId, { like_count: 9, retweet_count: 2, impression_count: 640 })
      fake.state.tweets.get(deleted.tweetId)!.deleted = true
      const job = new MetricsSync(w.t.murmur, { random: () => 0.5, workerId: 'x' }, networks)

      fake.injectRateLimit({ match: 'GET /2/tweets', resetInSeconds: 600 })
      const [limited] = await job.tick()
      expect(limited).toMatchObject({ status: 'waiting', fetched: 0 })
      expect(limited?.retry_at).toBeGreaterThanOrEqual(w.clock.now + 590_000)
      w.clock.advance(5 * MINUTE)
      expect(await job.tick()).toEqual([])

      w.clock.advance(6 * MINUTE)
      const [read] = await job.tick()
      expect(read).toMatchObject({ status: 'synced', fetched: 1, gone: 1 })
      const row = await w.t.murmur.db
        .selectFrom('metric_snapshots')
        .selectAll()
        .where('delivery_id', '=', kept.deliveryId)
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({
        likes: 9,
        reposts: 2,
        impressions: 640,
        views: null,
        shares: null,
      })
    })
  })
}
