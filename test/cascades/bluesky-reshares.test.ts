/**
 * Bluesky reposts and quotes through the adapter's fetchReshares, against the full local
 * Bluesky network (PLC + PDS + AppView on PostgreSQL and Redis): who reposted the post, who
 * quoted it, and who reposted the quote, which word of mouth turns into a tree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BlueskyCredentials, createBluesky } from '../../src/networks/bluesky/index.js'
import type { NetworkReshare } from '../../src/networks/spec/index.js'
import {
  appViewServicesReachable,
  LOCAL_BLUESKY_HOSTS,
  type LocalBluesky,
  signInAccount,
  startLocalBluesky,
  type TestAccount,
} from '../networks/support/local-bluesky.js'

const postgresUrl =
  process.env.MURMUR_TEST_POSTGRES_URL ??
  process.env.DB_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres'
const redisHost = process.env.REDIS_HOST ?? '127.0.0.1:6379'
const services = await appViewServicesReachable(postgresUrl, redisHost)
if (!services.ok) {
  const message = `Bluesky reshare tests need ${services.missing.join(' and ')}`
  if (process.env.CI === 'true') throw new Error(message)
  console.warn(`Skipping: ${message} (unreachable).`)
}

describe.runIf(services.ok)('Bluesky reshares with the AppView', () => {
  let local: LocalBluesky
  let brand: TestAccount
  let fan: TestAccount
  let friend: TestAccount
  let credentials: BlueskyCredentials
  let postId: string
  let quoteUri: string
  const network = () =>
    createBluesky({ baseUrl: local.url, allowPrivateNetworkHosts: LOCAL_BLUESKY_HOSTS })

  beforeAll(async () => {
    local = await startLocalBluesky({ appView: { postgresUrl, redisHost } })
    brand = await local.createAccount('bakery')
    fan = await local.createAccount('fan')
    friend = await local.createAccount('friend')
    credentials = await signInAccount(network(), brand)
    const published = await network().publish(credentials, {
      parts: [{ text: 'Plum tarts are back 🍑', media: [] }],
    })
    postId = published.parts[0]?.id ?? ''
    const { data } = await fan.agent.com.atproto.repo.getRecord({
      repo: brand.did,
      collection: 'app.bsky.feed.post',
      rkey: postId.split('/').pop() ?? '',
    })
    const post = { uri: data.uri, cid: data.cid ?? '' }
    await fan.agent.repost(post.uri, post.cid)
    const quote = await friend.agent.post({
      text: 'You have to try these',
      embed: { $type: 'app.bsky.embed.record', record: post },
    })
    quoteUri = quote.uri
    await fan.agent.repost(quote.uri, quote.cid)
    await local.processAll()
  }, 120_000)

  afterAll(async () => {
    await local?.close()
  })

  const all = async (id: string) => {
    const items: NetworkReshare[] = []
    let cursor: string | undefined
    do {
      const page = await network().fetchReshares!(credentials, id, {
        limit: 1,
        ...(cursor && { cursor }),
      })
      items.push(...page.items)
      cursor = page.cursor
    } while (cursor)
    return items
  }

  it('lists the repost and the quote of the post, one page at a time', async () => {
    const items = await all(postId)
    expect(items.map((i) => [i.kind, i.author.handle])).toEqual([
      ['repost', fan.handle],
      ['quote', friend.handle],
    ])
    expect(items[1]).toMatchObject({
      id: quoteUri,
      of: postId,
      author: { id: friend.did },
      url: expect.stringMatching(/^https:\/\/bsky\.app\/profile\/.+\/post\/.+$/),
    })
    expect(Date.parse(items[1]?.createdAt ?? '')).toBeGreaterThan(0)
  })

  it('follows the spread: who reposted the quote', async () => {
    const items = await all(quoteUri)
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'repost',
        of: quoteUri,
        author: expect.objectContaining({ handle: fan.handle }),
      }),
    ])
  })

  it('refuses an id that is not a Bluesky post', async () => {
    await expect(network().fetchReshares!(credentials, 'not-a-uri', {})).rejects.toThrow()
  })
})
