/**
 * The fakes checked against well-kept client libraries written for the real services:
 * twitter-api-v2 against the X fake, masto.js against the Mastodon fake. Murmur's adapters use
 * plain fetch (neither library takes an injected fetch), so this is what keeps the fakes honest:
 * a body or header a library does not understand means the fake drifted from the real contract.
 */
import { Agent } from 'node:http'
import { createOAuthAPIClient, createRestAPIClient, MastoHttpError } from 'masto'
import { ApiResponseError, TwitterApi } from 'twitter-api-v2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeMastodon } from '../fakes/mastodon/fake-mastodon.js'
import { newMastodonChannel } from '../fakes/mastodon/fake-mastodon-channels.js'
import { FakeX } from '../fakes/x/fake-x.js'
import { samplePng } from '../fakes/x/fake-x-channels.js'

let fakeX: FakeX
let fakeMastodon: FakeMastodon

beforeAll(async () => {
  fakeX = await FakeX.start()
  fakeMastodon = await FakeMastodon.start()
})

afterAll(async () => {
  await fakeX?.close()
  await fakeMastodon?.close()
})

/**
 * twitter-api-v2 only speaks https to a fixed host. An http.Agent that calls itself https sends
 * its requests as plain HTTP to the fake, and the v2 prefix is pointed at the fake's port.
 */
function twitterClientFor(accessToken: string): TwitterApi {
  const agent = Object.assign(new Agent(), { protocol: 'https:' })
  const client = new TwitterApi(accessToken, { httpAgent: agent })
  const prefix = `${fakeX.url.replace('http://', 'https://')}/2/`
  ;(client.v2 as unknown as { _prefix: string })._prefix = prefix
  return client
}

describe('twitter-api-v2 against the X fake', () => {
  it('posts, replies, reads, pages mentions and deletes', async () => {
    const brand = fakeX.createUser('libbrand')
    const fan = fakeX.createUser('libfan')
    const client = twitterClientFor(fakeX.issueTokens(brand.id).accessToken)
    expect((await client.v2.me()).data).toMatchObject({ id: brand.id, username: 'libbrand' })
    const first = await client.v2.tweet('Fresh rye today https://bakery.com/rye')
    expect(first.data.text).toMatch(/^Fresh rye today https:\/\/t\.co\/\w{10}$/)
    const reply = await client.v2.reply('Second part', first.data.id)
    const read = await client.v2.singleTweet(reply.data.id, {
      'tweet.fields': ['conversation_id', 'referenced_tweets', 'public_metrics'],
    })
    expect(read.data).toMatchObject({
      conversation_id: first.data.id,
      referenced_tweets: [{ type: 'replied_to', id: first.data.id }],
      public_metrics: { impression_count: 0 },
    })
    for (let index = 0; index < 7; index++) fakeX.postAs(fan.id, `@libbrand hello ${index}`)
    const timeline = await client.v2.userMentionTimeline(brand.id, { max_results: 5 })
    await timeline.fetchNext()
    expect(timeline.tweets).toHaveLength(7)
    expect(timeline.done).toBe(true)
    expect((await client.v2.deleteTweet(reply.data.id)).data.deleted).toBe(true)
  })

  it('sets alt text with createMediaMetadata on an uploaded image', async () => {
    const brand = fakeX.createUser('libmedia')
    const { accessToken } = fakeX.issueTokens(brand.id)
    const form = new FormData()
    form.append('media', new Blob([Buffer.from(await samplePng())], { type: 'image/png' }))
    form.append('media_category', 'tweet_image')
    const upload = await fetch(`${fakeX.url}/2/media/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      body: form,
    })
    const { data } = (await upload.json()) as { data: { id: string } }
    const client = twitterClientFor(accessToken)
    await client.v2.createMediaMetadata(data.id, { alt_text: { text: 'A loaf' } })
    expect(fakeX.state.media.get(data.id)?.altText).toBe('A loaf')
  })

  it('reads the fake errors and rate-limit headers the way it reads X’s', async () => {
    const brand = fakeX.createUser('liberrors')
    const client = twitterClientFor(fakeX.issueTokens(brand.id).accessToken)
    await client.v2.tweet('Once only')
    const duplicate = await client.v2.tweet('Once only').catch((error: unknown) => error)
    expect(duplicate).toBeInstanceOf(ApiResponseError)
    expect((duplicate as ApiResponseError).data.detail).toMatch(/duplicate content/)
    const resetAt = Math.ceil(Date.now() / 1000) + 600
    fakeX.injectRateLimit({ match: 'POST /2/tweets', resetInSeconds: 600 })
    const limited = await client.v2.tweet('Too many').catch((error: unknown) => error)
    expect((limited as ApiResponseError).rateLimitError).toBe(true)
    expect((limited as ApiResponseError).rateLimit?.reset).toBeGreaterThanOrEqual(resetAt - 1)
  })
})

describe('masto.js against the Mastodon fake', () => {
  it('registers an app and exchanges a code (a client without PKCE)', async () => {
    const account = fakeMastodon.createAccount('mastolib')
    fakeMastodon.consent.accountId = account.id
    try {
      const redirectUri = 'http://127.0.0.1:4000/callback'
      const anonymous = createRestAPIClient({ url: fakeMastodon.url })
      const app = await anonymous.v1.apps.create({
        clientName: 'masto test',
        redirectUris: redirectUri,
        scopes: 'read write',
      })
      const authorize = new URL(`${fakeMastodon.url}/oauth/authorize`)
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: app.clientId ?? '',
        redirect_uri: redirectUri,
        scope: 'read write',
      }).toString()
      const consent = await fetch(authorize, { redirect: 'manual' })
      const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? ''
      const oauth = createOAuthAPIClient({ url: fakeMastodon.url })
      const token = await oauth.token.create({
        grantType: 'authorization_code',
        clientId: app.clientId ?? '',
        clientSecret: app.clientSecret ?? '',
        redirectUri,
        code,
        scope: 'read write',
      })
      const client = createRestAPIClient({ url: fakeMastodon.url, accessToken: token.accessToken })
      expect((await client.v1.accounts.verifyCredentials()).id).toBe(account.id)
    } finally {
      fakeMastodon.consent.accountId = undefined
    }
  })

  it('reads the instance, posts with media, pages notifications, deletes', async () => {
    const channel = newMastodonChannel(fakeMastodon, 'mastoposts')
    const fan = fakeMastodon.createAccount('mastofan')
    const client = createRestAPIClient({ url: fakeMastodon.url, accessToken: channel.accessToken })
    const instance = await client.v2.instance.fetch()
    expect(instance.configuration.statuses.maxCharacters).toBe(500)
    const media = await client.v2.media.create({
      file: new Blob([Buffer.from(await samplePng())], { type: 'image/png' }),
      description: 'Crusty loaf',
    })
    expect(media.url).toMatch(/^http/)
    const status = await client.v1.statuses.create({
      status: 'Hello from masto',
      mediaIds: [media.id],
    })
    expect(status.mediaAttachments[0]?.description).toBe('Crusty loaf')
    for (let index = 0; index < 5; index++)
      fakeMastodon.postAs(fan.id, `@${channel.username} hi ${index}`)
    const pages: number[] = []
    for await (const page of client.v1.notifications.list({ limit: 2, types: ['mention'] })) {
      pages.push(page.length)
      if (pages.length > 5) break
    }
    // Like on Mastodon, the page after the last one is empty and has no Link: the paginator stops.
    expect(pages).toEqual([2, 2, 1, 0])
    const removed = await client.v1.statuses.$select(status.id).remove()
    expect(removed.text).toBe('Hello from masto')
  })

  it('reads the fake errors the way it reads Mastodon’s', async () => {
    const channel = newMastodonChannel(fakeMastodon, 'mastoerrors')
    const client = createRestAPIClient({ url: fakeMastodon.url, accessToken: channel.accessToken })
    const blank = await client.v1.statuses.create({ status: '' }).catch((error: unknown) => error)
    expect(blank).toBeInstanceOf(MastoHttpError)
    expect(blank).toMatchObject({
      statusCode: 422,
      message: "Validation failed: Text can't be blank",
    })
    fakeMastodon.revokeToken(channel.accessToken)
    const revoked = await client.v1.accounts.verifyCredentials().catch((error: unknown) => error)
    expect(revoked).toMatchObject({ statusCode: 401, message: 'The access token is invalid' })
  })
})
