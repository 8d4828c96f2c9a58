/**
 * The Bluesky adapter against a real local PDS (PLC + PDS from @atproto/dev-env, no AppView):
 * the shared network contract, then what only Bluesky has (facets, blobs, token rotation).
 * Records are read back with com.atproto.repo.getRecord, not through the adapter.
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { AtpAgent } from '@atproto/api'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BlueskyCredentials,
  type BlueskySettings,
  createBluesky,
} from '../../src/networks/bluesky/index.js'
import { NetworkError } from '../../src/networks/spec/network-error.js'
import { runNetworkContract } from '../../src/networks/testkit/run-network-contract.js'
import {
  getPostRecord,
  LOCAL_BLUESKY_HOSTS,
  type LocalBluesky,
  readRecord,
  signInAccount,
  startLocalBluesky,
  type TestAccount,
} from './support/local-bluesky.js'

let local: LocalBluesky

beforeAll(async () => {
  local = await startLocalBluesky({ rateLimits: true })
}, 60_000)

afterAll(async () => {
  await local?.close()
})

const bluesky = (settings: BlueskySettings = {}) =>
  createBluesky({ baseUrl: local.url, allowPrivateNetworkHosts: LOCAL_BLUESKY_HOSTS, ...settings })

async function newChannel(
  label = 'brand',
): Promise<{ account: TestAccount; credentials: BlueskyCredentials }> {
  const account = await local.createAccount(label)
  return { account, credentials: await signInAccount(bluesky(), account) }
}

async function pngImage(width: number, height: number, noise = false): Promise<Uint8Array> {
  if (noise) {
    // Random pixels do not compress: a realistic worst case for the byte limit.
    const raw = randomBytes(width * height * 3)
    return sharp(raw, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer()
  }
  return sharp({ create: { width, height, channels: 3, background: '#c0392b' } })
    .png()
    .toBuffer()
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

runNetworkContract<BlueskyCredentials>({
  name: 'Bluesky on a local PDS',
  createNetwork: () => bluesky(),
  createCredentials: async () => (await newChannel()).credentials,
  readBack: (_credentials, id) => readRecord(local.url, id),
  sampleImage: async () => ({ data: await pngImage(64, 48), mimeType: 'image/png' }),
  async createExpiredCredentials() {
    const { credentials } = await newChannel('expired')
    // Sign out: the refresh token is revoked, so the expired access token cannot be renewed.
    await fetch(`${local.url}/xrpc/com.atproto.server.deleteSession`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credentials.refreshJwt}` },
    })
    return { ...credentials, accessJwt: local.expiredAccessJwt(credentials.accessJwt) }
  },
  async provokeRateLimit() {
    // createSession allows 30 attempts per identifier per 5 minutes; the PDS delays each failed
    // attempt by 350 ms, so send them at once.
    const network = bluesky()
    const identifier = `nobody${Date.now().toString(36)}.test`
    const attempts = await Promise.allSettled(
      Array.from({ length: 34 }, () => network.signIn({ identifier, password: 'wrong' })),
    )
    const limited = attempts.find(
      (attempt) => attempt.status === 'rejected' && (attempt.reason as NetworkError).status === 429,
    )
    if (limited?.status === 'rejected') throw limited.reason
  },
  skip: [
    {
      test: 'follower count',
      reason:
        'follower counts come from the AppView profile, which this PDS-only server lacks; bluesky-appview.test.ts checks them against the full local network',
    },
    {
      test: 'reshares',
      reason:
        'who reposted and quoted comes from the AppView, which this PDS-only server lacks; test/cascades/network-reshares.test.ts checks it against the full local network',
    },
  ],
})

describe('Bluesky adapter on a local PDS', () => {
  it('signs in with a handle or an email and an app password', async () => {
    const account = await local.createAccount('signin')
    const network = bluesky()
    const byHandle = await network.signIn({
      identifier: `@${account.handle}`,
      password: account.appPassword,
    })
    expect(byHandle).toMatchObject({
      did: account.did,
      handle: account.handle,
      service: local.url,
    })
    expect(byHandle.accessJwt).not.toBe(byHandle.refreshJwt)
    const byEmail = await network.signIn({
      identifier: `${account.handle}@example.com`,
      password: account.appPassword,
    })
    expect(byEmail.did).toBe(account.did)

    const wrong = await network
      .signIn({ identifier: account.handle, password: 'aaaa-bbbb-cccc-dddd' })
      .catch((error: unknown) => error)
    expect(wrong).toMatchObject({
      kind: 'auth_expired',
      status: 401,
      code: 'AuthenticationRequired',
    })
    expect((wrong as Error).message).toContain('wrong handle, email or app password')
  })

  it('writes links, mentions and hashtags as facets at UTF-8 byte offsets', async () => {
    const { credentials } = await newChannel()
    const friend = await local.createAccount('friend')
    const link = 'https://example.com/menu?jour=lundi&x=1'
    const text = `Café crème 🥐👨‍👩‍👧 à côté de @${friend.handle} — voir ${link} #boulangerie ✨ fin`
    const result = await bluesky().publish(credentials, { parts: [{ text, media: [] }] })
    expect(result.warnings).toEqual([])

    const record = await getPostRecord(local.url, result.parts[0]?.id ?? '')
    expect(record?.text).toBe(text)
    const bytes = Buffer.from(text, 'utf8')
    const slices = (record?.facets ?? []).map((facet) => ({
      text: bytes.subarray(facet.index.byteStart, facet.index.byteEnd).toString('utf8'),
      feature: facet.features[0],
    }))
    expect(slices).toEqual([
      {
        text: `@${friend.handle}`,
        feature: { $type: 'app.bsky.richtext.facet#mention', did: friend.did },
      },
      { text: link, feature: { $type: 'app.bsky.richtext.facet#link', uri: link } },
      {
        text: '#boulangerie',
        feature: { $type: 'app.bsky.richtext.facet#tag', tag: 'boulangerie' },
      },
    ])
    // The byte offsets are not the UTF-16 ones JavaScript strings use.
    expect(record?.facets?.[0]?.index.byteStart).toBeGreaterThan(text.indexOf('@'))
  })

  it('leaves a mention of an unknown handle as plain text and says so', async () => {
    const { credentials } = await newChannel()
    const text = 'Thanks @nosuchaccountzz.test for coming!'
    const result = await bluesky().publish(credentials, { parts: [{ text, media: [] }] })
    expect(result.warnings).toMatchObject([
      {
        severity: 'warning',
        code: 'mention_unresolved',
        message: expect.stringContaining('@nosuchaccountzz.test'),
      },
    ])
    const record = await getPostRecord(local.url, result.parts[0]?.id ?? '')
    expect(record?.text).toBe(text)
    expect(record?.facets).toBeUndefined()
  })

  it('uploads images re-encoded under the byte limit, with alt text and aspect ratio', async () => {
    const { account, credentials } = await newChannel()
    const big = await pngImage(3000, 1500, true)
    expect(big.byteLength).toBeGreaterThan(2_000_000)
    const portrait = await sharp({
      create: { width: 400, height: 600, channels: 3, background: '#2980b9' },
    })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const result = await bluesky().publish(credentials, {
      parts: [
        {
          text: 'Two pictures',
          media: [
            { data: big, mimeType: 'image/png', altText: 'Static on an old TV' },
            { data: portrait, mimeType: 'image/jpeg' },
          ],
        },
      ],
    })
    expect(result.warnings.map((warning) => warning.message)).toEqual([
      'Bluesky: image 2 has no alt text',
    ])
    const record = await getPostRecord(local.url, result.parts[0]?.id ?? '')
    expect(record?.embed?.$type).toBe('app.bsky.embed.images')
    const images = record?.embed?.images ?? []
    expect(images.map((image) => image.alt)).toEqual(['Static on an old TV', ''])
    // EXIF orientation 6 turns the 400×600 JPEG into a 600×400 picture.
    expect(images.map((image) => image.aspectRatio)).toEqual([
      { width: 2000, height: 1000 },
      { width: 600, height: 400 },
    ])
    for (const image of images) {
      expect(image.image.mimeType).toBe('image/jpeg')
      expect(image.image.size).toBeLessThanOrEqual(1_000_000)
      const blob = await new AtpAgent({ service: local.url }).com.atproto.sync.getBlob({
        did: account.did,
        cid: image.image.ref.toString(),
      })
      expect(blob.data.byteLength).toBe(image.image.size)
      const decoded = await sharp(blob.data).metadata()
      expect(decoded.exif).toBeUndefined()
    }
  })

  it('publishes a thread with a first comment answering its last part', async () => {
    const { credentials } = await newChannel()
    const result = await bluesky().publish(credentials, {
      parts: [
        { text: 'Our week in bread, a thread 🧵', media: [] },
        { text: 'Monday: rye', media: [] },
      ],
      firstComment: 'Order at https://example.com',
      languages: ['en'],
    })
    const [first, second] = result.parts
    expect(result.firstComment?.url).toMatch(
      /^https:\/\/bsky\.app\/profile\/did:plc:[a-z0-9]+\/post\/[a-z0-9]+$/,
    )
    const comment = await getPostRecord(local.url, result.firstComment?.id ?? '')
    expect(comment?.reply?.parent.uri).toBe(second?.id)
    expect(comment?.reply?.root.uri).toBe(first?.id)
    expect(comment?.langs).toEqual(['en'])
  })

  it("answers another account's reply with the conversation's root", async () => {
    const { credentials } = await newChannel()
    const customer = await local.createAccount('customer')
    const question = await customer.agent.post({ text: 'Open on Sunday?' })
    const followUp = await customer.agent.post({
      text: 'And gluten-free?',
      reply: { root: question, parent: question },
    })
    const result = await bluesky().publish(credentials, {
      parts: [{ text: 'Yes to both!', media: [] }],
      replyTo: { id: followUp.uri },
    })
    const record = await getPostRecord(local.url, result.parts[0]?.id ?? '')
    expect(record?.reply).toMatchObject({
      parent: { uri: followUp.uri, cid: followUp.cid },
      root: { uri: question.uri, cid: question.cid },
    })
  })

  it('refreshes an expired access token before using it, and hands over the new tokens', async () => {
    const { credentials } = await newChannel()
    const expired = { ...credentials, accessJwt: local.expiredAccessJwt(credentials.accessJwt) }
    const rotated: BlueskyCredentials[] = []
    const result = await bluesky().publish(
      expired,
      { parts: [{ text: 'Still here', media: [] }] },
      { onCredentialsChanged: (next) => void rotated.push(next) },
    )
    expect(result.parts).toHaveLength(1)
    expect(rotated).toHaveLength(1)
    expect(rotated[0]).toMatchObject({ did: credentials.did, handle: credentials.handle })
    expect(rotated[0]?.accessJwt).not.toBe(expired.accessJwt)
    expect(rotated[0]?.refreshJwt).not.toBe(credentials.refreshJwt)
    // The handed-over credentials work on their own.
    const again = await bluesky().fetchPost(rotated[0]!, result.parts[0]?.id ?? '')
    expect(again?.text).toBe('Still here')
  })

  it('refreshes and retries when the server says ExpiredToken (clocks disagree)', async () => {
    const { credentials } = await newChannel()
    const expired = { ...credentials, accessJwt: local.expiredAccessJwt(credentials.accessJwt) }
    // Three hours slow: the token looks valid locally, so only the server's answer reveals it.
    const slowClock = () => Date.now() - 3 * 3600_000
    const requests: string[] = []
    const recordingFetch: typeof fetch = (input, init) => {
      requests.push(new URL(input instanceof Request ? input.url : input.toString()).pathname)
      return fetch(input, init)
    }
    const rotated: BlueskyCredentials[] = []
    await bluesky({ now: slowClock, fetch: recordingFetch }).publish(
      expired,
      { parts: [{ text: 'Late but here', media: [] }] },
      { onCredentialsChanged: (next) => void rotated.push(next) },
    )
    expect(requests).toEqual([
      '/xrpc/com.atproto.repo.createRecord',
      '/xrpc/com.atproto.server.refreshSession',
      '/xrpc/com.atproto.repo.createRecord',
    ])
    expect(rotated).toHaveLength(1)
  })

  it('publishes nothing when the rotated tokens cannot be stored', async () => {
    const { account, credentials } = await newChannel()
    const expired = { ...credentials, accessJwt: local.expiredAccessJwt(credentials.accessJwt) }
    const error = await bluesky()
      .publish(
        expired,
        { parts: [{ text: 'Should not appear', media: [] }] },
        {
          onCredentialsChanged: () => {
            throw new Error('database is read-only')
          },
        },
      )
      .catch((caught: unknown) => caught)
    // The caller's own failure comes back as is, not dressed up as a network error.
    expect(error).toBeInstanceOf(Error)
    expect(NetworkError.isInstance(error)).toBe(false)
    expect((error as Error).message).toBe('database is read-only')
    const { data } = await new AtpAgent({ service: local.url }).com.atproto.repo.listRecords({
      repo: account.did,
      collection: 'app.bsky.feed.post',
    })
    expect(data.records).toEqual([])
  })

  it('refreshCredentials rotates both tokens', async () => {
    const { credentials } = await newChannel()
    const next = await bluesky().refreshCredentials(credentials)
    expect(next.did).toBe(credentials.did)
    expect(next.refreshJwt).not.toBe(credentials.refreshJwt)
  })

  it('reports outcome_unknown with the id of the post whose answer was lost', async () => {
    const { credentials } = await newChannel()
    let creates = 0
    // The request reaches the PDS; the answer to the second create never comes back.
    const losingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      const path = new URL(input instanceof Request ? input.url : input.toString()).pathname
      if (path.endsWith('com.atproto.repo.createRecord') && ++creates === 2) {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        })
      }
      return response
    }
    const error = await bluesky({ fetch: losingFetch })
      .publish(credentials, {
        parts: [
          { text: 'Part one', media: [] },
          { text: 'Part two', media: [] },
          { text: 'Part three', media: [] },
        ],
      })
      .catch((caught: unknown) => caught)
    expect(NetworkError.isInstance(error)).toBe(true)
    const networkError = error as NetworkError
    expect(networkError.kind).toBe('outcome_unknown')
    expect(networkError.code).toBe('ECONNRESET')
    expect(networkError.progress?.publishedParts).toHaveLength(1)
    const unconfirmed = networkError.progress?.unconfirmedPart
    expect(unconfirmed?.id).toMatch(/^at:\/\/did:plc:/)
    // It does exist: the caller can settle the delivery with fetchPost.
    expect((await bluesky().fetchPost(credentials, unconfirmed?.id ?? ''))?.text).toBe('Part two')
    const stored = await readRecord(local.url, unconfirmed?.id ?? '')
    expect(stored?.replyParentId).toBe(networkError.progress?.publishedParts[0]?.id)
  })

  it('classifies a refused connection as retryable: nothing was sent', async () => {
    const { credentials } = await newChannel()
    const unreachable = { ...credentials, pdsUrl: `http://127.0.0.1:${await closedPort()}` }
    const error = await bluesky()
      .publish(unreachable, { parts: [{ text: 'Nobody home', media: [] }] })
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ kind: 'retryable', code: 'ECONNREFUSED' })
  })

  it("passes on the server's reason when it refuses a record", async () => {
    const { credentials } = await newChannel()
    const error = await bluesky()
      .publish(credentials, {
        parts: [{ text: 'Bad language tag', media: [] }],
        languages: ['not a language'],
      })
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ kind: 'content_rejected', status: 400, code: 'InvalidRequest' })
    expect((error as NetworkError).reason).toMatch(/langs/)
    expect((error as NetworkError).body).toContain('InvalidRequest')
  })

  it('treats an AppView outage (502 UpstreamFailure) as retryable', async () => {
    const { credentials } = await newChannel()
    const posted = await bluesky().publish(credentials, {
      parts: [{ text: 'Counting', media: [] }],
    })
    const error = await bluesky()
      .fetchMetrics(credentials, [posted.parts[0]?.id ?? ''])
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ kind: 'retryable', status: 502, code: 'UpstreamFailure' })
  })

  it("deletes idempotently, and refuses to delete another account's post", async () => {
    const { credentials } = await newChannel()
    const other = await local.createAccount('other')
    const theirs = await other.agent.post({ text: 'Mine' })
    const error = await bluesky()
      .delete(credentials, theirs.uri)
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ kind: 'content_rejected' })

    const posted = await bluesky().publish(credentials, { parts: [{ text: 'Twice', media: [] }] })
    const id = posted.parts[0]?.id ?? ''
    await bluesky().delete(credentials, id)
    await bluesky().delete(credentials, id)
    expect(await readRecord(local.url, id)).toBeNull()
  })

  it('refuses stored credentials that lack tokens, asking for a reconnect', async () => {
    const error = await bluesky()
      .fetchPost(
        { did: 'did:plc:x', handle: 'x.test', service: local.url } as BlueskyCredentials,
        'at://did:plc:x/app.bsky.feed.post/abc',
      )
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ kind: 'auth_expired' })
    expect((error as Error).message).toContain('accessJwt, refreshJwt')
  })
})
