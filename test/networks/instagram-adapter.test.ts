/**
 * What only Instagram has, against the Instagram fake (built from Meta's documented Instagram
 * API with Instagram Login, not Instagram itself): no text-only posts, images downloaded from
 * Murmur's public address into containers polled until FINISHED, carousels, the publishing
 * quota, comments and replies, professional accounts only, 60-day tokens renewed.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createInstagram,
  type InstagramCredentials,
  type InstagramSettings,
} from '../../src/networks/instagram/index.js'
import { isPrivateHost, MetaUsageGate } from '../../src/networks/meta/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import type { Draft, DraftMedia } from '../../src/networks/spec/network-draft.js'
import { NetworkError } from '../../src/networks/spec/network-error.js'
import { sampleJpeg } from '../fakes/facebook/fake-facebook-channels.js'
import { FakeInstagram } from '../fakes/instagram/fake-instagram.js'
import { PUBLISH_QUOTA } from '../fakes/instagram/fake-instagram-api.js'
import { newInstagramChannel } from '../fakes/instagram/fake-instagram-channels.js'
import { instagramCaptionStats } from '../fakes/meta/fake-meta-text.js'
import { samplePng } from '../fakes/x/fake-x-channels.js'

let fake: FakeInstagram
let jpeg: Uint8Array
const redirectUri = 'http://127.0.0.1:4000/api/v1/oauth/instagram/callback'
const DAY = 24 * 60 * 60_000

beforeAll(async () => {
  fake = await FakeInstagram.start()
  jpeg = await sampleJpeg(80, 80)
})

afterAll(async () => {
  await fake?.close()
})

function instagram(settings: InstagramSettings = {}) {
  return createInstagram({
    graphUrl: fake.url,
    tokenUrl: `${fake.url}/oauth/access_token`,
    authorizeUrl: `${fake.url}/oauth/authorize`,
    app: { clientId: fake.state.app.clientId, clientSecret: fake.state.app.clientSecret },
    publicUrl: 'https://murmur.example',
    publicMediaUrl: (media) => fake.internet.host(media.data, media.mimeType),
    containerPolling: { intervalMs: 5, timeoutMs: 2000 },
    usageGate: new MetaUsageGate(),
    tokenManager: new OAuthTokenManager({ refreshMarginMs: 7 * DAY }),
    ...settings,
  })
}

const unique = (label: string) => `${label} ${Math.random().toString(36).slice(2, 8)}`
const image = (altText?: string): DraftMedia => ({
  data: jpeg,
  mimeType: 'image/jpeg',
  ...(altText && { altText }),
})
const post = (text: string, media: DraftMedia[] = [image('A loaf')]): Draft => ({
  parts: [{ text, media }],
})
const logged = (method: string, pattern: RegExp) =>
  fake.server.log.filter((entry) => entry.method === method && pattern.test(entry.path))

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.catch((caught: unknown) => caught)
  if (!NetworkError.isInstance(error))
    throw new Error(`expected a NetworkError, got ${String(error)}`)
  return error
}

describe('Instagram validation', () => {
  it('has no text-only post, but an answer (a comment) is text only', () => {
    const problems = instagram().validate({ parts: [{ text: 'Just words', media: [] }] })
    expect(problems.map((problem) => problem.message)).toEqual([
      'Instagram: the post needs an image or a video on Instagram',
    ])
    expect(
      instagram().validate({ parts: [{ text: 'Thanks!', media: [] }], replyTo: { id: '1' } }),
    ).toEqual([])
  })

  it('counts the caption up to 2,200 and caps hashtags at 30 and @mentions at 20', () => {
    const tags = Array.from({ length: 31 }, (_, index) => `#tag${index}`).join(' ')
    const mentions = Array.from({ length: 21 }, (_, index) => `@friend${index}`).join(' ')
    const messages = (value: string) =>
      instagram()
        .validate(post(value))
        .map((problem) => problem.message)
    expect(messages('a'.repeat(2_201))).toEqual(['Instagram: text is 2,201 / 2,200 characters'])
    expect(messages(tags)).toEqual(['Instagram: text has 31 hashtags; Instagram takes at most 30'])
    expect(messages(mentions)).toEqual([
      'Instagram: text has 21 @mentions; Instagram takes at most 20',
    ])
  })

  it("agrees with the fake's own caption rules on random text", () => {
    const { countText } = instagram().capabilities.text
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (caption) => {
        expect(countText(caption)).toBe(instagramCaptionStats(caption).length)
      }),
    )
  })

  it('takes JPEG only', () => {
    const problems = instagram().validate(
      post('PNG', [{ data: new Uint8Array(10), mimeType: 'image/png', altText: 'x' }]),
    )
    expect(problems.map((problem) => problem.code)).toEqual(['media_type_unsupported'])
  })

  it("says plainly when Instagram cannot reach Murmur's public address", () => {
    const local = instagram({ publicUrl: 'http://localhost:8080' }).validate(post('Hi'))
    expect(local.map((problem) => problem.message)).toEqual([
      "Instagram: downloads images from Murmur's public address, and localhost:8080 is only reachable from this machine or its local network; set MURMUR_PUBLIC_URL to an address reachable from the internet, or publish without images",
    ])
    expect(local[0]).toMatchObject({ severity: 'error', code: 'media_not_public' })
    const none = createInstagram({}).validate(post('Hi'))
    expect(none.map((problem) => problem.code)).toEqual(['media_not_public'])
    expect(instagram({ publicUrl: 'http://192.168.1.20' }).validate(post('Hi'))[0]?.code).toBe(
      'media_not_public',
    )
    for (const host of [
      'localhost',
      'murmur.local',
      '10.0.0.2',
      '172.20.1.1',
      '[::1]',
      'fd12::1',
      'nas',
    ]) {
      expect(isPrivateHost(host)).toBe(true)
    }
    for (const host of ['murmur.example', '8.8.8.8', '2001:4860::8888'])
      expect(isPrivateHost(host)).toBe(false)
  })
})

describe('Instagram publishing', () => {
  it('creates a container from the public URL with caption and alt text, waits for FINISHED, then publishes', async () => {
    const credentials = newInstagramChannel(fake)
    fake.state.containers.processingPolls = 3
    const before = logged('GET', /^\/v25\.0\/\d+$/).length
    const caption = unique('Fresh rye')
    const result = await instagram().publish(credentials, post(caption))
    fake.state.containers.processingPolls = 0
    expect(fake.readBack(result.parts[0]!.id)).toEqual({
      text: caption,
      mediaCount: 1,
      altTexts: ['A loaf'],
    })
    expect(result.parts[0]!.url).toMatch(/^https:\/\/www\.instagram\.com\/p\/[\w-]+\/$/)
    // Three IN_PROGRESS answers then FINISHED, plus the permalink read.
    expect(logged('GET', /^\/v25\.0\/\d+$/).length - before).toBe(5)
    const create = logged('POST', /\/media$/).at(-1)!
    const form = new URLSearchParams(create.body.toString('utf8'))
    expect(form.get('image_url')).toMatch(/^https:\/\/media\.murmur\.example\//)
    expect(form.get('alt_text')).toBe('A loaf')
    expect(logged('GET', /\/content_publishing_limit$/).length).toBeGreaterThan(0)
  })

  it('publishes several images as one carousel, with the first comment', async () => {
    const credentials = newInstagramChannel(fake)
    const result = await instagram().publish(credentials, {
      ...post(unique('Three loaves'), [image('Rye'), image('Spelt'), image('Wheat')]),
      firstComment: 'Which one?',
    })
    expect(fake.readBack(result.parts[0]!.id)).toMatchObject({
      mediaCount: 3,
      altTexts: ['Rye', 'Spelt', 'Wheat'],
    })
    expect(fake.readBack(result.firstComment!.id)).toMatchObject({
      text: 'Which one?',
      replyParentId: result.parts[0]!.id,
    })
    expect(result.firstComment!.url).toMatch(/\/p\/[\w-]+\/c\/\d+\/$/)
  })

  it("says when the container failed, and when Instagram could not download Murmur's image", async () => {
    const credentials = newInstagramChannel(fake)
    fake.state.containers.nextOutcome = {
      status: 'ERROR',
      errorMessage: 'The image could not be processed',
    }
    const processing = await failure(instagram().publish(credentials, post(unique('Broken'))))
    expect(processing).toMatchObject({ kind: 'content_rejected' })
    expect(processing.message).toBe(
      'Instagram could not process the post (Error: The image could not be processed)',
    )
    const unreachable = await failure(
      instagram({ publicMediaUrl: () => 'https://murmur.example/media/missing.jpg' }).publish(
        credentials,
        post(unique('Gone')),
      ),
    )
    expect(unreachable.message).toBe(
      "Instagram refused the image: the media could not be downloaded from Murmur's public address (2207052)",
    )
  })

  it("refuses an aspect ratio Instagram does not take, in Instagram's words", async () => {
    const credentials = newInstagramChannel(fake)
    const wide = await sampleJpeg(300, 100)
    const error = await failure(
      instagram().publish(
        credentials,
        post(unique('Panorama'), [{ data: wide, mimeType: 'image/jpeg' }]),
      ),
    )
    expect(error.message).toBe(
      "Instagram refused the image: the image's aspect ratio is not supported (2207009)",
    )
  })

  it('gives up on a container still processing after the timeout, to try again later', async () => {
    const credentials = newInstagramChannel(fake)
    fake.state.containers.processingPolls = 1000
    const error = await failure(
      instagram({ containerPolling: { intervalMs: 5, timeoutMs: 40 } }).publish(
        credentials,
        post(unique('Slow')),
      ),
    )
    fake.state.containers.processingPolls = 0
    expect(error).toMatchObject({ kind: 'retryable', code: 'container_in_progress' })
  })

  it('waits when the account used its 100 API posts of the last 24 hours', async () => {
    const credentials = newInstagramChannel(fake)
    fake.state.publishes.set(
      credentials.userId,
      Array.from({ length: PUBLISH_QUOTA }, () => Date.now()),
    )
    const before = logged('POST', /\/media$/).length
    const error = await failure(instagram().publish(credentials, post(unique('Too many'))))
    expect(error).toMatchObject({ kind: 'retryable', retryAfterMs: 60 * 60_000 })
    expect(error.message).toBe(
      'Instagram: the account published 100 of its 100 posts allowed per 24 hours through the API; Murmur tries again in an hour',
    )
    expect(logged('POST', /\/media$/).length).toBe(before)
  })

  it('answers a comment with a reply, and a post with a comment', async () => {
    const credentials = newInstagramChannel(fake)
    const { parts } = await instagram().publish(credentials, post(unique('Ask me')))
    const fan = fake.createUser('fan')
    const question = fake.commentAs(fan, parts[0]!.id, 'Gluten free?')
    const reply = await instagram().publish(credentials, {
      parts: [{ text: 'Not this one', media: [] }],
      replyTo: { id: question },
    })
    expect(fake.readBack(reply.parts[0]!.id)).toMatchObject({
      replyParentId: question,
      replyRootId: parts[0]!.id,
    })
    const comment = await instagram().publish(credentials, {
      parts: [{ text: 'Also: spelt', media: [] }],
      replyTo: { id: parts[0]!.id },
    })
    expect(fake.readBack(comment.parts[0]!.id)).toMatchObject({ replyParentId: parts[0]!.id })
  })

  it('deletes comments, and says plainly that Instagram Login cannot delete posts', async () => {
    const credentials = newInstagramChannel(fake)
    const result = await instagram().publish(credentials, {
      ...post(unique('Stays')),
      firstComment: 'Goes',
    })
    await instagram().delete(credentials, result.firstComment!.id)
    await instagram().delete(credentials, result.firstComment!.id)
    expect(fake.readBack(result.firstComment!.id)).toBeNull()
    const error = await failure(instagram().delete(credentials, result.parts[0]!.id))
    expect(error).toMatchObject({ kind: 'content_rejected', code: 'delete_unsupported' })
    expect(error.message).toBe(
      'Instagram does not let apps delete posts of accounts connected with Instagram Login; delete it in the Instagram app',
    )
    expect(instagram().capabilities.delete).toBe(false)
  })

  it('reads throttle code 80002 with its Business Use Case estimate, and holds the account', async () => {
    const credentials = newInstagramChannel(fake)
    const network = instagram()
    fake.injectThrottle({
      code: 80002,
      objectId: credentials.userId,
      bucType: 'instagram',
      regainMinutes: 12,
      match: /content_publishing_limit$/,
    })
    const error = await failure(network.publish(credentials, post(unique('Throttled'))))
    expect(error).toMatchObject({ kind: 'retryable', retryAfterMs: 12 * 60_000, code: '80002' })
    const before = fake.server.log.length
    expect((await failure(network.publish(credentials, post(unique('Held'))))).message).toMatch(
      /nothing was sent/,
    )
    expect(fake.server.log.length).toBe(before)
  })
})

describe('Instagram reads', () => {
  it('reads likes and comments, and views, shares and saves from insights; hidden or missing numbers stay absent', async () => {
    const credentials = newInstagramChannel(fake)
    const { parts } = await instagram().publish(credentials, post(unique('Counted')))
    const id = parts[0]!.id
    fake.commentAs(fake.createUser('fan2'), id, 'Nice')
    expect(await instagram().fetchMetrics(credentials, [id])).toEqual({
      [id]: { likes: 0, replies: 1 },
    })
    fake.setEngagement(id, { likes: 40, insights: { views: 900, shares: 4, saved: 7 } })
    expect(await instagram().fetchMetrics(credentials, [id])).toEqual({
      [id]: { likes: 40, replies: 1, views: 900, shares: 4, saves: 7 },
    })
    fake.setEngagement(id, { likesHidden: true })
    expect((await instagram().fetchMetrics(credentials, [id]))[id]).not.toHaveProperty('likes')
  })

  it('lists comments and replies on its posts and posts tagging it, newest first, without its own', async () => {
    const credentials = newInstagramChannel(fake)
    const { parts } = await instagram().publish(credentials, {
      ...post(unique('Talk to me')),
      firstComment: 'Own comment',
    })
    const fan = fake.createUser('fan3')
    const now = Date.now()
    const comment = fake.commentAs(fan, parts[0]!.id, 'Love it', now + 1000)
    const reply = fake.commentAs(fan, comment, 'Really', now + 2000)
    const tag = fake.tagAs(fan, credentials.userId, 'Breakfast from @bakery')
    const page = await instagram().fetchMentions(credentials, {})
    expect(page.items.map((item) => item.id)).toEqual([reply, comment, tag.id])
    expect(page.items[0]).toMatchObject({
      kind: 'comment',
      inReplyTo: comment,
      rootId: parts[0]!.id,
      author: { handle: 'fan3' },
    })
    expect(page.items[2]).toMatchObject({ kind: 'mention', text: 'Breakfast from @bakery' })
    expect(page.cursor).toBeUndefined()
  })
})

describe('Instagram tokens', () => {
  it('renews a 60-day token a week before it ends, once for concurrent calls, and hands it back', async () => {
    const credentials = newInstagramChannel(fake)
    const ending: InstagramCredentials = {
      ...credentials,
      expiresAt: new Date(Date.now() + 3 * DAY).toISOString(),
    }
    const network = instagram()
    const stored: InstagramCredentials[] = []
    const before = logged('GET', /^\/refresh_access_token$/).length
    await Promise.all(
      Array.from({ length: 3 }, () =>
        network.fetchMentions(
          ending,
          {},
          { onCredentialsChanged: (next) => void stored.push(next) },
        ),
      ),
    )
    expect(logged('GET', /^\/refresh_access_token$/).length - before).toBe(1)
    expect(stored).toHaveLength(1)
    expect(stored[0]!.accessToken).not.toBe(credentials.accessToken)
    expect(Date.parse(stored[0]!.expiresAt!)).toBeGreaterThan(Date.now() + 59 * DAY)
    expect(stored[0]).not.toHaveProperty('refreshToken')
  })

  it('cannot renew an expired token: the channel needs reconnect', async () => {
    const credentials = newInstagramChannel(fake)
    fake.revokeTokens(credentials.userId)
    const error = await failure(
      instagram().fetchMentions(
        { ...credentials, expiresAt: new Date(Date.now() + DAY).toISOString() },
        {},
      ),
    )
    expect(error.kind).toBe('auth_expired')
    expect(error.message).toMatch(/the channel needs reconnect$/)
  })

  it('leaves a token younger than 24 hours alone when asked to renew an idle channel', async () => {
    const credentials = { ...newInstagramChannel(fake), issuedAt: new Date().toISOString() }
    expect(await instagram().refreshCredentials(credentials)).toEqual(credentials)
  })
})

describe('Instagram connect', () => {
  async function consent(url: string): Promise<URL> {
    const response = await fetch(url, { redirect: 'manual' })
    expect(response.status).toBe(302)
    return new URL(response.headers.get('location') ?? '')
  }

  it('connects a professional account with a 60-day token', async () => {
    const user = fake.createUser('cornerbakery', 'MEDIA_CREATOR')
    fake.consent.userId = user.id
    const network = instagram()
    const start = network.startConnect({ redirectUri })
    expect(new URL(start.url).searchParams.get('scope')).toBe(
      'instagram_business_basic,instagram_business_content_publish,instagram_business_manage_comments,instagram_business_manage_insights',
    )
    const callback = await consent(start.url)
    const credentials = await network.finishConnect({
      callback: callback.searchParams,
      state: start.state,
      redirectUri,
    })
    expect(credentials).toMatchObject({
      userId: user.id,
      username: 'cornerbakery',
      accountType: 'MEDIA_CREATOR',
    })
    expect(Date.parse(credentials.expiresAt!)).toBeGreaterThan(Date.now() + 59 * DAY)
    expect(fake.state.tokens.get(credentials.accessToken)?.longLived).toBe(true)
    const { parts } = await network.publish(credentials, post(unique('Connected')))
    expect(fake.state.media.get(parts[0]!.id)?.ownerId).toBe(user.id)
    fake.consent.userId = undefined
  })

  it('says plainly that a personal account cannot be connected', async () => {
    const user = fake.createUser('justme', 'PERSONAL')
    fake.consent.userId = user.id
    const network = instagram()
    const start = network.startConnect({ redirectUri })
    const callback = await consent(start.url)
    const error = await failure(
      network.finishConnect({ callback: callback.searchParams, state: start.state, redirectUri }),
    )
    expect(error).toMatchObject({ kind: 'content_rejected', code: 'not_professional' })
    expect(error.message).toBe(
      'Instagram: @justme is a personal account. Murmur can only publish to professional accounts (Business or Creator): switch it in the Instagram app (Settings › Account type and tools › Switch to professional account), then connect again.',
    )
    fake.consent.userId = undefined
  })

  it('reports a refused consent and a wrong app secret', async () => {
    fake.consent.deny = true
    const network = instagram()
    const start = network.startConnect({ redirectUri })
    const back = await consent(start.url)
    await expect(
      network.finishConnect({ callback: back.searchParams, state: start.state, redirectUri }),
    ).rejects.toMatchObject({
      failure: 'access_denied',
    })
    const wrong = instagram({ app: { clientId: fake.state.app.clientId, clientSecret: 'nope' } })
    const again = wrong.startConnect({ redirectUri })
    const callback = await consent(again.url)
    const error = await failure(
      wrong.finishConnect({ callback: callback.searchParams, state: again.state, redirectUri }),
    )
    expect(error.message).toMatch(/check the client id and secret in the settings$/)
  })
})

it('publishes PNG nowhere: the sample PNG is refused before any request', async () => {
  const credentials = newInstagramChannel(fake)
  const before = fake.server.log.length
  const error = await failure(
    instagram().publish(
      credentials,
      post('PNG', [{ data: await samplePng(), mimeType: 'image/png', altText: 'x' }]),
    ),
  )
  expect(error.kind).toBe('content_rejected')
  expect(fake.server.log.length).toBe(before)
})
