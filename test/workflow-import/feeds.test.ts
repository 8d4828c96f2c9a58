import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { isMurmurError } from '../../src/core/errors.js'
import { FeedPoller } from '../../src/jobs/feed-poller.js'
import { createFeed, getFeed, recentFeedItems, updateFeed } from '../../src/services/feeds.js'
import { MAX_POSTS_PER_POLL } from '../../src/services/feeds-poll.js'
import { getPost } from '../../src/services/post-views.js'
import { createWorld, START, type World } from '../publishing/world.js'
import { testDialects } from '../support/databases.js'
import { atom, FeedServer, rss, type ServedItem } from './feed-server.js'

const MINUTE = 60_000
const INTERVAL = 15 * MINUTE

for (const dialect of await testDialects()) {
  describe(`${dialect}: RSS and Atom auto-posting`, () => {
    let world: World
    let server: FeedServer
    const pollers: FeedPoller[] = []
    const poller = () => {
      const made = new FeedPoller(world.murmur, {
        intervalMs: INTERVAL,
        fetch: { allowLoopback: true },
      })
      pollers.push(made)
      return made
    }
    const feedPosts = async (feedId: string) =>
      (await recentFeedItems(world.scope, feedId)).filter((item) => item.post_id !== null)
    const textOf = async (postId: string) =>
      (await getPost(world.scope, postId)).content.parts[0]?.text

    beforeAll(async () => {
      world = await createWorld(dialect)
      server = new FeedServer()
      await server.start()
    })
    afterEach(async () => {
      for (const made of pollers.splice(0)) await made.stop()
    })
    afterAll(async () => {
      await server.close()
      await world.t.cleanup()
    })

    test('a feed that changes between polls: old items are not posted, new ones once, 304s cost nothing, failures back off', async () => {
      const old: ServedItem = {
        guid: 'post-1',
        link: 'https://cornerbakery.example/blog/1',
        title: 'Our story',
        publishedAt: START - 30 * 24 * 60 * MINUTE,
      }
      const undatedOld: ServedItem = { guid: 'post-0', title: 'Welcome' }
      const sinceConnected: ServedItem = {
        guid: 'post-2',
        link: 'https://cornerbakery.example/blog/2',
        title: 'Winter hours',
        summary: '<p>Open <b>7 to 19</b> &amp; closed Mondays</p>',
        publishedAt: START + 5 * MINUTE,
      }
      server.body = rss([sinceConnected, old, undatedOld])
      const feed = await createFeed(
        world.murmur,
        world.scope,
        {
          url: `${server.base}/feed.xml`,
          channel_ids: [world.channel.id],
          template: '{title}: {summary} {link}',
        },
        { createdBy: world.userId },
      )
      expect(feed).toMatchObject({ mode: 'draft', connected_at: START, failures: 0 })

      world.clock.advance(10 * MINUTE)
      const first = poller()
      await first.tick()
      const afterFirst = await feedPosts(feed.id)
      expect(afterFirst).toHaveLength(1)
      expect(await textOf(afterFirst[0]!.post_id!)).toBe(
        'Winter hours: Open 7 to 19 & closed Mondays https://cornerbakery.example/blog/2',
      )
      const post = await getPost(world.scope, afterFirst[0]!.post_id!)
      expect(post.deliveries.map((d) => d.state)).toEqual(['draft'])
      const items = await recentFeedItems(world.scope, feed.id)
      expect(
        items
          .filter((i) => i.outcome === 'skipped_old')
          .map((i) => i.title)
          .sort(),
      ).toEqual(['Our story', 'Welcome'])
      expect(await getFeed(world.scope, feed.id)).toMatchObject({
        title: 'Corner Bakery blog',
        items_posted: 1,
        next_poll_at: world.clock.now + INTERVAL,
      })

      // Not due yet: no request at all.
      const requests = server.requests.length
      await first.tick()
      expect(server.requests.length).toBe(requests)

      // Due, unchanged: a conditional request answered 304, nothing posted.
      world.clock.advance(INTERVAL)
      await first.tick()
      expect(server.requests.at(-1)).toMatchObject({
        notModified: true,
        ifNoneMatch: server.etag,
        ifModifiedSince: server.lastModified,
      })
      expect(await feedPosts(feed.id)).toHaveLength(1)

      // A new item, the same item with a new link, and another with the same link: one post.
      const fresh: ServedItem = {
        guid: 'post-3',
        link: 'https://cornerbakery.example/blog/3',
        title: 'Galette des rois',
        publishedAt: world.clock.now,
      }
      server.body = rss([
        fresh,
        { ...sinceConnected, link: 'https://cornerbakery.example/blog/2-winter-hours' },
        { ...fresh, guid: 'post-3-again' },
        old,
      ])
      world.clock.advance(INTERVAL)
      await first.tick()
      const afterChange = await feedPosts(feed.id)
      expect(afterChange).toHaveLength(2)
      expect(await textOf(afterChange.find((i) => i.title === 'Galette des rois')!.post_id!)).toBe(
        'Galette des rois: https://cornerbakery.example/blog/3',
      )

      // The feed breaks: the error is kept and polls back off (30 min, then 60).
      server.failWith = 500
      world.clock.advance(INTERVAL)
      await first.tick()
      let state = await getFeed(world.scope, feed.id)
      expect(state).toMatchObject({
        failures: 1,
        last_error: 'The feed answered HTTP 500.',
        next_poll_at: world.clock.now + 2 * INTERVAL,
      })
      world.clock.advance(INTERVAL)
      const beforeBackoff = server.requests.length
      await first.tick()
      expect(server.requests.length).toBe(beforeBackoff)
      server.failWith = undefined
      server.body = '<!doctype html><html><head><title>Blog</title></head><body>Hi</body></html>'
      server.contentType = 'text/html'
      world.clock.advance(INTERVAL)
      await first.tick()
      state = await getFeed(world.scope, feed.id)
      expect(state.failures).toBe(2)
      expect(state.last_error).toContain('a web page, not an RSS or Atom feed')
      expect(state.next_poll_at).toBe(world.clock.now + 4 * INTERVAL)

      // Back to normal: errors cleared, still nothing posted twice.
      server.body = rss([fresh, sinceConnected, old])
      server.contentType = 'application/rss+xml'
      world.clock.advance(4 * INTERVAL)
      await first.tick()
      state = await getFeed(world.scope, feed.id)
      expect(state).toMatchObject({ failures: 0, last_error: null, items_posted: 2 })
      expect(await feedPosts(feed.id)).toHaveLength(2)
    })

    test('two processes polling at once post each item once', async () => {
      server.body = rss([])
      const feed = await createFeed(
        world.murmur,
        world.scope,
        { url: `${server.base}/race.xml`, channel_ids: [world.channel.id] },
        { createdBy: world.userId },
      )
      await poller().tick()
      server.body = rss(
        Array.from({ length: 3 }, (_, i) => ({
          guid: `race-${i}`,
          link: `https://cornerbakery.example/race/${i}`,
          title: `Race ${i}`,
          publishedAt: world.clock.now + (i + 1) * MINUTE,
        })),
      )
      world.clock.advance(INTERVAL + 5 * MINUTE)
      const [a, b] = [poller(), poller()]
      await Promise.all([a.tick(), b.tick(), a.pollNow(world.workspaceId, feed.id)])
      const posted = await feedPosts(feed.id)
      expect(posted).toHaveLength(3)
      expect(new Set(posted.map((item) => item.post_id)).size).toBe(3)
    })

    test('an Atom feed that publishes many items at once makes a few posts, not a flood; long summaries are shortened to fit', async () => {
      server.body = atom([])
      server.contentType = 'application/atom+xml'
      const feed = await createFeed(
        world.murmur,
        world.scope,
        {
          url: `${server.base}/atom.xml`,
          channel_ids: [world.channel.id],
          template: '{title}\n\n{summary}\n\n{link}',
        },
        { createdBy: world.userId },
      )
      await poller().tick()
      const long = 'Flour water salt and time make bread that keeps for days. '.repeat(20).trim()
      server.body = atom(
        Array.from({ length: MAX_POSTS_PER_POLL + 3 }, (_, i) => ({
          guid: `urn:bakery:${i}`,
          link: `https://cornerbakery.example/news/${i}`,
          title: `News ${i}`,
          summary: long,
          publishedAt: world.clock.now + (i + 1) * 1000,
        })),
      )
      world.clock.advance(INTERVAL + 10_000)
      await poller().tick()
      const items = await recentFeedItems(world.scope, feed.id)
      const posted = items.filter((item) => item.post_id !== null)
      expect(posted).toHaveLength(MAX_POSTS_PER_POLL)
      expect(items.filter((item) => item.outcome === 'skipped_limit')).toHaveLength(3)
      // Oldest first: the blog's order.
      expect(posted.map((item) => item.title).sort()).toEqual(
        Array.from({ length: MAX_POSTS_PER_POLL }, (_, i) => `News ${i}`),
      )
      const text = (await textOf(posted[0]!.post_id!))!
      expect([...new Intl.Segmenter().segment(text)].length).toBeLessThanOrEqual(300)
      expect(text).toMatch(
        /^News \d\n\nFlour water salt .*…\n\nhttps:\/\/cornerbakery\.example\/news\/\d$/s,
      )
    })

    test('queue mode falls back to a draft, saying why, when a channel has no free slot', async () => {
      server.body = rss([])
      server.contentType = 'application/rss+xml'
      const feed = await createFeed(
        world.murmur,
        world.scope,
        { url: `${server.base}/queue.xml`, channel_ids: [world.channel.id], mode: 'queue' },
        { createdBy: world.userId },
      )
      await poller().tick()
      server.body = rss([
        {
          guid: 'q-1',
          link: 'https://cornerbakery.example/q/1',
          title: 'Queued',
          publishedAt: world.clock.now + MINUTE,
        },
      ])
      world.clock.advance(INTERVAL + 10)
      await poller().tick()
      const [item] = await feedPosts(feed.id)
      expect(item).toMatchObject({ outcome: 'draft' })
      expect(item?.problem).toContain('has no free queue slot')
    })

    test('bad settings are refused with what to fix; a paused feed is not polled', async () => {
      const refused = async (input: Parameters<typeof createFeed>[2]) => {
        try {
          await createFeed(world.murmur, world.scope, input, { createdBy: world.userId })
        } catch (error) {
          if (isMurmurError(error)) return error.message
          throw error
        }
        throw new Error('accepted')
      }
      const channel_ids = [world.channel.id]
      expect(await refused({ url: 'ftp://example.com/feed', channel_ids })).toContain('ftp:')
      expect(await refused({ url: 'not a url', channel_ids })).toContain('is not a web address')
      expect(await refused({ url: 'https://example.com/feed', channel_ids: [] })).toContain(
        'at least one channel',
      )
      expect(
        await refused({ url: 'https://example.com/feed', channel_ids, template: '{headline}' }),
      ).toContain('Unknown placeholder {headline}')
      expect(await refused({ url: `${server.base}/feed.xml`, channel_ids })).toContain(
        'already follows',
      )

      server.body = rss([])
      const feed = await createFeed(
        world.murmur,
        world.scope,
        { url: `${server.base}/paused.xml`, channel_ids },
        { createdBy: world.userId },
      )
      await updateFeed(world.murmur, world.scope, feed.id, { paused: true })
      const before = server.requests.filter((r) => r.path === '/paused.xml').length
      world.clock.advance(INTERVAL)
      await poller().tick()
      expect(server.requests.filter((r) => r.path === '/paused.xml').length).toBe(before)
    })
  })
}
