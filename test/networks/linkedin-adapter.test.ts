/**
 * What only LinkedIn has, against the LinkedIn fake (built from LinkedIn's documented versioned
 * REST API, not LinkedIn itself): LinkedIn-Version and Rest.li headers on every call, little text
 * escaping (checked against the fake's own parser, which truncates like LinkedIn), images
 * uploaded then posted with alt text, comments, likes (Reactions API), the 60-day expiry notice, refresh for approved
 * apps, daily limits, refusals in one sentence.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  countLinkedInText,
  createLinkedIn,
  fromLittleText,
  type LinkedInCredentials,
  type LinkedInSettings,
  linkedInConnectionExpiry,
  msUntilMidnightUtc,
  toLittleText,
} from '../../src/networks/linkedin/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import type { Draft } from '../../src/networks/spec/network-draft.js'
import { NetworkError } from '../../src/networks/spec/network-error.js'
import { FakeLinkedIn } from '../fakes/linkedin/fake-linkedin.js'
import {
  LINKEDIN_TEST_SCOPES,
  newLinkedInChannel,
} from '../fakes/linkedin/fake-linkedin-channels.js'
import { readLittle } from '../fakes/linkedin/fake-linkedin-little.js'
import { samplePng } from '../fakes/x/fake-x-channels.js'

let fake: FakeLinkedIn
let png: Uint8Array
const redirectUri = 'http://127.0.0.1:4000/api/v1/oauth/linkedin/callback'
const DAY = 24 * 60 * 60_000

beforeAll(async () => {
  fake = await FakeLinkedIn.start()
  png = await samplePng()
})

afterAll(async () => {
  await fake?.close()
})

function linkedin(settings: LinkedInSettings = {}, target = fake) {
  return createLinkedIn({
    apiUrl: target.url,
    oauthUrl: `${target.url}/oauth/v2`,
    app: { clientId: target.state.app.clientId, clientSecret: target.state.app.clientSecret },
    imagePolling: { intervalMs: 5, timeoutMs: 2000 },
    tokenManager: new OAuthTokenManager(),
    ...settings,
  })
}

const text = (value: string): Draft => ({ parts: [{ text: value, media: [] }] })
const unique = (label: string) => `${label} ${Math.random().toString(36).slice(2, 8)}`

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.catch((caught: unknown) => caught)
  if (!NetworkError.isInstance(error))
    throw new Error(`expected a NetworkError, got ${String(error)}`)
  return error
}

describe('LinkedIn little text', () => {
  it('escapes reserved characters, keeps links and #hashtags, and counts the escaped text toward 3,000', () => {
    const written =
      'Fresh (rye) & spelt_loaves *today* @noon ~ see https://bakery.example/menu_(1) #sourdough'
    expect(toLittleText(written)).toBe(
      'Fresh \\(rye\\) & spelt\\_loaves \\*today\\* \\@noon \\~ see https://bakery.example/menu_(1) #sourdough',
    )
    expect(countLinkedInText('(a)')).toBe(5)
    expect(countLinkedInText('#bread')).toBe(6)
    const problems = createLinkedIn().validate(text(`${'a'.repeat(2_999)}_`))
    expect(problems.map((problem) => problem.message)).toEqual([
      'LinkedIn: text is 3,001 / 3,000 characters',
    ])
  })

  it("sends text LinkedIn keeps whole and shows as written (checked against the fake's parser)", () => {
    const alphabet = fc.constantFrom(
      ...'ab \\|{}@[]()<>#*_~é🍞\n'.split(''),
      '#tag',
      ' https://x.example/a_(b) ',
      '@[Ada](urn:li:person:1)',
    )
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), (pieces) => {
        const written = pieces.join('')
        const little = toLittleText(written)
        const read = readLittle(little)
        expect(read.kept).toBe(little)
        expect(read.visible).toBe(written)
        expect(fromLittleText(little)).toBe(written)
      }),
    )
  })

  it('is really needed: unescaped, the fake truncates like LinkedIn', async () => {
    const credentials = newLinkedInChannel(fake)
    const response = await fetch(`${fake.url}/rest/posts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${credentials.accessToken}`,
        'linkedin-version': '202610',
        'x-restli-protocol-version': '2.0.0',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        author: credentials.author,
        commentary: 'Open today (8 to 12) for bread',
        visibility: 'PUBLIC',
        distribution: { feedDistribution: 'MAIN_FEED' },
        lifecycleState: 'PUBLISHED',
      }),
    })
    expect(response.status).toBe(201)
    expect(fake.readBack(response.headers.get('x-restli-id')!)?.text).toBe('Open today ')
    const { parts } = await linkedin().publish(credentials, text('Open today (8 to 12) for bread'))
    expect(fake.readBack(parts[0]!.id)?.text).toBe('Open today (8 to 12) for bread')
  })
})

describe('LinkedIn publishing', () => {
  it('sends LinkedIn-Version and X-Restli-Protocol-Version on every REST call', async () => {
    const credentials = newLinkedInChannel(fake)
    const before = fake.server.log.length
    await linkedin().publish(credentials, { ...text(unique('Headers')), firstComment: 'Comment' })
    const calls = fake.server.log.slice(before).filter((entry) => entry.path.startsWith('/rest/'))
    expect(calls.length).toBeGreaterThanOrEqual(2)
    for (const call of calls) {
      expect(call.headers['linkedin-version']).toMatch(/^\d{6}$/)
      expect(call.headers['x-restli-protocol-version']).toBe('2.0.0')
    }
  })

  it('says plainly when the API version Murmur uses was sunset (426), or is missing (400)', async () => {
    const credentials = newLinkedInChannel(fake)
    const sunset = await failure(
      linkedin({ version: '202401' }).publish(credentials, text(unique('Old'))),
    )
    expect(sunset).toMatchObject({
      kind: 'content_rejected',
      status: 426,
      code: 'NONEXISTENT_VERSION',
    })
    expect(sunset.message).toBe(
      'LinkedIn refused the post: the LinkedIn API version Murmur uses is no longer active; update Murmur (NONEXISTENT_VERSION)',
    )
  })

  it('uploads images (initializeUpload, PUT, AVAILABLE), then posts them as multiImage with alt text', async () => {
    const credentials = newLinkedInChannel(fake)
    fake.limits.imageProcessingPolls = 2
    const result = await linkedin().publish(credentials, {
      parts: [
        {
          text: unique('Two loaves'),
          media: [
            { data: png, mimeType: 'image/png', altText: 'A rye loaf' },
            { data: png, mimeType: 'image/png', altText: 'A spelt loaf' },
          ],
        },
      ],
    })
    fake.limits.imageProcessingPolls = 0
    expect(fake.readBack(result.parts[0]!.id)).toMatchObject({
      mediaCount: 2,
      altTexts: ['A rye loaf', 'A spelt loaf'],
    })
    expect(result.parts[0]!.url).toBe(
      `https://www.linkedin.com/feed/update/${result.parts[0]!.id}/`,
    )
    const puts = fake.server.log.filter(
      (entry) => entry.method === 'PUT' && entry.path.startsWith('/dms-uploads/'),
    )
    expect(puts.length).toBeGreaterThanOrEqual(2)
  })

  it('comments as the first comment, answers a comment under it, and deletes both', async () => {
    const credentials = newLinkedInChannel(fake)
    const result = await linkedin().publish(credentials, {
      ...text(unique('Post')),
      firstComment: 'Menu (PDF) at bakery.example',
    })
    const comment = result.firstComment!
    expect(comment.id).toMatch(new RegExp(`^urn:li:comment:\\(${result.parts[0]!.id},\\d+\\)$`))
    expect(fake.readBack(comment.id)).toMatchObject({
      text: 'Menu (PDF) at bakery.example',
      replyParentId: result.parts[0]!.id,
    })
    const fan = fake.createMember('Grace Hopper')
    const question = fake.commentAs(fan, result.parts[0]!.id, 'Vegan options?')
    const answer = await linkedin().publish(credentials, {
      ...text('Yes: two'),
      replyTo: { id: question },
    })
    expect(fake.readBack(answer.parts[0]!.id)).toMatchObject({
      replyParentId: question,
      replyRootId: result.parts[0]!.id,
    })
    expect((await linkedin().fetchPost(credentials, answer.parts[0]!.id))?.text).toBe('Yes: two')
    await linkedin().delete(credentials, answer.parts[0]!.id)
    await linkedin().delete(credentials, answer.parts[0]!.id)
    expect(fake.readBack(answer.parts[0]!.id)).toBeNull()
  })

  it('limits comments to 1,250 characters and takes no images in an answer', () => {
    const problems = createLinkedIn().validate({ ...text('Post'), firstComment: 'a'.repeat(1_251) })
    expect(problems.map((problem) => problem.message)).toEqual([
      'LinkedIn: first comment is 1,251 / 1,250 characters for a comment',
    ])
    const answer = createLinkedIn().validate({
      parts: [{ text: 'Thanks', media: [{ data: png, mimeType: 'image/png', altText: 'x' }] }],
      replyTo: { id: 'urn:li:share:1' },
    })
    expect(answer.map((problem) => problem.code)).toEqual(['too_many_media'])
  })

  it('says what LinkedIn refused in one sentence', async () => {
    const credentials = newLinkedInChannel(fake)
    const body = unique('Twice')
    await linkedin().publish(credentials, text(body))
    const duplicate = await failure(linkedin().publish(credentials, text(body)))
    expect(duplicate).toMatchObject({
      kind: 'content_rejected',
      status: 422,
      code: 'DUPLICATE_POST',
    })
    expect(duplicate.message).toBe(
      'LinkedIn refused the post: the same text was already posted (DUPLICATE_POST)',
    )
  })

  it('waits until midnight UTC after a 429, which carries no reset header', async () => {
    const credentials = newLinkedInChannel(fake)
    fake.injectRateLimit()
    const error = await failure(linkedin().publish(credentials, text(unique('Limited'))))
    expect(error).toMatchObject({ kind: 'retryable', status: 429, code: 'TOO_MANY_REQUESTS' })
    const expected = msUntilMidnightUtc(Date.now())
    expect(Math.abs(error.retryAfterMs! - expected)).toBeLessThan(5_000)
    expect(msUntilMidnightUtc(Date.parse('2026-11-27T23:30:00Z'))).toBe(30 * 60_000)
  })

  it('needs reconnect when the member revoked Murmur', async () => {
    const credentials = newLinkedInChannel(fake)
    fake.revokeTokens(credentials.author.replace('urn:li:person:', ''))
    const error = await failure(linkedin().publish(credentials, text(unique('Revoked'))))
    expect(error).toMatchObject({ kind: 'auth_expired', code: 'REVOKED_ACCESS_TOKEN' })
    expect(error.message).toBe(
      `LinkedIn: the connection to ${credentials.name} ended (access was revoked); the channel needs reconnect`,
    )
  })
})

describe('LinkedIn reads', () => {
  it('reads reactions (all kinds) and comments', async () => {
    const credentials = newLinkedInChannel(fake)
    const { parts } = await linkedin().publish(credentials, text(unique('Counted')))
    fake.setReactions(parts[0]!.id, { LIKE: 5, PRAISE: 2, EMPATHY: 1 })
    fake.commentAs(fake.createMember('Fan'), parts[0]!.id, 'Great')
    expect(await linkedin().fetchMetrics(credentials, [parts[0]!.id])).toEqual({
      [parts[0]!.id]: { likes: 8, replies: 1 },
    })
  })

  it('lists comments of others on its posts, newest first; without r_member_social it says why not', async () => {
    const credentials = newLinkedInChannel(fake)
    const { parts } = await linkedin().publish(credentials, {
      ...text(unique('Talk')),
      firstComment: 'Own comment',
    })
    const fan = fake.createMember('Fan Two')
    const now = Date.now()
    const first = fake.commentAs(fan, parts[0]!.id, 'Hello (there)', now + 1000)
    const second = fake.commentAs(fan, first, 'Again', now + 2000)
    const page = await linkedin().fetchMentions(credentials, {})
    expect(page.items.map((item) => item.id)).toEqual([second, first])
    expect(page.items[1]).toMatchObject({
      kind: 'comment',
      text: 'Hello (there)',
      inReplyTo: parts[0]!.id,
      rootId: parts[0]!.id,
    })
    expect(page.items[0]).toMatchObject({ inReplyTo: first })
    const selfServe = newLinkedInChannel(fake, { scopes: ['openid', 'profile', 'w_member_social'] })
    const error = await failure(linkedin().fetchMentions(selfServe, {}))
    expect(error).toMatchObject({ kind: 'content_rejected', status: 403, code: 'ACCESS_DENIED' })
    expect(error.message).toBe(
      'LinkedIn: reading posts and comments needs the r_member_social permission, which LinkedIn grants only to approved partners; the inbox stays empty for this channel',
    )
  })
})

describe('LinkedIn reactions', () => {
  const memberOf = (credentials: LinkedInCredentials) => credentials.author

  it('likes a post and a comment as the member through the Reactions API, once each', async () => {
    const credentials = newLinkedInChannel(fake)
    const { parts } = await linkedin().publish(credentials, text(unique('Liked')))
    const post = parts[0]!.id
    const comment = fake.commentAs(fake.createMember('Grace'), post, 'Lovely bread')
    const before = fake.server.log.length
    await linkedin().like(credentials, comment)
    await linkedin().like(credentials, comment)
    await linkedin().like(credentials, post)
    const calls = fake.server.log.slice(before)
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'POST /rest/reactions',
      'POST /rest/reactions',
      'POST /rest/reactions',
    ])
    expect(new URLSearchParams(calls[0]!.query).get('actor')).toBe(memberOf(credentials))
    expect(calls[0]!.headers['linkedin-version']).toMatch(/^\d{6}$/)
    expect(calls[0]!.headers['x-restli-protocol-version']).toBe('2.0.0')
    expect(JSON.parse(calls[0]!.body.toString())).toEqual({ root: comment, reactionType: 'LIKE' })
    expect(fake.state.reactions.get(`${memberOf(credentials)} ${comment}`)).toMatchObject({
      reactionType: 'LIKE',
    })
    expect(fake.state.posts.get(post)?.reactions).toEqual({ LIKE: 1 })
    expect(await linkedin().fetchMetrics(credentials, [post])).toEqual({
      [post]: { likes: 1, replies: 1 },
    })
  })

  it('takes a like back with DELETE on the compound key; nothing to take back is fine', async () => {
    const credentials = newLinkedInChannel(fake)
    const { parts } = await linkedin().publish(credentials, text(unique('Unliked')))
    const comment = fake.commentAs(fake.createMember('Alan'), parts[0]!.id, 'Hmm (maybe)')
    await linkedin().like(credentials, comment)
    const before = fake.server.log.length
    await linkedin().unlike(credentials, comment)
    const [call] = fake.server.log.slice(before)
    // The comment URN's own parentheses and comma are escaped inside the key.
    expect(call!.path).toBe(
      `/rest/reactions/(actor:${encodeURIComponent(memberOf(credentials))},entity:${encodeURIComponent(comment).replace(/\(/g, '%28').replace(/\)/g, '%29')})`,
    )
    expect(call!.method).toBe('DELETE')
    expect(fake.state.reactions.has(`${memberOf(credentials)} ${comment}`)).toBe(false)
    await linkedin().unlike(credentials, comment)
  })

  it('an actor that already reacted (409) counts as liked', async () => {
    const credentials = newLinkedInChannel(fake)
    const { parts } = await linkedin().publish(credentials, text(unique('Conflict')))
    fake.server.inject({
      match: 'POST /rest/reactions',
      reply: {
        status: 409,
        body: { status: 409, code: 'CONFLICT', message: 'Reaction already exists' },
      },
    })
    await linkedin().like(credentials, parts[0]!.id)
  })

  it('refusals in one sentence: no permission, a deleted comment, the daily limit, not a URN', async () => {
    const owner = newLinkedInChannel(fake)
    const { parts } = await linkedin().publish(owner, text(unique('Refused')))
    const comment = fake.commentAs(fake.createMember('Kim'), parts[0]!.id, 'Bye')

    const readOnly = newLinkedInChannel(fake, { scopes: ['openid', 'profile', 'r_member_social'] })
    const denied = await failure(linkedin().like(readOnly, comment))
    expect(denied).toMatchObject({ kind: 'content_rejected', status: 403, code: 'ACCESS_DENIED' })
    expect(denied.message).toBe(
      'LinkedIn refused the like: Murmur lacks the permission for this (ACCESS_DENIED)',
    )

    fake.state.comments.get(comment)!.deleted = true
    const gone = await failure(linkedin().like(owner, comment))
    expect(gone).toMatchObject({ kind: 'content_rejected', status: 404 })

    fake.injectRateLimit({ match: 'POST /rest/reactions' })
    const limited = await failure(linkedin().like(owner, parts[0]!.id))
    expect(limited).toMatchObject({ kind: 'retryable', status: 429, code: 'TOO_MANY_REQUESTS' })
    expect(limited.retryAfterMs).toBeGreaterThan(0)

    const before = fake.server.log.length
    const notUrn = await failure(linkedin().like(owner, '12345'))
    expect(notUrn.kind).toBe('content_rejected')
    expect(fake.server.log.length).toBe(before)
  })
})

describe('LinkedIn tokens and connect', () => {
  async function consent(url: string): Promise<URL> {
    const response = await fetch(url, { redirect: 'manual' })
    expect(response.status).toBe(302)
    return new URL(response.headers.get('location') ?? '')
  }

  it('exposes when to ask for a reconnect, a week before day 60', () => {
    const connectedAt = Date.parse('2026-11-01T12:00:00Z')
    const credentials = { expiresAt: new Date(connectedAt + 60 * DAY).toISOString() }
    expect(linkedInConnectionExpiry(credentials, connectedAt + 52 * DAY)).toEqual({
      expiresAt: '2026-12-31T12:00:00.000Z',
      warnFrom: '2026-12-24T12:00:00.000Z',
      renewable: false,
      reconnectSoon: false,
    })
    expect(linkedInConnectionExpiry(credentials, connectedAt + 54 * DAY).reconnectSoon).toBe(true)
  })

  it('says needs reconnect on day 61 without a refresh token, without calling LinkedIn', async () => {
    const credentials: LinkedInCredentials = {
      ...newLinkedInChannel(fake),
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    }
    const before = fake.server.log.length
    const error = await failure(linkedin().publish(credentials, text(unique('Late'))))
    expect(error.kind).toBe('auth_expired')
    expect(error.reason).toMatch(/^needs reconnect/)
    expect(fake.server.log.length).toBe(before)
  })

  it('renews with the refresh token for apps LinkedIn approved, keeping the refresh token', async () => {
    const partner = await FakeLinkedIn.start({ app: { refreshTokens: true } })
    try {
      const credentials = newLinkedInChannel(partner)
      expect(credentials.refreshToken).toBeTruthy()
      const ending = { ...credentials, expiresAt: new Date(Date.now() + 60_000).toISOString() }
      const stored: LinkedInCredentials[] = []
      await linkedin({}, partner).publish(ending, text('Renewed'), {
        onCredentialsChanged: (next) => void stored.push(next),
      })
      expect(stored).toHaveLength(1)
      expect(stored[0]).toMatchObject({
        author: credentials.author,
        refreshToken: credentials.refreshToken,
      })
      expect(stored[0]!.accessToken).not.toBe(credentials.accessToken)
      const idle = await linkedin({}, partner).refreshCredentials(stored[0]!)
      expect(idle.accessToken).not.toBe(stored[0]!.accessToken)
      const selfServe = newLinkedInChannel(fake)
      expect(await linkedin().refreshCredentials(selfServe)).toEqual(selfServe)
    } finally {
      await partner.close()
    }
  })

  it('round-trips the consent page with arctic and reads the member from OpenID userinfo', async () => {
    const member = fake.createMember('Ada Lovelace')
    fake.consent.sub = member.sub
    const network = linkedin()
    const start = network.startConnect({ redirectUri })
    const url = new URL(start.url)
    expect(url.pathname).toBe('/oauth/v2/authorization')
    expect(url.searchParams.get('scope')).toBe('openid profile w_member_social')
    expect(url.searchParams.has('code_challenge')).toBe(false)
    const callback = await consent(start.url)
    const credentials = await network.finishConnect({
      callback: callback.searchParams,
      state: start.state,
      redirectUri,
    })
    expect(credentials).toMatchObject({
      author: `urn:li:person:${member.sub}`,
      name: 'Ada Lovelace',
      scopes: ['openid', 'profile', 'w_member_social'],
    })
    expect(network.connectionExpiry(credentials)).toMatchObject({
      renewable: false,
      reconnectSoon: false,
    })
    const { parts } = await network.publish(credentials, text(unique('Connected')))
    expect(fake.state.posts.get(parts[0]!.id)?.author).toBe(credentials.author)
    fake.consent.sub = undefined
  })

  it('reads a cancel on the consent page as access denied', async () => {
    fake.consent.cancel = true
    const network = linkedin()
    const start = network.startConnect({ redirectUri })
    const back = await consent(start.url)
    await expect(
      network.finishConnect({ callback: back.searchParams, state: start.state, redirectUri }),
    ).rejects.toMatchObject({
      failure: 'access_denied',
    })
  })
})

it('keeps the test scopes honest: r_member_social is what approved partners add', () => {
  expect(LINKEDIN_TEST_SCOPES).toContain('r_member_social')
})
