/**
 * What only Mastodon has, against the Mastodon fake (built from Mastodon's documented API, not
 * Mastodon itself): per-instance limits, media processed asynchronously, Idempotency-Key, ISO 8601
 * rate-limit resets, app registration before OAuth, Link-header pagination of notifications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createMastodon,
  MASTODON_DEFAULT_LIMITS,
  type MastodonSettings,
  mastodonRetryAfterMs,
  normalizeInstanceUrl,
} from '../../src/networks/mastodon/index.js'
import type { Draft } from '../../src/networks/spec/network-draft.js'
import { NetworkError } from '../../src/networks/spec/network-error.js'
import { FakeMastodon } from '../fakes/mastodon/fake-mastodon.js'
import {
  newMastodonChannel,
  revokedMastodonChannel,
} from '../fakes/mastodon/fake-mastodon-channels.js'
import { samplePng } from '../fakes/x/fake-x-channels.js'

let fake: FakeMastodon
const redirectUri = 'http://127.0.0.1:4000/api/v1/oauth/mastodon/callback'

beforeAll(async () => {
  fake = await FakeMastodon.start()
})

afterAll(async () => {
  await fake?.close()
})

const mastodon = (settings: MastodonSettings = {}) =>
  createMastodon({ allowLocalInstances: true, mediaPollIntervalMs: 5, ...settings })

const text = (value: string): Draft => ({ parts: [{ text: value, media: [] }] })
const unique = (label: string) => `${label} ${Math.random().toString(36).slice(2, 8)}`
const logged = (server: FakeMastodon, method: string, path: string | RegExp) =>
  server.server.log.filter(
    (entry) =>
      entry.method === method &&
      (typeof path === 'string' ? entry.path === path : path.test(entry.path)),
  )

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.catch((caught: unknown) => caught)
  if (!NetworkError.isInstance(error))
    throw new Error(`expected a NetworkError, got ${String(error)}`)
  return error
}

describe('Mastodon limits come from the instance', () => {
  it('publishes what a 1,000-character instance takes, and refuses before sending on a 100-character one', async () => {
    const roomy = await FakeMastodon.start({ limits: { maxCharacters: 1000 } })
    const tight = await FakeMastodon.start({ limits: { maxCharacters: 100 } })
    try {
      const long = `${'a'.repeat(700)} ${unique('long')}`
      // The defaults (500) say no; the channel's instance says yes.
      expect(
        mastodon()
          .validate(text(long))
          .map((problem) => problem.code),
      ).toContain('text_too_long')
      const { parts } = await mastodon().publish(newMastodonChannel(roomy), text(long))
      expect(roomy.readBack(parts[0]!.id)?.text).toBe(long)
      const limits = await mastodon().fetchInstanceLimits(roomy.url)
      expect(limits.maxCharacters).toBe(1000)
      expect(mastodon().withInstanceLimits(limits).validate(text(long))).toEqual([])

      const error = await failure(
        mastodon().publish(newMastodonChannel(tight), text('b'.repeat(150))),
      )
      expect(error.kind).toBe('content_rejected')
      expect(error.message).toBe('Mastodon: text is 150 / 100 characters')
      expect(logged(tight, 'POST', '/api/v1/statuses')).toEqual([])
    } finally {
      await roomy.close()
      await tight.close()
    }
  })

  it('counts URLs as 23 and remote mention domains as nothing, as the server does', async () => {
    const credentials = newMastodonChannel(fake)
    const filler = 'a'.repeat(500 - 1 - 23 - 1 - '@alice'.length)
    const body = `${filler} https://bakery.com/${'x'.repeat(80)} @alice@${'b'.repeat(40)}.social`
    expect(mastodon().capabilities.text.countText(body)).toBe(500)
    const { parts } = await mastodon().publish(credentials, text(body))
    expect(fake.readBack(parts[0]!.id)?.text).toBe(body)
  })
})

describe('Mastodon media', () => {
  it('waits for media the server processes asynchronously (202, then 206 until ready)', async () => {
    const credentials = newMastodonChannel(fake)
    fake.processingPolls = 2
    try {
      const { parts } = await mastodon().publish(credentials, {
        parts: [
          {
            text: unique('Slow image'),
            media: [{ data: await samplePng(), mimeType: 'image/png', altText: 'Crusty loaf' }],
          },
        ],
      })
      expect(fake.readBack(parts[0]!.id)).toMatchObject({
        mediaCount: 1,
        altTexts: ['Crusty loaf'],
      })
      expect(logged(fake, 'GET', /^\/api\/v1\/media\//).length).toBeGreaterThanOrEqual(3)
    } finally {
      fake.processingPolls = 0
    }
  })

  it('gives up, retryably, on media that never finish processing', async () => {
    const credentials = newMastodonChannel(fake)
    fake.processingPolls = 10_000
    try {
      const error = await failure(
        mastodon({ mediaTimeoutMs: 100 }).publish(credentials, {
          parts: [
            { text: unique('Stuck'), media: [{ data: await samplePng(), mimeType: 'image/png' }] },
          ],
        }),
      )
      expect(error.kind).toBe('retryable')
      expect(error.message).toBe(
        'Mastodon: the server is still processing image 1; try again in a few minutes',
      )
    } finally {
      fake.processingPolls = 0
    }
  })
})

describe('Mastodon failures', () => {
  it('reads the ISO 8601 X-RateLimit-Reset into retryAfterMs', async () => {
    const credentials = newMastodonChannel(fake)
    fake.injectRateLimit({ resetInSeconds: 240 })
    const error = await failure(mastodon().publish(credentials, text(unique('Limited'))))
    expect(error).toMatchObject({ kind: 'retryable', status: 429 })
    expect(error.retryAfterMs).toBeGreaterThan(238_000)
    expect(error.retryAfterMs).toBeLessThanOrEqual(241_000)
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(
      mastodonRetryAfterMs(
        new Headers({ 'x-ratelimit-reset': '2026-01-01T00:05:00.000000Z' }),
        now,
      ),
    ).toBe(300_000)
  })

  it('says what the server refused in one sentence', async () => {
    const credentials = newMastodonChannel(fake)
    fake.server.inject({
      match: 'POST /api/v1/statuses',
      reply: {
        status: 422,
        body: { error: 'Validation failed: Text character limit of 500 exceeded' },
      },
    })
    const error = await failure(mastodon().publish(credentials, text(unique('Refused'))))
    expect(error).toMatchObject({ kind: 'content_rejected', status: 422 })
    expect(error.message).toBe('Mastodon refused the post: text character limit of 500 exceeded')
  })

  it('says a revoked token means reconnect', async () => {
    const credentials = revokedMastodonChannel(fake)
    const error = await failure(mastodon().publish(credentials, text(unique('Revoked'))))
    expect(error.kind).toBe('auth_expired')
    expect(error.reason).toMatch(/^needs reconnect/)
    expect(error.message).toMatch(
      /^Mastodon: the connection to @revoked\d+@127\.0\.0\.1:\d+ was revoked/,
    )
  })

  it('retries a status whose answer was lost with the same Idempotency-Key: one status, not two', async () => {
    const credentials = newMastodonChannel(fake)
    const body = unique('Exactly once')
    fake.server.inject({ match: 'POST /api/v1/statuses', reply: 'lose-answer' })
    const { parts } = await mastodon().publish(credentials, text(body))
    const attempts = logged(fake, 'POST', '/api/v1/statuses').filter((entry) =>
      entry.body.toString().includes(body),
    )
    expect(attempts).toHaveLength(2)
    expect(attempts[0]?.headers['idempotency-key']).toBeTruthy()
    expect(attempts[1]?.headers['idempotency-key']).toBe(attempts[0]?.headers['idempotency-key'])
    const made = [...fake.state.statuses.values()].filter((status) => status.text === body)
    expect(made.map((status) => status.id)).toEqual([parts[0]!.id])
  })

  it('records the parts that exist when a later part fails for good', async () => {
    const credentials = newMastodonChannel(fake)
    fake.server.inject({
      match: (request) =>
        request.method === 'POST' &&
        request.url.pathname === '/api/v1/statuses' &&
        request.text().includes('in_reply_to_id'),
      times: 2,
      reply: { status: 503, body: '<h1>503</h1>', headers: { 'content-type': 'text/html' } },
    })
    const error = await failure(
      mastodon().publish(credentials, {
        parts: [
          { text: unique('One'), media: [] },
          { text: unique('Two'), media: [] },
        ],
      }),
    )
    expect(error).toMatchObject({ kind: 'retryable', status: 503 })
    expect(error.progress?.publishedParts).toHaveLength(1)
  })

  it('times out a request that never gets an answer', async () => {
    const credentials = newMastodonChannel(fake)
    fake.injectHang({ match: 'GET /api/v1/statuses/' })
    const error = await failure(mastodon({ timeoutMs: 200 }).fetchPost(credentials, '1'))
    expect(error.kind).toBe('retryable')
  })
})

describe('Mastodon connect', () => {
  async function consent(url: string): Promise<URL> {
    const response = await fetch(url, { redirect: 'manual' })
    expect(response.status).toBe(302)
    return new URL(response.headers.get('location') ?? '')
  }

  it('registers an app on the instance, then round-trips OAuth with PKCE', async () => {
    const account = fake.createAccount('connected')
    fake.consent.accountId = account.id
    try {
      const network = mastodon()
      const appsBefore = logged(fake, 'POST', '/api/v1/apps').length
      const start = await network.startConnect({ instance: fake.url, redirectUri })
      expect(logged(fake, 'POST', '/api/v1/apps').length - appsBefore).toBe(1)
      const url = new URL(start.url)
      expect(url.origin + url.pathname).toBe(`${fake.url}/oauth/authorize`)
      expect(url.searchParams.get('code_challenge_method')).toBe('S256')
      expect(url.searchParams.get('scope')).toBe(
        'read:accounts read:statuses read:notifications write:statuses write:media write:favourites',
      )
      const callback = await consent(start.url)
      const { credentials, limits } = await network.finishConnect({
        app: start.app,
        callback: callback.searchParams,
        state: start.state,
        codeVerifier: start.codeVerifier,
      })
      expect(credentials).toMatchObject({
        instanceUrl: fake.url,
        accountId: account.id,
        username: 'connected',
        clientId: start.app.clientId,
      })
      expect(limits).toEqual({ ...MASTODON_DEFAULT_LIMITS })
      const { parts } = await network.publish(credentials, text(unique('Hello fediverse')))
      expect(fake.state.statuses.get(parts[0]!.id)?.accountId).toBe(account.id)

      // The next connection on this instance reuses the app.
      await network.startConnect({ instance: fake.url, redirectUri, app: start.app })
      expect(logged(fake, 'POST', '/api/v1/apps').length - appsBefore).toBe(1)
    } finally {
      fake.consent.accountId = undefined
    }
  })

  it('refuses a wrong verifier: the code exchange fails', async () => {
    fake.createAccount('someone')
    const network = mastodon()
    const start = await network.startConnect({ instance: fake.url, redirectUri })
    const callback = await consent(start.url)
    const error = await failure(
      network.finishConnect({
        app: start.app,
        callback: callback.searchParams,
        state: start.state,
        codeVerifier: 'x'.repeat(50),
      }),
    )
    expect(error).toMatchObject({ kind: 'auth_expired', code: 'invalid_grant' })
  })

  it('understands what people type as an instance, and refuses local or plain-http servers', () => {
    expect(normalizeInstanceUrl('mastodon.social')).toBe('https://mastodon.social')
    expect(normalizeInstanceUrl('@bakery@Mastodon.Social')).toBe('https://mastodon.social')
    expect(normalizeInstanceUrl('https://fosstodon.org/about')).toBe('https://fosstodon.org')
    for (const input of [
      'http://mastodon.social',
      'localhost:3000',
      'https://127.0.0.1',
      'https://10.0.0.8',
      'https://[::1]',
    ]) {
      expect(() => normalizeInstanceUrl(input)).toThrow(NetworkError)
    }
  })
})

describe('Mastodon reads', () => {
  it('pages mention and quote notifications through the Link header, skipping favourites', async () => {
    const credentials = newMastodonChannel(fake)
    const fan = fake.createAccount('fan')
    const { parts } = await mastodon().publish(credentials, text(unique('Fresh rye')))
    const own = parts[0]!.id
    const made = [
      fake.postAs(fan.id, `@${credentials.username} hello`),
      fake.postAs(fan.id, 'Looks great', { inReplyToId: own }),
      fake.postAs(fan.id, 'Look at this', { quotedId: own }),
      ...Array.from({ length: 4 }, (_, index) =>
        fake.postAs(fan.id, `@${credentials.username} more ${index}`),
      ),
    ]
    fake.favourite(fan.id, own)
    const network = mastodon()
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await network.fetchMentions(credentials, { limit: 3, ...(cursor && { cursor }) })
      seen.push(...page.items.map((item) => item.id))
      cursor = page.cursor
      pages++
    } while (cursor && pages < 10)
    expect(seen).toEqual(made.map((status) => status.id).reverse())
    const all = new Map(
      (await network.fetchMentions(credentials, {})).items.map((item) => [item.id, item]),
    )
    expect(all.get(made[0]!.id)).toMatchObject({
      kind: 'mention',
      text: `@${credentials.username} hello`,
      author: { id: fan.id, handle: 'fan' },
    })
    expect(all.get(made[1]!.id)).toMatchObject({ kind: 'reply', inReplyTo: own })
    expect(all.get(made[2]!.id)).toMatchObject({ kind: 'quote', quotedId: own })
    const newer = await network.fetchMentions(credentials, { sinceId: made[4]!.id })
    expect(newer.items.map((item) => item.id)).toEqual([made[6]!.id, made[5]!.id])
    expect(newer.cursor).toBeUndefined()
  })

  it('reads favourites, boosts, replies and quotes; no impressions', async () => {
    const credentials = newMastodonChannel(fake)
    const { parts } = await mastodon().publish(credentials, text(unique('Counted')))
    fake.setCounts(parts[0]!.id, {
      favouritesCount: 5,
      reblogsCount: 2,
      repliesCount: 1,
      quotesCount: 1,
    })
    const metrics = await mastodon().fetchMetrics(credentials, [parts[0]!.id, '999'])
    expect(metrics).toEqual({ [parts[0]!.id]: { likes: 5, reposts: 2, replies: 1, quotes: 1 } })
  })

  it('reads a status back as plain text from its HTML', async () => {
    const credentials = newMastodonChannel(fake)
    const body = `Bread & "butter" <3\n\nSee https://bakery.com/${'menu/'.repeat(10)} ${unique('x')}`
    const { parts } = await mastodon().publish(credentials, text(body))
    expect((await mastodon().fetchPost(credentials, parts[0]!.id))?.text).toBe(body)
  })
})
