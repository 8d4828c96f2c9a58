/**
 * What only X has, against the X fake (built from X's documented API v2, not X itself): weighted
 * counting and the link price warning, media with alt text, X's refusals as one sentence, its
 * rate-limit headers, rotating refresh tokens refreshed once per channel, the OAuth round trip,
 * mentions pagination and metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuthorizationCallbackError, OAuthTokenManager } from '../../src/networks/oauth/index.js'
import type { Draft } from '../../src/networks/spec/network-draft.js'
import { NetworkError } from '../../src/networks/spec/network-error.js'
import {
  createX,
  type XCredentials,
  type XSettings,
  xRetryAfterMs,
} from '../../src/networks/x/index.js'
import { FakeX } from '../fakes/x/fake-x.js'
import { newXChannel, samplePng } from '../fakes/x/fake-x-channels.js'

let fake: FakeX
const redirectUri = 'http://127.0.0.1:4000/api/v1/oauth/x/callback'

beforeAll(async () => {
  fake = await FakeX.start()
})

afterAll(async () => {
  await fake?.close()
})

function x(settings: XSettings = {}) {
  return createX({
    apiBaseUrl: fake.url,
    authorizeUrl: `${fake.url}/i/oauth2/authorize`,
    app: { clientId: fake.app.clientId, clientSecret: fake.app.clientSecret },
    tokenManager: new OAuthTokenManager(),
    ...settings,
  })
}

const text = (value: string): Draft => ({ parts: [{ text: value, media: [] }] })
const unique = (label: string) => `${label} ${Math.random().toString(36).slice(2, 8)}`
const logged = (method: string, path: string) =>
  fake.server.log.filter((entry) => entry.method === method && entry.path === path)

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.catch((caught: unknown) => caught)
  if (!NetworkError.isInstance(error))
    throw new Error(`expected a NetworkError, got ${String(error)}`)
  return error
}

describe('X validation', () => {
  it('counts as X does: CJK and emoji weigh 2, every URL 23', () => {
    const { countText } = x().capabilities.text
    expect(countText('日本語')).toBe(6)
    expect(countText('👨‍👩‍👧‍👦')).toBe(2)
    expect(countText(`see https://example.com/${'long'.repeat(40)}`)).toBe(4 + 23)
    expect(countText('e\u0301')).toBe(1)
    const problems = x().validate(text(`${'a'.repeat(258)} https://example.com`))
    expect(problems.find((problem) => problem.code === 'text_too_long')?.message).toBe(
      'X: text is 282 / 280 characters',
    )
  })

  it('warns that a post with a link costs far more', () => {
    const problems = x().validate({
      parts: [
        { text: 'Our menu: bakery.com/menu', media: [] },
        { text: 'No link here', media: [] },
      ],
      firstComment: 'Order at https://bakery.co.uk/order',
    })
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([])
    const warnings = problems.filter((problem) => problem.code === 'costly_content')
    expect(warnings.map((warning) => [warning.part, warning.firstComment])).toEqual([
      [1, undefined],
      [undefined, true],
    ])
    expect(warnings[0]).toMatchObject({ severity: 'warning' })
    expect(warnings[0]?.message).toBe(
      'X: part 1 contains a link; X charges $0.200 for a post with a link instead of $0.015 (about 13 times as much)',
    )
  })

  it('counts alt text in characters, as X does', () => {
    const combining = 'e\u0301'.repeat(600) // 600 graphemes, 1,200 characters
    const problems = x().validate({
      parts: [
        {
          text: 'Alt',
          media: [{ data: new Uint8Array(10), mimeType: 'image/png', altText: combining }],
        },
      ],
    })
    expect(problems.map((problem) => problem.code)).toContain('alt_text_too_long')
  })
})

describe('X publishing', () => {
  it('uploads images, sets alt text through /2/media/metadata, chains the thread and the first comment', async () => {
    const credentials = newXChannel(fake)
    const image = await samplePng()
    const before = logged('POST', '/2/media/metadata').length
    const result = await x().publish(credentials, {
      parts: [
        {
          text: unique('Part one'),
          media: [{ data: image, mimeType: 'image/png', altText: 'A rye loaf' }],
        },
        { text: unique('Part two'), media: [{ data: image, mimeType: 'image/png' }] },
      ],
      firstComment: unique('Menu at https://bakery.com'),
    })
    expect(result.parts).toHaveLength(2)
    const [first, second] = result.parts
    expect(first?.url).toBe(`https://x.com/${credentials.username}/status/${first?.id}`)
    expect(fake.readBack(first!.id)).toMatchObject({ mediaCount: 1, altTexts: ['A rye loaf'] })
    expect(fake.readBack(second!.id)).toMatchObject({
      replyParentId: first?.id,
      mediaCount: 1,
      altTexts: [],
    })
    expect(fake.readBack(result.firstComment!.id)).toMatchObject({
      replyParentId: second?.id,
      replyRootId: first?.id,
    })
    // Only the image with alt text gets a metadata call.
    expect(logged('POST', '/2/media/metadata').length - before).toBe(1)
    expect(result.warnings.map((warning) => warning.code)).toEqual([
      'alt_text_missing',
      'costly_content',
    ])
  })

  it('says what X refused in one sentence: duplicate content', async () => {
    const credentials = newXChannel(fake)
    const body = unique('Same words twice')
    await x().publish(credentials, text(body))
    const error = await failure(x().publish(credentials, text(body)))
    expect(error).toMatchObject({ kind: 'content_rejected', status: 403 })
    expect(error.message).toBe('X refused the post: duplicate content')
    expect(error.reason).toBe('You are not allowed to create a Tweet with duplicate content.')
  })

  it('records the parts that exist when a later part fails', async () => {
    const credentials = newXChannel(fake)
    fake.server.inject({
      match: (request) =>
        request.method === 'POST' &&
        request.url.pathname === '/2/tweets' &&
        request.text().includes('in_reply_to_tweet_id'),
      reply: {
        status: 503,
        body: {
          title: 'Service Unavailable',
          detail: 'Service Unavailable',
          type: 'about:blank',
          status: 503,
        },
      },
    })
    const error = await failure(
      x().publish(credentials, {
        parts: [
          { text: unique('Exists'), media: [] },
          { text: unique('Fails'), media: [] },
        ],
      }),
    )
    expect(error).toMatchObject({ kind: 'retryable', status: 503 })
    expect(error.progress?.publishedParts).toHaveLength(1)
    expect(fake.readBack(error.progress!.publishedParts[0]!.id)).not.toBeNull()
  })

  it('gives up on a request that never gets an answer: a post may exist, a read may be retried', async () => {
    const credentials = newXChannel(fake)
    const network = x({ timeoutMs: 300 })
    fake.injectHang({ match: 'POST /2/tweets' })
    const lost = await failure(network.publish(credentials, text(unique('Into the void'))))
    expect(lost.kind).toBe('outcome_unknown')
    fake.injectHang({ match: 'GET /2/tweets/' })
    const read = await failure(network.fetchPost(credentials, '1234567890123456789'))
    expect(read.kind).toBe('retryable')
  })

  it('deletes, and deleting again succeeds', async () => {
    const credentials = newXChannel(fake)
    const { parts } = await x().publish(credentials, text(unique('Gone soon')))
    await x().delete(credentials, parts[0]!.id)
    await x().delete(credentials, parts[0]!.id)
    expect(await x().fetchPost(credentials, parts[0]!.id)).toBeNull()
  })

  it('reads a post back as written: t.co expanded, entities decoded', async () => {
    const credentials = newXChannel(fake)
    const body = `Bread & butter <3 ${unique('at')} https://bakery.com/menu?day=1`
    const { parts } = await x().publish(credentials, {
      parts: [
        { text: body, media: [{ data: await samplePng(), mimeType: 'image/png', altText: 'x' }] },
      ],
    })
    const raw = fake.server.log.at(-1)
    expect(raw?.path).toBe('/2/tweets')
    const fetched = await x().fetchPost(credentials, parts[0]!.id)
    expect(fetched?.text).toBe(body)
  })
})

describe('X rate limits', () => {
  it('reads x-rate-limit-reset (epoch seconds) into retryAfterMs, in both body shapes', async () => {
    for (const shape of ['legacy', 'problem'] as const) {
      const credentials = newXChannel(fake)
      fake.injectRateLimit({ match: 'POST /2/tweets', resetInSeconds: 120, shape })
      const error = await failure(x().publish(credentials, text(unique('Limited'))))
      expect(error).toMatchObject({ kind: 'retryable', status: 429 })
      expect(error.retryAfterMs).toBeGreaterThan(118_000)
      expect(error.retryAfterMs).toBeLessThanOrEqual(121_000)
      expect(error.message).toMatch(/^X: rate limit reached/)
    }
  })

  it('waits for the 24-hour cap when that is the one exhausted', async () => {
    const credentials = newXChannel(fake)
    fake.injectRateLimit({
      match: 'POST /2/tweets',
      resetInSeconds: 60,
      dailyResetInSeconds: 6 * 3600,
    })
    const error = await failure(x().publish(credentials, text(unique('Daily cap'))))
    expect(error.retryAfterMs).toBeGreaterThan(6 * 3600_000 - 2000)
  })

  it('parses the headers on their own', () => {
    const now = Date.parse('2026-11-01T12:00:00Z')
    const headers = new Headers({ 'x-rate-limit-reset': String(now / 1000 + 90) })
    expect(xRetryAfterMs(headers, now)).toBe(90_000)
    expect(xRetryAfterMs(new Headers(), now)).toBeUndefined()
  })

  it('counts real requests per 15-minute window like X: the 101st post is refused', async () => {
    const credentials = newXChannel(fake)
    const network = x()
    for (let index = 0; index < 100; index++) {
      await network.publish(credentials, text(`Post number ${index} ${unique('n')}`))
    }
    const error = await failure(network.publish(credentials, text(unique('One more'))))
    expect(error).toMatchObject({ kind: 'retryable', status: 429 })
    expect(error.retryAfterMs).toBeGreaterThan(14 * 60_000)
  }, 60_000)
})

describe('X tokens', () => {
  function expiringChannel(): XCredentials {
    // Two minutes left: inside the five-minute margin.
    return { ...newXChannel(fake), expiresAt: new Date(Date.now() + 2 * 60_000).toISOString() }
  }

  it('refreshes before expiry and hands the rotated tokens back for storage', async () => {
    const credentials = expiringChannel()
    const stored: XCredentials[] = []
    await x().publish(credentials, text(unique('Fresh')), {
      onCredentialsChanged: (next) => {
        stored.push(next)
      },
    })
    expect(stored).toHaveLength(1)
    const [next] = stored
    expect(next?.refreshToken).not.toBe(credentials.refreshToken)
    expect(next?.accessToken).not.toBe(credentials.accessToken)
    expect(Date.parse(next!.expiresAt!)).toBeGreaterThan(Date.now() + 110 * 60_000)
    // The spent refresh token is dead on X's side; the new one works.
    expect(fake.state.refreshTokens.get(credentials.refreshToken!)?.dead).toBe(true)
    await x().publish(next!, text(unique('Still fine')))
  })

  it('refreshes once for concurrent calls of one channel', async () => {
    const credentials = expiringChannel()
    const network = x()
    const before = logged('POST', '/2/oauth2/token').length
    const stored: XCredentials[] = []
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        network.publish(credentials, text(unique(`Concurrent ${index}`)), {
          onCredentialsChanged: (next) => {
            stored.push(next)
          },
        }),
      ),
    )
    expect(results).toHaveLength(5)
    expect(logged('POST', '/2/oauth2/token').length - before).toBe(1)
    expect(stored).toHaveLength(1)
  })

  it('refreshes after a 401 on a token it thought valid, then retries', async () => {
    const credentials = newXChannel(fake)
    fake.expireAccessToken(credentials.accessToken)
    const stored: XCredentials[] = []
    const result = await x().publish(credentials, text(unique('After 401')), {
      onCredentialsChanged: (next) => {
        stored.push(next)
      },
    })
    expect(result.parts).toHaveLength(1)
    expect(stored).toHaveLength(1)
  })

  it('says the channel needs reconnect when the refresh token was revoked', async () => {
    const credentials = expiringChannel()
    fake.revokeAccess(credentials.userId)
    const error = await failure(x().publish(credentials, text(unique('Revoked'))))
    expect(error.kind).toBe('auth_expired')
    expect(error.reason).toMatch(/^needs reconnect/)
    expect(error.message).toMatch(/the channel needs reconnect$/)
  })

  it('refreshCredentials rotates on demand, for channels that sat idle', async () => {
    const credentials = newXChannel(fake)
    const next = await x().refreshCredentials(credentials)
    expect(next.refreshToken).not.toBe(credentials.refreshToken)
    expect(next).toMatchObject({ userId: credentials.userId, username: credentials.username })
  })
})

describe('X connect (OAuth 2.0 with PKCE)', () => {
  async function consent(url: string): Promise<URL> {
    const response = await fetch(url, { redirect: 'manual' })
    expect(response.status).toBe(302)
    return new URL(response.headers.get('location') ?? '')
  }

  it('round-trips through the authorize and token endpoints', async () => {
    const user = fake.createUser('roundtrip')
    fake.consent.userId = user.id
    const network = x()
    const start = network.startConnect({ redirectUri })
    const authorizeUrl = new URL(start.url)
    expect(authorizeUrl.searchParams.get('scope')).toBe(
      'tweet.read tweet.write users.read media.write like.write offline.access',
    )
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256')
    const callback = await consent(start.url)
    expect(callback.origin + callback.pathname).toBe(redirectUri)
    const credentials = await network.finishConnect({
      callback: callback.searchParams,
      state: start.state,
      codeVerifier: start.codeVerifier,
      redirectUri,
    })
    expect(credentials).toMatchObject({ userId: user.id, username: 'roundtrip' })
    expect(credentials.refreshToken).toBeTruthy()
    expect(credentials.scopes).toContain('offline.access')
    const { parts } = await network.publish(credentials, text(unique('Connected')))
    expect(fake.state.tweets.get(parts[0]!.id)?.authorId).toBe(user.id)
    fake.consent.userId = undefined
  })

  it('refuses a callback with another state, and a code with the wrong verifier', async () => {
    const network = x()
    const start = network.startConnect({ redirectUri })
    const callback = await consent(start.url)
    await expect(
      network.finishConnect({
        callback: callback.searchParams,
        state: 'forged',
        codeVerifier: start.codeVerifier,
        redirectUri,
      }),
    ).rejects.toBeInstanceOf(AuthorizationCallbackError)
    const error = await failure(
      network.finishConnect({
        callback: callback.searchParams,
        state: start.state,
        codeVerifier: 'not-the-verifier-at-all-but-long-enough-to-look-real',
        redirectUri,
      }),
    )
    expect(error.kind).toBe('auth_expired')
  })

  it('reports a refusal on the consent page', async () => {
    const network = x()
    fake.consent.deny = true
    const start = network.startConnect({ redirectUri })
    const callback = await consent(start.url)
    const error = await network
      .finishConnect({
        callback: callback.searchParams,
        state: start.state,
        codeVerifier: start.codeVerifier,
        redirectUri,
      })
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ failure: 'access_denied' })
  })
})

describe('X reads', () => {
  it('pages mentions newest first and tells replies, quotes and mentions apart', async () => {
    const credentials = newXChannel(fake)
    const fan = fake.createUser('fan')
    const { parts } = await x().publish(credentials, text(unique('Our new loaf')))
    const made = [
      fake.postAs(fan.id, `@${credentials.username} hello 1`),
      fake.postAs(fan.id, 'Looks great', { replyTo: parts[0]!.id }),
      fake.postAs(fan.id, `Look at @${credentials.username}`, { quote: parts[0]!.id }),
      ...Array.from({ length: 9 }, (_, index) =>
        fake.postAs(fan.id, `@${credentials.username} more ${index}`),
      ),
    ]
    const network = x()
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await network.fetchMentions(credentials, { limit: 5, ...(cursor && { cursor }) })
      seen.push(...page.items.map((item) => item.id))
      cursor = page.cursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual(made.map((tweet) => tweet.id).reverse())
    const all = (await network.fetchMentions(credentials, { limit: 100 })).items
    const byId = new Map(all.map((item) => [item.id, item]))
    expect(byId.get(made[1]!.id)).toMatchObject({
      kind: 'reply',
      inReplyTo: parts[0]!.id,
      rootId: parts[0]!.id,
    })
    expect(byId.get(made[2]!.id)).toMatchObject({ kind: 'quote', quotedId: parts[0]!.id })
    expect(byId.get(made[0]!.id)).toMatchObject({
      kind: 'mention',
      author: { id: fan.id, handle: 'fan' },
      text: `@${credentials.username} hello 1`,
    })
    const newer = await network.fetchMentions(credentials, { sinceId: made[9]!.id })
    expect(newer.items.map((item) => item.id)).toEqual([made[11]!.id, made[10]!.id])
  })

  it('reads public metrics including impressions; deleted posts stay absent', async () => {
    const credentials = newXChannel(fake)
    const { parts } = await x().publish(credentials, {
      parts: [
        { text: unique('Counted'), media: [] },
        { text: unique('Deleted'), media: [] },
      ],
    })
    fake.setMetrics(parts[0]!.id, {
      like_count: 7,
      retweet_count: 2,
      quote_count: 1,
      bookmark_count: 3,
      impression_count: 420,
    })
    await x().delete(credentials, parts[1]!.id)
    const metrics = await x().fetchMetrics(credentials, [parts[0]!.id, parts[1]!.id])
    expect(metrics).toEqual({
      [parts[0]!.id]: {
        likes: 7,
        reposts: 2,
        replies: 1,
        quotes: 1,
        bookmarks: 3,
        impressions: 420,
      },
    })
  })
})
