/**
 * The metrics job through each real network adapter against that network's fake (built from the
 * documented APIs), one table of networks for one set of tests: numbers read with the metrics a
 * network does not offer left absent (never 0), a deleted post noticed, the follower count stored
 * for the day, and a rate limit or quota answer (429 with its reset, Meta's throttle codes with
 * their usage headers) that holds that channel only, at least as long as the network asked.
 * X has its own file (x-metrics.test.ts); Bluesky is read from the local AppView
 * (test/networks/bluesky-appview.test.ts).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { MetricsSync } from '../../src/jobs/metrics-sync.js'
import { createFacebook } from '../../src/networks/facebook/index.js'
import { createInstagram } from '../../src/networks/instagram/index.js'
import { createLinkedIn } from '../../src/networks/linkedin/index.js'
import { createMastodon } from '../../src/networks/mastodon/index.js'
import { MetaUsageGate } from '../../src/networks/meta/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import type { NetworkId, SocialNetworkV1 } from '../../src/networks/spec/index.js'
import { createThreads } from '../../src/networks/threads/index.js'
import type { MetricsSyncResult } from '../../src/services/metrics-sync.js'
import type { PublishingNetworks } from '../../src/services/publishing-networks.js'
import type { MetricColumns } from '../../src/storage/tables/attention.js'
import { FakeFacebook } from '../fakes/facebook/fake-facebook.js'
import { newFacebookChannel, sampleJpeg } from '../fakes/facebook/fake-facebook-channels.js'
import { FakeInstagram } from '../fakes/instagram/fake-instagram.js'
import { newInstagramChannel } from '../fakes/instagram/fake-instagram-channels.js'
import { FakeLinkedIn } from '../fakes/linkedin/fake-linkedin.js'
import {
  LINKEDIN_TEST_SCOPES,
  newLinkedInChannel,
} from '../fakes/linkedin/fake-linkedin-channels.js'
import { FakeMastodon } from '../fakes/mastodon/fake-mastodon.js'
import { newMastodonChannel } from '../fakes/mastodon/fake-mastodon-channels.js'
import { FakeThreads } from '../fakes/threads/fake-threads.js'
import { newThreadsChannel } from '../fakes/threads/fake-threads-channels.js'
import { testDialects } from '../support/databases.js'
import { createMetricsWorld, HOUR, type MetricsWorld, MINUTE } from './world.js'

type Credentials = Record<string, unknown>

/** One network: its fake, how to get a channel and a post there, and how it says "wait". */
interface NetworkCase {
  id: NetworkId
  start(): Promise<{ close(): Promise<void> }>
  /** `now`: the clock Meta's usage gate waits by (the test's clock in the job). */
  network(now?: () => number): SocialNetworkV1
  /** A connected account with `followers` followers. */
  channel(followers: number): Promise<Credentials>
  /** Publishes through the adapter: the post's network id. */
  post(credentials: Credentials, text: string): Promise<string>
  /** Gives the post numbers on the network. */
  engage(credentials: Credentials, id: string): void
  /** What the snapshot then holds: every metric the network does not give stays null. */
  expected: Partial<MetricColumns>
  remove(credentials: Credentials, id: string): Promise<void>
  /** The next metrics read of this account is refused with the network's "slow down". */
  limit(credentials: Credentials): void
  /** The least time the network asked to wait. */
  minimumWaitMs: number
}

const NONE = { impressions: null, bookmarks: null, clicks: null }
const meta = (now?: () => number) => new MetaUsageGate(now)

let facebookFake: FakeFacebook
let instagramFake: FakeInstagram
let threadsFake: FakeThreads
let linkedinFake: FakeLinkedIn
let mastodonFake: FakeMastodon

const CASES: NetworkCase[] = [
  {
    id: 'facebook',
    start: async () => (facebookFake = await FakeFacebook.start()),
    network: (now) =>
      createFacebook({
        graphUrl: facebookFake.url,
        dialogUrl: facebookFake.url,
        app: {
          clientId: facebookFake.state.app.clientId,
          clientSecret: facebookFake.state.app.clientSecret,
        },
        usageGate: meta(now),
      }) as unknown as SocialNetworkV1,
    async channel(followers) {
      const credentials = newFacebookChannel(facebookFake)
      facebookFake.setAudience(credentials.pageId, { followers, fans: followers + 40 })
      return credentials
    },
    post: (credentials, text) => publishText(CASES[0]!, credentials, text),
    engage: (_c, id) => facebookFake.setEngagement(id, { reactions: 12, shares: 3, views: 480 }),
    expected: {
      likes: 12,
      replies: 0,
      shares: 3,
      views: 480,
      reposts: null,
      quotes: null,
      saves: null,
      ...NONE,
    },
    remove: async (credentials, id) => CASES[0]!.network().delete(credentials, id),
    limit: (credentials) =>
      facebookFake.injectThrottle({
        code: 80001,
        objectId: String(credentials.pageId),
        bucType: 'pages',
        regainMinutes: 20,
        match: /^GET \/v\d+\.\d+\/\d+_\d+$/,
      }),
    minimumWaitMs: 20 * MINUTE,
  },
  {
    id: 'instagram',
    start: async () => (instagramFake = await FakeInstagram.start()),
    network: (now) =>
      createInstagram({
        graphUrl: instagramFake.url,
        tokenUrl: `${instagramFake.url}/oauth/access_token`,
        authorizeUrl: `${instagramFake.url}/oauth/authorize`,
        app: {
          clientId: instagramFake.state.app.clientId,
          clientSecret: instagramFake.state.app.clientSecret,
        },
        publicUrl: 'https://murmur.example',
        publicMediaUrl: (media) => instagramFake.internet.host(media.data, media.mimeType),
        containerPolling: { intervalMs: 5, timeoutMs: 2000 },
        usageGate: meta(now),
        tokenManager: new OAuthTokenManager({ refreshMarginMs: 7 * 24 * HOUR }),
      }) as unknown as SocialNetworkV1,
    async channel(followers) {
      const credentials = newInstagramChannel(instagramFake)
      instagramFake.setFollowers(credentials.userId, followers)
      return credentials
    },
    async post(credentials, text) {
      const image = { data: await sampleJpeg(), mimeType: 'image/jpeg', altText: 'A loaf' }
      const { parts } = await CASES[1]!
        .network()
        .publish(credentials, { parts: [{ text, media: [image] }] })
      return parts[0]!.id
    },
    engage: (_c, id) =>
      instagramFake.setEngagement(id, { likes: 30, insights: { views: 700, saved: 5 } }),
    // Instagram leaves out an insight it lacks (shares here): absent, not 0.
    expected: {
      likes: 30,
      replies: 0,
      views: 700,
      saves: 5,
      shares: null,
      reposts: null,
      quotes: null,
      ...NONE,
    },
    // Instagram Login gives apps no delete: the post disappears on Instagram's side.
    async remove(_credentials, id) {
      instagramFake.state.media.delete(id)
    },
    limit: (credentials) =>
      instagramFake.injectThrottle({
        code: 80002,
        objectId: String(credentials.userId),
        bucType: 'instagram',
        regainMinutes: 15,
        match: /^GET \/v\d+\.\d+\/\d+$/,
      }),
    minimumWaitMs: 15 * MINUTE,
  },
  {
    id: 'threads',
    start: async () => (threadsFake = await FakeThreads.start()),
    network: (now) =>
      createThreads({
        graphUrl: threadsFake.url,
        authorizeUrl: `${threadsFake.url}/oauth/authorize`,
        app: {
          clientId: threadsFake.state.app.clientId,
          clientSecret: threadsFake.state.app.clientSecret,
        },
        publicUrl: 'https://murmur.example',
        publicMediaUrl: (media) => threadsFake.internet.host(media.data, media.mimeType),
        containerPolling: { intervalMs: 5 },
        usageGate: meta(now),
        tokenManager: new OAuthTokenManager({ refreshMarginMs: 7 * 24 * HOUR }),
      }) as unknown as SocialNetworkV1,
    async channel(followers) {
      const credentials = newThreadsChannel(threadsFake)
      threadsFake.setFollowers(credentials.userId, followers)
      return credentials
    },
    post: (credentials, text) => publishText(CASES[2]!, credentials, text),
    engage: (_c, id) =>
      threadsFake.setMetrics(id, { views: 900, likes: 21, reposts: 2, shares: 1 }),
    expected: {
      views: 900,
      likes: 21,
      reposts: 2,
      shares: 1,
      replies: 0,
      quotes: 0,
      saves: null,
      ...NONE,
    },
    remove: async (credentials, id) => CASES[2]!.network().delete(credentials, id),
    limit: (credentials) =>
      threadsFake.injectThrottle({
        code: 17,
        objectId: String(credentials.userId),
        regainMinutes: 30,
        match: /\/insights$/,
      }),
    minimumWaitMs: 30 * MINUTE,
  },
  {
    id: 'linkedin',
    start: async () => (linkedinFake = await FakeLinkedIn.start()),
    network: () =>
      createLinkedIn({
        apiUrl: linkedinFake.url,
        oauthUrl: `${linkedinFake.url}/oauth/v2`,
        app: {
          clientId: linkedinFake.state.app.clientId,
          clientSecret: linkedinFake.state.app.clientSecret,
        },
        imagePolling: { intervalMs: 5 },
        tokenManager: new OAuthTokenManager(),
      }) as unknown as SocialNetworkV1,
    // A member profile: LinkedIn counts followers of Pages only (the contract test reads one).
    channel: async () => newLinkedInChannel(linkedinFake, { scopes: LINKEDIN_TEST_SCOPES }),
    post: (credentials, text) => publishText(CASES[3]!, credentials, text),
    engage: (_c, id) => linkedinFake.setReactions(id, { LIKE: 7, PRAISE: 2 }),
    expected: {
      likes: 9,
      replies: 0,
      views: null,
      shares: null,
      reposts: null,
      quotes: null,
      saves: null,
      ...NONE,
    },
    remove: async (credentials, id) => CASES[3]!.network().delete(credentials, id),
    limit: () => linkedinFake.injectRateLimit({ match: /socialMetadata/ }),
    // Daily limits reset at midnight UTC; LinkedIn sends no header.
    minimumWaitMs: 1,
  },
  {
    id: 'mastodon',
    start: async () => (mastodonFake = await FakeMastodon.start()),
    network: () =>
      createMastodon({
        allowLocalInstances: true,
        mediaPollIntervalMs: 10,
      }) as unknown as SocialNetworkV1,
    async channel(followers) {
      const credentials = newMastodonChannel(mastodonFake)
      mastodonFake.setFollowers(credentials.accountId, followers)
      return credentials
    },
    post: (credentials, text) => publishText(CASES[4]!, credentials, text),
    engage: (_c, id) => mastodonFake.setCounts(id, { favouritesCount: 8, reblogsCount: 3 }),
    expected: {
      likes: 8,
      reposts: 3,
      replies: 0,
      quotes: 0,
      views: null,
      shares: null,
      saves: null,
      ...NONE,
    },
    remove: async (credentials, id) => CASES[4]!.network().delete(credentials, id),
    limit: () =>
      mastodonFake.injectRateLimit({ match: 'GET /api/v1/statuses', resetInSeconds: 300 }),
    minimumWaitMs: 5 * MINUTE,
  },
]

async function publishText(
  networkCase: NetworkCase,
  credentials: Credentials,
  text: string,
): Promise<string> {
  const { parts } = await networkCase
    .network()
    .publish(credentials, { parts: [{ text, media: [] }] })
  return parts[0]!.id
}

const started: Array<{ close(): Promise<void> }> = []
beforeAll(async () => {
  for (const networkCase of CASES) started.push(await networkCase.start())
}, 60_000)
afterAll(async () => {
  await Promise.all(started.map((fake) => fake.close()))
})

for (const dialect of await testDialects()) {
  describe.each(CASES)(`${dialect}: metrics through the $id fake`, (networkCase) => {
    let w: MetricsWorld
    let networks: PublishingNetworks
    beforeEach(async () => {
      w = await createMetricsWorld(dialect, networkCase.id)
      const network = networkCase.network(() => w.clock.now)
      networks = {
        get: (id) => (id === networkCase.id ? network : undefined),
        signInWithAppPassword: () => Promise.reject(new Error('not used')),
      }
    })
    afterEach(() => w.cleanup())

    /** A channel of the workspace holding these credentials, with one post of the last hour. */
    async function channelWithPost(label: string, credentials: Credentials) {
      const channel = await w.addChannel(label, networkCase.id)
      await w.scope
        .updateTable('channels')
        .set({ credentials: w.t.murmur.secrets.seal(JSON.stringify(credentials)) })
        .where('id', '=', channel)
        .execute()
      const seed = async (text: string) => {
        const remoteId = await networkCase.post(credentials, text)
        const post = await w.publish({ channelId: channel, publishedAt: w.clock.now - HOUR })
        await w.scope
          .updateTable('deliveries')
          .set({ remote_parts: JSON.stringify([{ id: remoteId, url: 'https://example.test/p' }]) })
          .where('id', '=', post.deliveryId)
          .execute()
        return { ...post, remoteId }
      }
      return { channel, seed }
    }

    const job = () =>
      new MetricsSync(w.t.murmur, { random: () => 0.5, workerId: networkCase.id }, networks)

    test('reads what the network offers, leaves the rest absent, notices a deleted post and stores followers', async () => {
      const credentials = await networkCase.channel(1234)
      const { channel, seed } = await channelWithPost('bakery', credentials)
      const kept = await seed(`Rye loaves are back ${Math.random()}`)
      const removed = await seed(`Oops, wrong price ${Math.random()}`)
      networkCase.engage(credentials, kept.remoteId)
      await networkCase.remove(credentials, removed.remoteId)

      const [result] = await job().tick()
      expect(result).toMatchObject({ status: 'synced', fetched: 1, gone: 1 })
      const snapshot = await w.t.murmur.db
        .selectFrom('metric_snapshots')
        .selectAll()
        .where('delivery_id', '=', kept.deliveryId)
        .executeTakeFirstOrThrow()
      expect(snapshot).toMatchObject(networkCase.expected)
      const gone = await w.scope
        .selectFrom('metric_tracking')
        .select(['gone', 'next_fetch_at'])
        .where('delivery_id', '=', removed.deliveryId)
        .executeTakeFirstOrThrow()
      expect(gone).toEqual({ gone: 1, next_fetch_at: null })

      const followers = await w.scope
        .selectFrom('follower_counts')
        .select(['day', 'followers'])
        .where('channel_id', '=', channel)
        .execute()
      const state = await w.scope
        .selectFrom('metric_channel_state')
        .select(['followers_note', 'followers_due_at'])
        .where('channel_id', '=', channel)
        .executeTakeFirstOrThrow()
      if (networkCase.id === 'linkedin') {
        // A member profile: LinkedIn gives apps no follower count for it. Said, never 0.
        expect(followers).toEqual([])
        expect(state.followers_note).toBe('not available from LinkedIn')
      } else {
        expect(followers.map((row) => [row.day, Number(row.followers)])).toEqual([
          ['2027-03-01', 1234],
        ])
        expect(state.followers_note).toBeNull()
      }
      // Next reading of followers: the workspace's next midnight (Paris).
      expect(Number(state.followers_due_at)).toBe(Date.UTC(2027, 2, 1, 23, 0))
      const analytics = await w.owner.get(
        `${w.base}/analytics/engagement?from=2027-02-25T00:00:00Z&to=2027-03-02T00:00:00Z`,
      )
      const growth = (analytics.body as { followers: Array<Record<string, unknown>> }).followers
      const mine = growth.find((entry) => entry.channel_id === channel)
      if (networkCase.id === 'linkedin') {
        expect(mine).toMatchObject({ points: [], note: 'not available from LinkedIn' })
      } else {
        expect(mine).toMatchObject({ points: [{ day: '2027-03-01', followers: 1234 }], note: null })
      }
    })

    test('a rate limit or quota holds that channel only, as long as the network asked', async () => {
      const metrics = job()
      const byChannel = (results: MetricsSyncResult[], id: string) =>
        results.find((result) => result.channel_id === id)
      const heldCredentials = await networkCase.channel(10)
      const held = await channelWithPost('held', heldCredentials)
      await held.seed(`Held back ${Math.random()}`)
      networkCase.limit(heldCredentials)
      const limited = byChannel(await metrics.tick(), held.channel)
      expect(limited).toMatchObject({ status: 'waiting', fetched: 0 })
      expect(limited?.retry_at).toBeGreaterThanOrEqual(
        w.clock.now + networkCase.minimumWaitMs - 1000,
      )

      // Another account of the same network is read meanwhile; the held one is not asked.
      const free = await channelWithPost('free', await networkCase.channel(20))
      await free.seed(`Read on ${Math.random()}`)
      w.clock.advance(MINUTE)
      const meanwhile = await metrics.tick()
      expect(byChannel(meanwhile, free.channel)).toMatchObject({ status: 'synced', fetched: 1 })
      expect(byChannel(meanwhile, held.channel)).toBeUndefined()

      w.clock.now = Number(limited?.retry_at) + MINUTE
      const later = await metrics.tick()
      expect(byChannel(later, held.channel)).toMatchObject({ status: 'synced', fetched: 1 })
    })
  })
}
