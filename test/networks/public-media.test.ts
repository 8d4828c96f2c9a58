/**
 * Public media addresses: Instagram and Threads download images from `GET /m/<token>` under
 * MURMUR_PUBLIC_URL. The tokens expire and cannot be forged; an Instagram and a Threads image post
 * go through the real scheduler to their fakes, which download the image from Murmur's app.
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { AppEnv } from '../../src/http/env.js'
import { MetaUsageGate } from '../../src/networks/meta/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { deleteMedia } from '../../src/services/media.js'
import {
  PUBLIC_MEDIA_TTL_MS,
  publicMediaToken,
  publicMediaUrl,
} from '../../src/services/network-public-media.js'
import { installNetworkSettings } from '../../src/services/network-settings.js'
import { sampleJpeg } from '../fakes/facebook/fake-facebook-channels.js'
import { FakeInstagram } from '../fakes/instagram/fake-instagram.js'
import { newInstagramChannel } from '../fakes/instagram/fake-instagram-channels.js'
import { FakeThreads } from '../fakes/threads/fake-threads.js'
import { newThreadsChannel } from '../fakes/threads/fake-threads-channels.js'
import { apiFor } from '../support/api.js'
import { testDialects } from '../support/databases.js'
import { createNetworkWorld, type NetworkWorld } from './support/network-world.js'

const PUBLIC_URL = 'https://murmur.example'
type ErrorAnswer = { error: { code: string; message: string } }

let instagram: FakeInstagram
let threads: FakeThreads
let jpeg: Uint8Array
beforeAll(async () => {
  instagram = await FakeInstagram.start()
  threads = await FakeThreads.start()
  jpeg = await sampleJpeg(80, 80)
})
afterAll(async () => {
  await instagram?.close()
  await threads?.close()
})

const imagePost = (mediaId: string, text: string) => ({
  parts: [{ text, media: [{ media_id: mediaId, alt_text: 'A sourdough loaf on a board' }] }],
  first_comment: null,
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: public media addresses`, () => {
    let w: NetworkWorld
    let app: OpenAPIHono<AppEnv>
    afterEach(() => w?.t.cleanup())

    async function setUp() {
      w = await createNetworkWorld(dialect, { config: { publicUrl: PUBLIC_URL } })
      app = apiFor(w.murmur).app
    }
    const get = (url: string, method = 'GET') =>
      app.request(url.replace(PUBLIC_URL, ''), { method })

    test('serves the file with its type until the address expires, then 410', async () => {
      await setUp()
      const mediaId = await w.upload(jpeg, 'A loaf')
      const url = publicMediaUrl(w.murmur, { workspaceId: w.workspaceId, mediaId })
      expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/m/[^/]+$`))

      const served = await get(url)
      expect(served.status).toBe(200)
      expect(served.headers.get('content-type')).toBe('image/jpeg')
      expect(served.headers.get('content-length')).toBe(String(jpeg.byteLength))
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(jpeg)
      const head = await get(url, 'HEAD')
      expect(head.status).toBe(200)
      expect((await head.arrayBuffer()).byteLength).toBe(0)

      w.clock.advance(PUBLIC_MEDIA_TTL_MS - 2000)
      expect((await get(url)).status).toBe(200)
      w.clock.advance(3000)
      const expired = await get(url)
      expect(expired.status).toBe(410)
      expect(((await expired.json()) as ErrorAnswer).error.message).toMatch(/expired/)
    })

    test('refuses forged, altered and malformed tokens with 404, never 500', async () => {
      await setUp()
      const mediaId = await w.upload(jpeg)
      const other = await w.upload(await sampleJpeg(90, 90))
      const token = publicMediaToken(w.murmur, { workspaceId: w.workspaceId, mediaId })
      const [workspace, media, expiry, signature] = token.split('.') as [
        string,
        string,
        string,
        string,
      ]
      const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`
      const later = (Number.parseInt(expiry, 36) + 86_400).toString(36)
      const tampered = [
        `${workspace}.${media}.${expiry}.${flipped}`,
        `${workspace}.${other}.${expiry}.${signature}`,
        `${workspace}.${media}.${later}.${signature}`,
        `ws_someone_else.${media}.${expiry}.${signature}`,
        `${workspace}.${media}.${expiry}`,
        'not-a-token',
        '....',
        encodeURIComponent('../../master.key'),
      ]
      for (const bad of tampered) {
        const answer = await get(`/m/${bad}`)
        expect(answer.status, bad).toBe(404)
        expect(((await answer.json()) as ErrorAnswer).error.code).toBe('not_found')
      }
      // A token signed by another Murmur (another secret) is just as foreign.
      const stranger = await createNetworkWorld(dialect, {
        config: { publicUrl: PUBLIC_URL, secret: 'another-secret-another-secret-another-1' },
      })
      try {
        const foreign = publicMediaToken(stranger.murmur, { workspaceId: w.workspaceId, mediaId })
        expect((await get(`/m/${foreign}`)).status).toBe(404)
      } finally {
        await stranger.t.cleanup()
      }
      // Media deleted after the address was made.
      await deleteMedia(w.murmur, w.scope, mediaId)
      expect((await get(`/m/${token}`)).status).toBe(404)
    })

    function installMetaFakes(tokens: OAuthTokenManager) {
      installNetworkSettings(w.murmur, {
        instagram: {
          graphUrl: instagram.url,
          tokenUrl: `${instagram.url}/oauth/access_token`,
          authorizeUrl: `${instagram.url}/oauth/authorize`,
          containerPolling: { intervalMs: 5, timeoutMs: 2000 },
          usageGate: new MetaUsageGate(),
          tokenManager: tokens,
        },
        threads: {
          graphUrl: threads.url,
          authorizeUrl: `${threads.url}/oauth/authorize`,
          containerPolling: { intervalMs: 5, timeoutMs: 2000 },
          usageGate: new MetaUsageGate(),
          tokenManager: tokens,
        },
      })
      // Meta's servers reach MURMUR_PUBLIC_URL: here, this Murmur's own app.
      for (const fake of [instagram, threads]) {
        fake.internet.route(PUBLIC_URL, (request) => app.fetch(request))
      }
    }

    test('an Instagram image post publishes through the scheduler, the image downloaded from /m/', async () => {
      await setUp()
      installMetaFakes(new OAuthTokenManager())
      const credentials = newInstagramChannel(instagram)
      const channel = await w.connect('instagram', {
        accountId: credentials.userId,
        handle: credentials.username,
        credentials: { ...credentials },
      })
      const mediaId = await w.upload(jpeg, 'A loaf')
      const downloadsBefore = instagram.internet.downloads.length

      const delivery = await w.publish(channel.id, imagePost(mediaId, 'Fresh from the oven'))
      expect(delivery.state, delivery.last_error ?? '').toBe('published')
      const [remote] = JSON.parse(delivery.remote_parts) as Array<{ id: string }>
      const stored = instagram.state.media.get(remote?.id ?? '')
      expect(stored?.caption).toBe('Fresh from the oven')
      expect(stored?.images).toHaveLength(1)
      expect(stored?.images[0]?.bytes).toEqual(jpeg)
      expect(stored?.images[0]?.altText).toBe('A sourdough loaf on a board')
      const downloaded = instagram.internet.downloads.slice(downloadsBefore)
      expect(downloaded).toHaveLength(1)
      expect(downloaded[0]).toMatch(new RegExp(`^${PUBLIC_URL}/m/${w.workspaceId}\\.${mediaId}\\.`))
    })

    test('a Threads image post publishes through the scheduler the same way', async () => {
      await setUp()
      installMetaFakes(new OAuthTokenManager())
      const credentials = newThreadsChannel(threads)
      const channel = await w.connect('threads', {
        accountId: credentials.userId,
        handle: credentials.username,
        credentials: { ...credentials },
      })
      const mediaId = await w.upload(jpeg, 'A loaf')
      const delivery = await w.publish(channel.id, imagePost(mediaId, 'Crumb shot'))
      expect(delivery.state, delivery.last_error ?? '').toBe('published')
      const [remote] = JSON.parse(delivery.remote_parts) as Array<{ id: string }>
      expect(threads.readBack(remote?.id ?? '')).toMatchObject({
        text: 'Crumb shot',
        mediaCount: 1,
        altTexts: ['A sourdough loaf on a board'],
      })
    })

    test('when Meta cannot download the image, the delivery fails with Instagram’s reason', async () => {
      await setUp()
      installMetaFakes(new OAuthTokenManager())
      const credentials = newInstagramChannel(instagram)
      const channel = await w.connect('instagram', {
        accountId: credentials.userId,
        handle: credentials.username,
        credentials: { ...credentials },
      })
      const mediaId = await w.upload(jpeg, 'A loaf')
      // The public address answers nothing useful (a proxy in front of Murmur refuses /m/).
      instagram.internet.route(PUBLIC_URL, () => new Response('Forbidden', { status: 403 }))
      const delivery = await w.publish(channel.id, imagePost(mediaId, 'Behind a proxy'))
      expect(delivery.state).toBe('failed')
      expect(delivery.last_error).toMatch(
        /^Instagram refused the post: The media could not be fetched from this URI/,
      )
    })
  })
}
