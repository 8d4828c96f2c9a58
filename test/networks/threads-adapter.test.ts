/**
 * What only Threads has, against the Threads fake (built from Meta's documented Threads API, not
 * Threads itself): emoji counted in UTF-8 bytes toward 500, at most 5 links, reply chains, image
 * and carousel containers from Murmur's public address, 60-day tokens renewed with th_refresh_token,
 * mentions and replies, insights, the OAuth round trip.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MetaUsageGate } from '../../src/networks/meta/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import type { Draft, DraftMedia } from '../../src/networks/spec/network-draft.js'
import { NetworkError } from '../../src/networks/spec/network-error.js'
import {
  countThreadsText,
  createThreads,
  findThreadsLinks,
  type ThreadsCredentials,
  type ThreadsSettings,
} from '../../src/networks/threads/index.js'
import { sampleJpeg } from '../fakes/facebook/fake-facebook-channels.js'
import { threadsLength, threadsLinkCount } from '../fakes/meta/fake-meta-text.js'
import { FakeThreads } from '../fakes/threads/fake-threads.js'
import { newThreadsChannel } from '../fakes/threads/fake-threads-channels.js'

let fake: FakeThreads
let jpeg: Uint8Array
const redirectUri = 'http://127.0.0.1:4000/api/v1/oauth/threads/callback'
const DAY = 24 * 60 * 60_000

beforeAll(async () => {
  fake = await FakeThreads.start()
  jpeg = await sampleJpeg()
})

afterAll(async () => {
  await fake?.close()
})

function threads(settings: ThreadsSettings = {}) {
  return createThreads({
    graphUrl: fake.url,
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

const text = (value: string): Draft => ({ parts: [{ text: value, media: [] }] })
const unique = (label: string) => `${label} ${Math.random().toString(36).slice(2, 8)}`
const image = (altText: string): DraftMedia => ({ data: jpeg, mimeType: 'image/jpeg', altText })
const logged = (method: string, pattern: RegExp) =>
  fake.server.log.filter((entry) => entry.method === method && pattern.test(entry.path))

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.catch((caught: unknown) => caught)
  if (!NetworkError.isInstance(error))
    throw new Error(`expected a NetworkError, got ${String(error)}`)
  return error
}

describe('Threads counting', () => {
  it('counts emoji as their UTF-8 bytes and everything else as characters', () => {
    expect(countThreadsText('bread')).toBe(5)
    expect(countThreadsText('🍞')).toBe(4)
    expect(countThreadsText('👨‍👩‍👧‍👦')).toBe(25)
    expect(countThreadsText('🇫🇷')).toBe(8)
    expect(countThreadsText('café 日本')).toBe(7)
    expect(threads().validate(text(`${'a'.repeat(496)}🍞`))).toEqual([])
    expect(
      threads()
        .validate(text(`${'a'.repeat(497)}🍞`))
        .map((problem) => problem.message),
    ).toEqual(['Threads: text is 501 / 500 characters'])
  })

  it("agrees with the fake's own count and link rule on random text (emoji, CJK, links)", () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.constantFrom(
        '🍞',
        '👍🏽',
        '👨‍👩‍👧‍👦',
        '🇯🇵',
        '1️⃣',
        '日本語',
        ' https://bakery.example/a_b ',
        ' www.murmur.example ',
      ),
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const value = pieces.join('')
        expect(countThreadsText(value)).toBe(threadsLength(value))
        expect(findThreadsLinks(value).length).toBe(threadsLinkCount(value))
      }),
    )
  })

  it('refuses more than 5 links, and sends what it counted: the fake accepts every valid draft', async () => {
    const links = Array.from({ length: 6 }, (_, index) => `https://bakery.example/${index}`).join(
      ' ',
    )
    expect(
      threads()
        .validate(text(links))
        .map((problem) => problem.message),
    ).toEqual(['Threads: text has 6 links; Threads takes at most 5'])
    const credentials = newThreadsChannel(fake)
    const edge = `${'é'.repeat(479)} 👨‍👩‍👧`
    expect(countThreadsText(edge)).toBe(498)
    const { parts } = await threads().publish(credentials, text(edge))
    expect(fake.readBack(parts[0]!.id)?.text).toBe(edge)
  })
})

describe('Threads publishing', () => {
  it('chains a thread with images and a carousel, then the first comment, each container FINISHED before publishing', async () => {
    const credentials = newThreadsChannel(fake)
    fake.state.containers.processingPolls = 2
    const result = await threads().publish(credentials, {
      parts: [
        { text: unique('One loaf'), media: [image('A rye loaf')] },
        { text: unique('Two more'), media: [image('Spelt'), image('Wheat')] },
        { text: unique('The end'), media: [] },
      ],
      firstComment: 'Open 8 to 12',
    })
    fake.state.containers.processingPolls = 0
    const [first, second, third] = result.parts
    expect(fake.readBack(first!.id)).toMatchObject({ mediaCount: 1, altTexts: ['A rye loaf'] })
    expect(fake.readBack(second!.id)).toMatchObject({
      mediaCount: 2,
      altTexts: ['Spelt', 'Wheat'],
      replyParentId: first!.id,
      replyRootId: first!.id,
    })
    expect(fake.readBack(third!.id)).toMatchObject({
      replyParentId: second!.id,
      replyRootId: first!.id,
    })
    expect(fake.readBack(result.firstComment!.id)).toMatchObject({
      text: 'Open 8 to 12',
      replyParentId: third!.id,
    })
    expect(first!.url).toMatch(
      new RegExp(`^https://www\\.threads\\.net/@${credentials.username}/post/`),
    )
    const carousel = logged('POST', /\/threads$/)
      .map((entry) => new URLSearchParams(entry.body.toString('utf8')))
      .find((form) => form.get('media_type') === 'CAROUSEL')
    expect(carousel?.get('children')?.split(',')).toHaveLength(2)
  })

  it("says when Threads could not download Murmur's image", async () => {
    const credentials = newThreadsChannel(fake)
    const error = await failure(
      threads({ publicMediaUrl: () => 'http://127.0.0.1:9/not-public.jpg' }).publish(credentials, {
        parts: [{ text: 'Picture', media: [image('x')] }],
      }),
    )
    expect(error).toMatchObject({ kind: 'content_rejected', code: 'container_error' })
    expect(error.message).toBe('Threads could not process the post (FAILED_DOWNLOADING_IMAGE)')
  })

  it("refuses images while Murmur's public address is not reachable from the internet", () => {
    const problems = threads({ publicUrl: 'http://127.0.0.1:8080' }).validate({
      parts: [{ text: 'Pic', media: [image('x')] }],
    })
    expect(problems.map((problem) => problem.code)).toEqual(['media_not_public'])
    expect(threads({ publicUrl: 'http://127.0.0.1:8080' }).validate(text('Words only'))).toEqual([])
  })

  it('records the parts that exist when a later part fails, and treats a lost publish as outcome_unknown', async () => {
    const credentials = newThreadsChannel(fake)
    let publishes = 0
    fake.server.inject({
      // The second publish of this draft fails; the first part already exists.
      match: (request) =>
        request.method === 'POST' &&
        request.url.pathname.endsWith('/threads_publish') &&
        ++publishes === 2,
      reply: {
        status: 500,
        body: {
          error: {
            message: 'An unexpected error has occurred.',
            code: 2,
            is_transient: true,
            fbtrace_id: 'x',
          },
        },
      },
    })
    const error = await failure(
      threads().publish(credentials, {
        parts: [
          { text: unique('A'), media: [] },
          { text: unique('B'), media: [] },
        ],
      }),
    )
    expect(error.kind).toBe('retryable')
    expect(error.progress?.publishedParts).toHaveLength(1)
    fake.injectHang()
    const lost = await failure(
      threads({ timeoutMs: 300 }).publish(credentials, text(unique('Lost'))),
    )
    expect(lost.kind).toBe('outcome_unknown')
  })

  it('reads throttle code 17 with the 10-minute fallback wait', async () => {
    const credentials = newThreadsChannel(fake)
    fake.injectThrottle({ code: 17 })
    const error = await failure(threads().publish(credentials, text(unique('Throttled'))))
    expect(error).toMatchObject({ kind: 'retryable', code: '17', retryAfterMs: 10 * 60_000 })
    expect(error.message).toBe(
      'Threads: the account reached its request limit (17); Murmur tries again in 10 minutes',
    )
  })
})

describe('Threads reads', () => {
  it('reads views, likes, replies, reposts, quotes and shares; a deleted post is absent', async () => {
    const credentials = newThreadsChannel(fake)
    const { parts } = await threads().publish(credentials, {
      parts: [
        { text: unique('Counted'), media: [] },
        { text: unique('Deleted'), media: [] },
      ],
    })
    fake.setMetrics(parts[0]!.id, {
      views: 300,
      likes: 12,
      replies: 2,
      reposts: 1,
      quotes: 1,
      shares: 4,
    })
    await threads().delete(credentials, parts[1]!.id)
    await threads().delete(credentials, parts[1]!.id)
    expect(await threads().fetchMetrics(credentials, [parts[0]!.id, parts[1]!.id])).toEqual({
      [parts[0]!.id]: { views: 300, likes: 12, replies: 2, reposts: 1, quotes: 1, shares: 4 },
    })
    expect(await threads().fetchPost(credentials, parts[1]!.id)).toBeNull()
  })

  it('lists mentions and replies to its posts (every depth), newest first, without its own replies', async () => {
    const credentials = newThreadsChannel(fake)
    const { parts, firstComment } = await threads().publish(credentials, {
      ...text(unique('Talk')),
      firstComment: 'Own reply',
    })
    const fan = fake.createUser('fan')
    const now = Date.now()
    const reply = fake.postAs(fan, 'Lovely', { replyTo: parts[0]!.id, at: now + 1000 })
    const deeper = fake.postAs(fan, 'Deeper', { replyTo: firstComment!.id, at: now + 2000 })
    const mention = fake.postAs(fan, `Go see @${credentials.username}`, { at: now + 3000 })
    const page = await threads().fetchMentions(credentials, {})
    expect(page.items.map((item) => item.id)).toEqual([mention.id, deeper.id, reply.id])
    expect(page.items[0]).toMatchObject({ kind: 'mention', author: { handle: 'fan' } })
    expect(page.items[1]).toMatchObject({
      kind: 'reply',
      inReplyTo: firstComment!.id,
      rootId: parts[0]!.id,
    })
    expect(page.items[2]).toMatchObject({
      kind: 'reply',
      inReplyTo: parts[0]!.id,
      rootId: parts[0]!.id,
    })
  })
})

describe('Threads tokens and connect', () => {
  async function consent(url: string): Promise<URL> {
    const response = await fetch(url, { redirect: 'manual' })
    expect(response.status).toBe(302)
    return new URL(response.headers.get('location') ?? '')
  }

  it('renews a token ending within a week with th_refresh_token and hands it back once', async () => {
    const credentials = newThreadsChannel(fake)
    const ending: ThreadsCredentials = {
      ...credentials,
      expiresAt: new Date(Date.now() + 2 * DAY).toISOString(),
    }
    const stored: ThreadsCredentials[] = []
    await threads().publish(ending, text(unique('Fresh')), {
      onCredentialsChanged: (next) => void stored.push(next),
    })
    expect(stored).toHaveLength(1)
    expect(logged('GET', /^\/refresh_access_token$/).at(-1)?.query).toMatch(
      /grant_type=th_refresh_token/,
    )
    expect(Date.parse(stored[0]!.expiresAt!)).toBeGreaterThan(Date.now() + 59 * DAY)
    await threads().publish(stored[0]!, text(unique('Still fine')))
  })

  it('round-trips the consent page: short-lived, then long-lived token, then the profile', async () => {
    const user = fake.createUser('cornerbakery')
    fake.consent.userId = user.id
    const network = threads()
    const start = network.startConnect({ redirectUri })
    const url = new URL(start.url)
    expect(url.searchParams.get('scope')).toBe(
      'threads_basic,threads_content_publish,threads_manage_replies,threads_read_replies,threads_manage_mentions,threads_manage_insights,threads_delete',
    )
    const callback = await consent(start.url)
    const credentials = await network.finishConnect({
      callback: callback.searchParams,
      state: start.state,
      redirectUri,
    })
    expect(credentials).toMatchObject({ userId: user.id, username: 'cornerbakery' })
    expect(fake.state.tokens.get(credentials.accessToken)?.longLived).toBe(true)
    expect(Date.parse(credentials.expiresAt!)).toBeGreaterThan(Date.now() + 59 * DAY)
    await network.publish(credentials, text(unique('Connected')))
    fake.consent.userId = undefined
    fake.consent.deny = true
    const denied = network.startConnect({ redirectUri })
    const back = await consent(denied.url)
    await expect(
      network.finishConnect({ callback: back.searchParams, state: denied.state, redirectUri }),
    ).rejects.toMatchObject({
      failure: 'access_denied',
    })
  })
})
