/**
 * What only Facebook has, against the Facebook fake (built from Meta's documented Graph API, not
 * Facebook itself): unpublished photos then attached_media with alt text, the Page picker after
 * Facebook Login, throttle codes and usage headers, refusals in one sentence, Page tokens that
 * die, metrics and the Page's comments and tags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFacebook, type FacebookSettings } from '../../src/networks/facebook/index.js'
import { MetaUsageGate } from '../../src/networks/meta/index.js'
import { AuthorizationCallbackError } from '../../src/networks/oauth/index.js'
import type { Draft } from '../../src/networks/spec/network-draft.js'
import { NetworkError } from '../../src/networks/spec/network-error.js'
import { FakeFacebook } from '../fakes/facebook/fake-facebook.js'
import { newFacebookChannel, sampleJpeg } from '../fakes/facebook/fake-facebook-channels.js'

let fake: FakeFacebook
const redirectUri = 'http://127.0.0.1:4000/api/v1/oauth/facebook/callback'

beforeAll(async () => {
  fake = await FakeFacebook.start()
})

afterAll(async () => {
  await fake?.close()
})

function facebook(settings: FacebookSettings = {}, target = fake) {
  return createFacebook({
    graphUrl: target.url,
    dialogUrl: target.url,
    app: { clientId: target.state.app.clientId, clientSecret: target.state.app.clientSecret },
    usageGate: new MetaUsageGate(),
    ...settings,
  })
}

const text = (value: string): Draft => ({ parts: [{ text: value, media: [] }] })
const unique = (label: string) => `${label} ${Math.random().toString(36).slice(2, 8)}`
const logged = (method: string, pattern: RegExp, target = fake) =>
  target.server.log.filter((entry) => entry.method === method && pattern.test(entry.path))

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.catch((caught: unknown) => caught)
  if (!NetworkError.isInstance(error))
    throw new Error(`expected a NetworkError, got ${String(error)}`)
  return error
}

describe('Facebook validation', () => {
  it('counts characters as code points up to 63,206', () => {
    const { countText, maxLength } = facebook().capabilities.text
    expect(maxLength).toBe(63_206)
    expect(countText('🍞 café')).toBe(6)
    const problems = facebook().validate(text('🍞'.repeat(63_207)))
    expect(problems.map((problem) => problem.message)).toEqual([
      'Facebook: text is 63,207 / 63,206 characters',
    ])
  })

  it('takes no images in an answer (a comment) and warns about missing alt text', () => {
    const image = { data: new Uint8Array(10), mimeType: 'image/jpeg' }
    const answer = facebook().validate({
      parts: [{ text: 'Thanks!', media: [image] }],
      replyTo: { id: '1_2' },
    })
    expect(answer.map((problem) => [problem.severity, problem.code])).toContainEqual([
      'error',
      'too_many_media',
    ])
    const post = facebook().validate({ parts: [{ text: 'New loaf', media: [image] }] })
    expect(post).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'alt_text_missing',
        message: 'Facebook: image 1 has no alt text',
      }),
    ])
  })
})

describe('Facebook publishing', () => {
  it('uploads each photo unpublished with its alt text, then one feed post with attached_media, then the first comment', async () => {
    const credentials = newFacebookChannel(fake)
    const image = await sampleJpeg()
    const result = await facebook().publish(credentials, {
      parts: [
        {
          text: unique('Two loaves'),
          media: [
            { data: image, mimeType: 'image/jpeg', altText: 'A rye loaf' },
            { data: image, mimeType: 'image/jpeg', altText: 'A spelt loaf' },
          ],
        },
      ],
      firstComment: 'Order at bakery.example',
    })
    const [post] = result.parts
    expect(post?.url).toBe(
      `https://www.facebook.com/${credentials.pageId}/posts/${post?.id.split('_')[1]}`,
    )
    expect(fake.readBack(post!.id)).toMatchObject({
      mediaCount: 2,
      altTexts: ['A rye loaf', 'A spelt loaf'],
    })
    const photos = logged('POST', new RegExp(`/${credentials.pageId}/photos$`)).slice(-2)
    for (const entry of photos) {
      expect(entry.headers['content-type']).toMatch(/^multipart\/form-data/)
      expect(entry.body.toString('latin1')).toMatch(/name="published"\r\n\r\nfalse/)
    }
    const feed = logged('POST', new RegExp(`/${credentials.pageId}/feed$`)).at(-1)!
    const form = new URLSearchParams(feed.body.toString('utf8'))
    expect(JSON.parse(form.get('attached_media[0]') ?? '{}')).toHaveProperty('media_fbid')
    expect(JSON.parse(form.get('attached_media[1]') ?? '{}')).toHaveProperty('media_fbid')
    expect(fake.readBack(result.firstComment!.id)).toMatchObject({
      text: 'Order at bakery.example',
      replyParentId: post!.id,
    })
  })

  it('answers a comment under that comment, as the Page', async () => {
    const credentials = newFacebookChannel(fake)
    const { parts } = await facebook().publish(credentials, text(unique('Question time')))
    const fan = fake.createUser('Fan')
    const question = fake.commentAs(fan, parts[0]!.id, 'Open on Sunday?')
    const answer = await facebook().publish(credentials, {
      ...text('Yes, 8 to 12'),
      replyTo: { id: question },
    })
    expect(fake.readBack(answer.parts[0]!.id)).toMatchObject({
      replyParentId: question,
      replyRootId: parts[0]!.id,
    })
    expect(fake.state.comments.get(answer.parts[0]!.id)?.from.id).toBe(credentials.pageId)
  })

  it('says what Facebook refused in one sentence: duplicate status (506)', async () => {
    const credentials = newFacebookChannel(fake)
    const body = unique('Same words twice')
    await facebook().publish(credentials, text(body))
    const error = await failure(facebook().publish(credentials, text(body)))
    expect(error).toMatchObject({ kind: 'content_rejected', status: 400, code: '506' })
    expect(error.message).toBe('Facebook refused the post: duplicate status (506)')
  })

  it('records the post when the first comment fails', async () => {
    const credentials = newFacebookChannel(fake)
    fake.injectServerError({ match: /^POST \/v\d+\.\d+\/\d+_\d+\/comments$/ })
    const error = await failure(
      facebook().publish(credentials, { ...text(unique('Post')), firstComment: 'Comment' }),
    )
    expect(error.kind).toBe('retryable')
    expect(error.progress?.publishedParts).toHaveLength(1)
    expect(fake.readBack(error.progress!.publishedParts[0]!.id)).not.toBeNull()
  })

  it('treats a lost answer on a post as outcome_unknown, on a read as retryable', async () => {
    const credentials = newFacebookChannel(fake)
    const network = facebook({ timeoutMs: 300 })
    fake.injectHang()
    expect((await failure(network.publish(credentials, text(unique('Into the void'))))).kind).toBe(
      'outcome_unknown',
    )
    fake.server.inject({ match: /^POST \/v\d+\.\d+\/\d+\/feed$/, reply: 'lose-answer' })
    expect((await failure(network.publish(credentials, text(unique('Lost'))))).kind).toBe(
      'outcome_unknown',
    )
    fake.injectHang({ match: /^GET / })
    expect((await failure(network.fetchPost(credentials, '1_2'))).kind).toBe('retryable')
  })

  it('needs reconnect when the Page token died (password changed: 190/460)', async () => {
    const credentials = newFacebookChannel(fake)
    fake.killTokens(credentials.userId!, 'password changed')
    const error = await failure(facebook().publish(credentials, text(unique('Never'))))
    expect(error).toMatchObject({ kind: 'auth_expired', code: '190/460' })
    expect(error.message).toBe(
      `Facebook: the connection to the Page ${credentials.pageName} expired or was revoked (the password was changed); the channel needs reconnect`,
    )
  })

  it('refuses a person without the CREATE_CONTENT task on the Page', async () => {
    const credentials = newFacebookChannel(fake, { tasks: ['ANALYZE'] })
    const error = await failure(facebook().publish(credentials, text(unique('Not allowed'))))
    expect(error.kind).toBe('auth_expired')
    expect(error.message).toMatch(/^Facebook: Murmur lacks a permission for this/)
  })

  it('sends appsecret_proof, which apps requiring it check', async () => {
    const strict = await FakeFacebook.start({ app: { requireAppSecretProof: true } })
    try {
      const credentials = newFacebookChannel(strict)
      const { parts } = await facebook({}, strict).publish(credentials, text('Signed'))
      expect(strict.readBack(parts[0]!.id)?.text).toBe('Signed')
      const withoutSecret = createFacebook({ graphUrl: strict.url, usageGate: new MetaUsageGate() })
      const error = await failure(withoutSecret.publish(credentials, text('Unsigned')))
      expect(error.message).toBe(
        'Facebook refused the post: API calls from the server require an appsecret_proof argument (100)',
      )
    } finally {
      await strict.close()
    }
  })
})

describe('Facebook rate limits', () => {
  it.each([
    [4, 403],
    [17, 400],
    [32, 400],
    [613, 400],
    [80001, 400],
  ])('reads throttle code %i (HTTP %i) as retryable with a wait', async (code, status) => {
    const credentials = newFacebookChannel(fake)
    fake.injectThrottle({
      code,
      status,
      objectId: credentials.pageId,
      regainMinutes: code === 80001 ? 7 : 0,
    })
    const error = await failure(facebook().publish(credentials, text(unique('Throttled'))))
    expect(error).toMatchObject({ kind: 'retryable', status, code: String(code) })
    expect(error.retryAfterMs).toBe(code === 80001 ? 7 * 60_000 : 10 * 60_000)
  })

  it('holds the Page after a throttle without sending, and code 4 holds every Page of the app', async () => {
    const network = facebook()
    const first = newFacebookChannel(fake)
    const second = newFacebookChannel(fake)
    fake.injectThrottle({ code: 32, objectId: first.pageId })
    await failure(network.publish(first, text(unique('Throttled'))))
    const before = fake.server.log.length
    const held = await failure(network.publish(first, text(unique('Held'))))
    expect(held.kind).toBe('retryable')
    expect(held.message).toMatch(/nothing was sent/)
    expect(fake.server.log.length).toBe(before)
    await network.publish(second, text(unique('Other Page is fine')))
    fake.injectThrottle({ code: 4 })
    await failure(network.publish(second, text(unique('App limit'))))
    const third = newFacebookChannel(fake)
    expect((await failure(network.publish(third, text(unique('Held too'))))).message).toMatch(
      /nothing was sent/,
    )
  })

  it("stops before the Page's Business Use Case budget runs out, from the usage headers", async () => {
    const tight = await FakeFacebook.start({ budgets: { pageCalls: 2 } })
    try {
      const network = facebook({}, tight)
      const credentials = newFacebookChannel(tight)
      await network.publish(credentials, text('One'))
      await network.publish(credentials, text('Two'))
      const before = tight.server.log.length
      const error = await failure(network.publish(credentials, text('Three')))
      expect(error).toMatchObject({ kind: 'retryable' })
      expect(tight.server.log.length).toBe(before)
    } finally {
      await tight.close()
    }
  })
})

describe('Facebook reads', () => {
  it('reads reactions, comments, shares and views; without read_insights views stay absent', async () => {
    const credentials = newFacebookChannel(fake)
    const { parts } = await facebook().publish(credentials, text(unique('Counted')))
    const id = parts[0]!.id
    fake.setEngagement(id, { reactions: 12, shares: 3, views: 480 })
    fake.commentAs(fake.createUser('Fan'), id, 'Yum')
    expect(await facebook().fetchMetrics(credentials, [id])).toEqual({
      [id]: { likes: 12, replies: 1, shares: 3, views: 480 },
    })
    const limited = {
      ...credentials,
      accessToken: fake.issuePageToken(credentials.pageId, credentials.userId!, [
        'pages_show_list',
        'pages_manage_posts',
        'pages_read_engagement',
      ]),
    }
    expect(await facebook().fetchMetrics(limited, [id])).toEqual({
      [id]: { likes: 12, replies: 1, shares: 3 },
    })
  })

  it('deletes, deleting again succeeds, and a deleted post has no metrics', async () => {
    const credentials = newFacebookChannel(fake)
    const { parts } = await facebook().publish(credentials, text(unique('Gone soon')))
    await facebook().delete(credentials, parts[0]!.id)
    await facebook().delete(credentials, parts[0]!.id)
    expect(await facebook().fetchPost(credentials, parts[0]!.id)).toBeNull()
    expect(await facebook().fetchMetrics(credentials, [parts[0]!.id])).toEqual({})
  })

  it("pages through comments on the Page's posts and posts that tag it, newest first, without its own", async () => {
    const credentials = newFacebookChannel(fake)
    const network = facebook()
    const fan = fake.createUser('Fan')
    const posts = []
    for (let index = 0; index < 3; index++)
      posts.push((await network.publish(credentials, text(unique(`Post ${index}`)))).parts[0]!)
    const start = Date.now()
    const first = fake.commentAs(fan, posts[0]!.id, 'On the oldest post', start + 1000)
    const reply = fake.commentAs(fan, first, 'Answering myself', start + 2000)
    await network.publish(credentials, { ...text('Thanks'), replyTo: { id: first } })
    const tagged = fake.postTagging(credentials.pageId, fan, 'Great bread at this place')
    const seen = []
    let cursor: string | undefined
    do {
      const page = await network.fetchMentions(credentials, { limit: 1, ...(cursor && { cursor }) })
      seen.push(...page.items)
      cursor = page.cursor
    } while (cursor)
    const byId = new Map(seen.map((item) => [item.id, item]))
    expect(byId.get(first)).toMatchObject({
      kind: 'comment',
      inReplyTo: posts[0]!.id,
      rootId: posts[0]!.id,
      author: { id: fan.id, handle: 'Fan' },
    })
    expect(byId.get(reply)).toMatchObject({
      kind: 'comment',
      inReplyTo: first,
      rootId: posts[0]!.id,
    })
    expect(byId.get(tagged.id)).toMatchObject({
      kind: 'mention',
      text: 'Great bread at this place',
    })
    expect(seen.filter((item) => item.author.id === credentials.pageId)).toEqual([])
    expect(seen).toHaveLength(3)
  })
})

describe('Facebook connect: login, then choose the Pages', () => {
  async function consent(url: string): Promise<URL> {
    const response = await fetch(url, { redirect: 'manual' })
    expect(response.status).toBe(302)
    return new URL(response.headers.get('location') ?? '')
  }

  it('lists the Pages with their tokens, marks those the person cannot publish on, and a chosen Page publishes', async () => {
    const person = fake.createUser('Owner')
    const bakery = fake.createPage('Corner Bakery', {
      [person.id]: ['CREATE_CONTENT', 'MODERATE', 'ANALYZE'],
    })
    const stats = fake.createPage('Bakery Stats', { [person.id]: ['ANALYZE'] })
    fake.consent.userId = person.id
    const network = facebook()
    const start = network.startConnect({ redirectUri })
    const url = new URL(start.url)
    expect(url.pathname).toBe('/v25.0/dialog/oauth')
    expect(url.searchParams.get('scope')).toBe(
      'pages_show_list,pages_manage_posts,pages_read_engagement,pages_read_user_content,pages_manage_engagement,read_insights',
    )
    expect(start.codeVerifier).toBe('')
    const callback = await consent(start.url)
    const connection = await network.finishConnect({
      callback: callback.searchParams,
      state: start.state,
      redirectUri,
    })
    expect(connection.user).toEqual({ id: person.id, name: 'Owner' })
    expect(connection.warnings).toEqual([])
    const byId = new Map(connection.pages.map((page) => [page.id, page]))
    expect(byId.get(bakery.id)).toMatchObject({ name: 'Corner Bakery', canPublish: true })
    expect(byId.get(stats.id)).toMatchObject({
      canPublish: false,
      problem: expect.stringMatching(/does not allow creating posts/),
    })
    // The long-lived user token exchange happened before the Pages were read.
    expect(logged('GET', /\/oauth\/access_token$/).slice(-1)[0]?.query).toMatch(
      /grant_type=fb_exchange_token/,
    )
    const chosen = byId.get(bakery.id)!.credentials
    const { parts } = await network.publish(chosen, text(unique('Connected')))
    expect(fake.state.posts.get(parts[0]!.id)?.pageId).toBe(bakery.id)
    fake.consent.userId = undefined
  })

  it('warns about unticked permissions, and says plainly when there is no Page', async () => {
    const person = fake.createUser('No Pages')
    fake.consent.userId = person.id
    fake.consent.decline = ['read_insights']
    const network = facebook()
    const start = network.startConnect({ redirectUri })
    const callback = await consent(start.url)
    const connection = await network.finishConnect({
      callback: callback.searchParams,
      state: start.state,
      redirectUri,
    })
    expect(connection.pages).toEqual([])
    expect(connection.declinedPermissions).toEqual(['read_insights'])
    expect(connection.warnings[0]).toMatch(/^This Facebook account manages no Page Murmur can see/)
    expect(connection.warnings[1]).toMatch(/^You declined read_insights/)
    fake.consent.userId = undefined
  })

  it('refuses a forged state, reports a refusal, and a code used twice', async () => {
    const network = facebook()
    const start = network.startConnect({ redirectUri })
    const callback = await consent(start.url)
    await expect(
      network.finishConnect({ callback: callback.searchParams, state: 'forged', redirectUri }),
    ).rejects.toBeInstanceOf(AuthorizationCallbackError)
    await network.finishConnect({
      callback: callback.searchParams,
      state: start.state,
      redirectUri,
    })
    const reused = await failure(
      network.finishConnect({ callback: callback.searchParams, state: start.state, redirectUri }),
    )
    expect(reused.kind).toBe('auth_expired')
    fake.consent.deny = true
    const denied = network.startConnect({ redirectUri })
    const back = await consent(denied.url)
    await expect(
      network.finishConnect({ callback: back.searchParams, state: denied.state, redirectUri }),
    ).rejects.toMatchObject({
      failure: 'access_denied',
    })
  })

  it("says the app's secret is wrong, which reconnecting cannot fix", async () => {
    const network = createFacebook({
      graphUrl: fake.url,
      dialogUrl: fake.url,
      app: { clientId: fake.state.app.clientId, clientSecret: 'wrong' },
      usageGate: new MetaUsageGate(),
    })
    const start = network.startConnect({ redirectUri })
    const callback = await consent(start.url)
    const error = await failure(
      network.finishConnect({ callback: callback.searchParams, state: start.state, redirectUri }),
    )
    expect(error.kind).toBe('content_rejected')
    expect(error.message).toMatch(/check the client id and secret in the settings$/)
  })
})
