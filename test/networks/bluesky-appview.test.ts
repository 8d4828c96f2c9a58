/**
 * Metrics and mentions need Bluesky's AppView, so this suite runs the full dev network
 * (PLC + PDS + AppView + Ozone) on PostgreSQL and Redis. Another account likes, reposts, quotes,
 * replies to and mentions the channel; the adapter must see exactly that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BlueskyCredentials, createBluesky } from '../../src/networks/bluesky/index.js'
import type { NetworkMention } from '../../src/networks/spec/network-mention.js'
import {
  appViewServicesReachable,
  LOCAL_BLUESKY_HOSTS,
  type LocalBluesky,
  signInAccount,
  startLocalBluesky,
  type TestAccount,
} from './support/local-bluesky.js'

const postgresUrl =
  process.env.MURMUR_TEST_POSTGRES_URL ??
  process.env.DB_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres'
const redisHost = process.env.REDIS_HOST ?? '127.0.0.1:6379'
const services = await appViewServicesReachable(postgresUrl, redisHost)
if (!services.ok) {
  const message = `Bluesky AppView tests need ${services.missing.join(' and ')}`
  if (process.env.CI === 'true') throw new Error(message)
  console.warn(`Skipping: ${message} (unreachable).`)
}

describe.runIf(services.ok)('Bluesky adapter with the AppView', () => {
  let local: LocalBluesky
  let brand: TestAccount
  let fan: TestAccount
  let credentials: BlueskyCredentials
  let postId: string
  let quoteUri: string
  let replyUri: string
  let mentionUri: string
  const network = () =>
    createBluesky({ baseUrl: local.url, allowPrivateNetworkHosts: LOCAL_BLUESKY_HOSTS })

  beforeAll(async () => {
    local = await startLocalBluesky({
      appView: { postgresUrl, redisHost },
    })
    brand = await local.createAccount('bakery')
    fan = await local.createAccount('fan')
    credentials = await signInAccount(network(), brand)
    const published = await network().publish(credentials, {
      parts: [{ text: 'New croissants every morning 🥐', media: [] }],
    })
    postId = published.parts[0]?.id ?? ''
    const { data } = await fan.agent.com.atproto.repo.getRecord({
      repo: brand.did,
      collection: 'app.bsky.feed.post',
      rkey: postId.split('/').pop() ?? '',
    })
    const post = { uri: data.uri, cid: data.cid ?? '' }

    await fan.agent.follow(brand.did)
    await fan.agent.like(post.uri, post.cid)
    await fan.agent.repost(post.uri, post.cid)
    replyUri = (
      await fan.agent.post({ text: 'Saving one for me!', reply: { root: post, parent: post } })
    ).uri
    quoteUri = (
      await fan.agent.post({
        text: 'Best in town',
        embed: { $type: 'app.bsky.embed.record', record: post },
      })
    ).uri
    const mentionText = `Going to @${brand.handle} tomorrow`
    const start = Buffer.byteLength('Going to ')
    mentionUri = (
      await fan.agent.post({
        text: mentionText,
        facets: [
          {
            index: { byteStart: start, byteEnd: start + Buffer.byteLength(`@${brand.handle}`) },
            features: [{ $type: 'app.bsky.richtext.facet#mention', did: brand.did }],
          },
        ],
      })
    ).uri
    await local.processAll()
  }, 90_000)

  afterAll(async () => {
    await local?.close()
  })

  it('reads like, repost, reply and quote counts, and reports no impressions', async () => {
    const metrics = await network().fetchMetrics(credentials, [postId, replyUri])
    expect(metrics[postId]).toEqual({ likes: 1, reposts: 1, replies: 1, quotes: 1, bookmarks: 0 })
    expect(metrics[postId]).not.toHaveProperty('impressions')
    expect(metrics[replyUri]).toMatchObject({ likes: 0, replies: 0 })
  })

  it('reads the follower count from the profile, and sees a new follower', async () => {
    expect(await network().fetchFollowerCount!(credentials)).toBe(1)
    const second = await local.createAccount('second')
    await second.agent.follow(brand.did)
    await local.processAll()
    expect(await network().fetchFollowerCount!(credentials)).toBe(2)
  })

  it('leaves deleted posts out of the metrics', async () => {
    const gone = await network().publish(credentials, { parts: [{ text: 'Oops', media: [] }] })
    const goneId = gone.parts[0]?.id ?? ''
    await network().delete(credentials, goneId)
    await local.processAll()
    const metrics = await network().fetchMetrics(credentials, [postId, goneId])
    expect(Object.keys(metrics)).toEqual([postId])
  })

  it('lists mentions, replies and quotes, newest first, without likes or reposts', async () => {
    const page = await network().fetchMentions(credentials, {})
    const byKind = (kind: NetworkMention['kind']) => page.items.filter((item) => item.kind === kind)
    expect(page.items.map((item) => item.kind)).toEqual(['mention', 'quote', 'reply'])
    expect(byKind('mention')[0]).toMatchObject({
      id: mentionUri,
      text: `Going to @${brand.handle} tomorrow`,
      author: { id: fan.did, handle: fan.handle },
      url: expect.stringMatching(/^https:\/\/bsky\.app\/profile\/did:plc:.+\/post\/.+$/),
    })
    expect(byKind('reply')[0]).toMatchObject({
      id: replyUri,
      text: 'Saving one for me!',
      inReplyTo: postId,
      rootId: postId,
    })
    expect(byKind('quote')[0]).toMatchObject({ id: quoteUri, quotedId: postId })
    for (const item of page.items) expect(Date.parse(item.createdAt)).not.toBeNaN()
  })

  it('pages through mentions with the cursor', async () => {
    const seen: string[] = []
    let cursor: string | undefined
    for (let pageNumber = 0; pageNumber < 10; pageNumber++) {
      const page = await network().fetchMentions(credentials, {
        limit: 1,
        ...(cursor && { cursor }),
      })
      seen.push(...page.items.map((item) => item.id))
      cursor = page.cursor
      if (!cursor) break
    }
    expect(seen).toEqual([mentionUri, quoteUri, replyUri])
    expect(cursor).toBeUndefined()
  })
})
