/**
 * Media storage: the same media library on disk (the default) and in an S3-compatible bucket (a
 * real s3rver started here), on both databases. Upload, thumbnail, read back, delete, an image
 * post published through the scheduler to the Instagram fake (which downloads the image from
 * Murmur's /m/ address), and S3 failures that must reach people as clear 503s, never 500s.
 */
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { inspect } from 'node:util'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { Config, MediaS3Settings } from '../../src/config.js'
import { Scheduler } from '../../src/jobs/scheduler.js'
import { MetaUsageGate } from '../../src/networks/meta/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { publicMediaUrl } from '../../src/services/network-public-media.js'
import { installNetworkSettings } from '../../src/services/network-settings.js'
import { createPost } from '../../src/services/posts.js'
import { S3MediaStore } from '../../src/storage/media-store/s3-media-store.js'
import { FakeInstagram } from '../fakes/instagram/fake-instagram.js'
import { newInstagramChannel } from '../fakes/instagram/fake-instagram-channels.js'
import { createNetworkWorld, type NetworkWorld } from '../networks/support/network-world.js'
import { type ApiClient, apiFor } from '../support/api.js'
import { testDialects } from '../support/databases.js'
import { startTestS3, type TestS3 } from '../support/s3-server.js'

const PUBLIC_URL = 'https://murmur.example'

let s3: TestS3
let instagram: FakeInstagram
let jpeg: Buffer
beforeAll(async () => {
  s3 = await startTestS3()
  instagram = await FakeInstagram.start()
  jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#b5651d' } })
    .jpeg()
    .toBuffer()
})
afterAll(async () => {
  await instagram?.close()
  await s3?.close()
})

const s3Config = (settings: MediaS3Settings): Partial<Config> => ({
  mediaStorage: 's3',
  mediaS3: settings,
  publicUrl: PUBLIC_URL,
})

for (const dialect of await testDialects()) {
  for (const storage of ['disk', 's3'] as const) {
    describe(`${dialect}: media stored on ${storage}`, () => {
      let w: NetworkWorld
      let settings: MediaS3Settings | undefined
      let owner: ApiClient
      let base: string
      afterEach(() => w?.t.cleanup())

      async function setUp() {
        settings = storage === 's3' ? s3.settings() : undefined
        w = await createNetworkWorld(dialect, {
          config: settings ? s3Config(settings) : { publicUrl: PUBLIC_URL },
        })
        owner = await w.owner()
        base = `/api/v1/workspaces/${w.workspaceId}`
      }
      /** The bytes where they are stored, read around Murmur's API. */
      async function storedBytes(key: string): Promise<Buffer | undefined> {
        if (settings) return new S3MediaStore(settings).get(key)
        const file = join(w.t.dataDir, key)
        return existsSync(file) ? (await import('node:fs/promises')).readFile(file) : undefined
      }
      const raw = (path: string, method = 'GET') =>
        owner.app.request(path, { method, headers: { cookie: owner.cookie ?? '' } })

      test('upload, thumbnail, read back and delete', async () => {
        await setUp()
        const uploaded = await owner.post(`${base}/media`, {
          data_base64: jpeg.toString('base64'),
          file_name: 'loaf.jpg',
          alt_text: 'A loaf',
        })
        expect(uploaded.status, uploaded.text).toBe(201)
        expect(uploaded.body).toMatchObject({ mime_type: 'image/jpeg', width: 640, height: 480 })
        const id = uploaded.body.id as string

        const row = await w.murmur.db
          .selectFrom('media')
          .select(['storage', 'path', 'thumbnail_path'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
        expect(row.storage).toBe(storage)
        expect(await storedBytes(row.path)).toEqual(jpeg)
        expect(row.thumbnail_path).not.toBeNull()
        const thumbnailBytes = await storedBytes(row.thumbnail_path ?? '')
        expect(thumbnailBytes).toBeDefined()
        // In S3 mode nothing of the upload lands in the data folder.
        expect(existsSync(join(w.t.dataDir, 'media'))).toBe(storage === 'disk')

        const content = await raw(`${base}/media/${id}/content`)
        expect(content.status).toBe(200)
        expect(content.headers.get('content-type')).toBe('image/jpeg')
        expect(Buffer.from(await content.arrayBuffer())).toEqual(jpeg)
        const thumbnail = await raw(`${base}/media/${id}/thumbnail`)
        expect(thumbnail.status).toBe(200)
        expect(thumbnail.headers.get('content-type')).toBe('image/webp')
        const preview = Buffer.from(await thumbnail.arrayBuffer())
        expect(preview).toEqual(thumbnailBytes)
        expect(await sharp(preview).metadata()).toMatchObject({ width: 400, height: 300 })

        const deleted = await owner.delete(`${base}/media/${id}`)
        expect(deleted.status).toBe(204)
        expect(await storedBytes(row.path)).toBeUndefined()
        expect(await storedBytes(row.thumbnail_path ?? '')).toBeUndefined()
        expect((await owner.get(`${base}/media/${id}/content`)).status).toBe(404)
      })

      test('bytes gone from the store: the API says 404, publishing names the media', async () => {
        await setUp()
        const mediaId = await w.upload(jpeg, 'A loaf')
        const row = await w.murmur.db
          .selectFrom('media')
          .select(['path'])
          .where('id', '=', mediaId)
          .executeTakeFirstOrThrow()
        if (settings) await new S3MediaStore(settings).delete(row.path)
        else (await import('node:fs')).rmSync(join(w.t.dataDir, row.path))
        const content = await owner.get(`${base}/media/${mediaId}/content`)
        expect(content.status).toBe(404)
        expect(content.body.error.message).toMatch(/file of media/)
        const url = publicMediaUrl(w.murmur, { workspaceId: w.workspaceId, mediaId })
        expect((await raw(url.replace(PUBLIC_URL, ''))).status).toBe(404)
      })

      test('an Instagram image post publishes with the image served from /m/ out of the store', async () => {
        await setUp()
        const app = apiFor(w.murmur).app
        installNetworkSettings(w.murmur, {
          instagram: {
            graphUrl: instagram.url,
            tokenUrl: `${instagram.url}/oauth/access_token`,
            authorizeUrl: `${instagram.url}/oauth/authorize`,
            containerPolling: { intervalMs: 5, timeoutMs: 2000 },
            usageGate: new MetaUsageGate(),
            tokenManager: new OAuthTokenManager(),
          },
        })
        // Meta's servers reach MURMUR_PUBLIC_URL: here, this Murmur's own app.
        instagram.internet.route(PUBLIC_URL, (request) => app.fetch(request))
        const credentials = newInstagramChannel(instagram)
        const channel = await w.connect('instagram', {
          accountId: credentials.userId,
          handle: credentials.username,
          credentials: { ...credentials },
        })
        const mediaId = await w.upload(jpeg, 'A loaf')
        const url = publicMediaUrl(w.murmur, { workspaceId: w.workspaceId, mediaId })
        const head = await app.request(url.replace(PUBLIC_URL, ''), { method: 'HEAD' })
        expect(head.status).toBe(200)
        expect(head.headers.get('content-length')).toBe(String(jpeg.byteLength))

        const delivery = await w.publish(channel.id, {
          parts: [
            { text: `Fresh from ${storage}`, media: [{ media_id: mediaId, alt_text: null }] },
          ],
          first_comment: null,
        })
        expect(delivery.state, delivery.last_error ?? '').toBe('published')
        const [remote] = JSON.parse(delivery.remote_parts) as Array<{ id: string }>
        const posted = instagram.state.media.get(remote?.id ?? '')
        expect(posted?.caption).toBe(`Fresh from ${storage}`)
        expect(Buffer.from(posted?.images[0]?.bytes ?? [])).toEqual(jpeg)
      })
    })
  }

  describe(`${dialect}: S3 trouble is a clear error`, () => {
    let w: NetworkWorld | undefined
    afterEach(async () => {
      await w?.t.cleanup()
      w = undefined
    })

    async function uploadWith(settings: MediaS3Settings) {
      w = await createNetworkWorld(dialect, { config: s3Config(settings) })
      const owner = await w.owner()
      const base = `/api/v1/workspaces/${w.workspaceId}`
      const answer = await owner.post(`${base}/media`, { data_base64: jpeg.toString('base64') })
      // Nothing half-saved: the library stays empty.
      expect((await owner.get(`${base}/media`)).body.data).toEqual([])
      await w.t.cleanup()
      w = undefined
      return answer
    }

    test('a missing bucket, an unknown key, a wrong secret: 503 saying what to fix', async () => {
      const noBucket = await uploadWith(s3.settings({ MURMUR_MEDIA_S3_BUCKET: 'no-such-bucket' }))
      expect(noBucket.status).toBe(503)
      expect(noBucket.body.error.code).toBe('unavailable')
      expect(noBucket.body.error.message).toMatch(/bucket "no-such-bucket".*does not exist/)
      expect(noBucket.body.error.details).toMatchObject({ s3_code: 'NoSuchBucket' })

      const unknownKey = await uploadWith(
        s3.settings({ MURMUR_MEDIA_S3_ACCESS_KEY_ID: 'NOT-A-KEY' }),
      )
      expect(unknownKey.status).toBe(503)
      expect(unknownKey.body.error.message).toMatch(/refused the credentials/)
      expect(unknownKey.body.error.details).toMatchObject({ s3_code: 'InvalidAccessKeyId' })

      // s3rver does not check V4 signatures, so a wrong secret is answered here the way AWS
      // answers it (403 SignatureDoesNotMatch, its XML error document).
      const secret = 'wrong-secret-never-shown'
      const strict = createServer((request, response) => {
        request.resume()
        response.writeHead(403, { 'content-type': 'application/xml' })
        response.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error>',
        )
      })
      await new Promise<void>((resolve) => strict.listen(0, '127.0.0.1', resolve))
      try {
        const { port } = strict.address() as AddressInfo
        const wrongSecret = await uploadWith(
          s3.settings({
            MURMUR_MEDIA_S3_ENDPOINT: `http://127.0.0.1:${port}`,
            MURMUR_MEDIA_S3_SECRET_ACCESS_KEY: secret,
          }),
        )
        expect(wrongSecret.status).toBe(503)
        expect(wrongSecret.body.error.message).toMatch(/refused the credentials/)
        expect(wrongSecret.body.error.details).toMatchObject({
          s3_code: 'SignatureDoesNotMatch',
        })
        expect(wrongSecret.text).not.toContain(secret)
      } finally {
        strict.close()
      }
      // Nor does the secret show when the settings are logged or serialised.
      const settings = s3.settings({ MURMUR_MEDIA_S3_SECRET_ACCESS_KEY: secret })
      expect(settings.secretAccessKey).toBe(secret)
      expect(JSON.stringify(settings)).not.toContain(secret)
      expect(inspect(settings)).not.toContain(secret)
    })

    test('S3 out of reach: reads answer 503, publishing sends nothing and retries later', async () => {
      const doomed = await startTestS3('doomed-media')
      const settings = doomed.settings()
      w = await createNetworkWorld(dialect, { config: s3Config(settings) })
      const owner = await w.owner()
      const base = `/api/v1/workspaces/${w.workspaceId}`
      const mediaId = await w.upload(jpeg, 'A loaf')
      const credentials = newInstagramChannel(instagram)
      const channel = await w.connect('instagram', {
        accountId: credentials.userId,
        handle: credentials.username,
        credentials: { ...credentials },
      })
      const content = {
        parts: [{ text: 'Not today', media: [{ media_id: mediaId, alt_text: null }] }],
        first_comment: null,
      }
      const post = await createPost(
        w.murmur,
        w.scope,
        { content, channels: [{ channel_id: channel.id }] },
        { createdBy: w.userId, when: { type: 'at', at: w.clock.now + 60_000 } },
      )
      const spare = await w.upload(jpeg, 'Unused')
      await doomed.close()

      const read = await owner.get(`${base}/media/${mediaId}/content`)
      expect(read.status).toBe(503)
      expect(read.body.error.message).toMatch(
        new RegExp(`S3 endpoint ${settings.endpoint} could not be reached`),
      )
      const url = publicMediaUrl(w.murmur, { workspaceId: w.workspaceId, mediaId })
      const app = apiFor(w.murmur).app
      expect((await app.request(url.replace(PUBLIC_URL, ''))).status).toBe(503)
      // Deleting keeps the media when its bytes cannot be deleted.
      const refused = await owner.delete(`${base}/media/${spare}`)
      expect(refused.status).toBe(503)
      expect(refused.body.error.code).toBe('unavailable')
      expect((await owner.get(`${base}/media/${spare}`)).status).toBe(200)

      // A new post cannot be checked either: 503, not "fix your post".
      const another = await owner.post(`${base}/posts`, {
        content,
        channels: [{ channel_id: channel.id }],
        schedule: { type: 'now' },
      })
      expect(another.status, another.text).toBe(503)

      const postsBefore = instagram.state.media.size
      w.clock.advance(60_000)
      const scheduler = new Scheduler(w.murmur, { random: () => 0.5, tickMs: 20 })
      try {
        await scheduler.drain()
      } finally {
        await scheduler.stop()
      }
      const delivery = await w.murmur.db
        .selectFrom('deliveries')
        .selectAll()
        .where('id', '=', post.deliveries[0]?.id ?? '')
        .executeTakeFirstOrThrow()
      expect(delivery.state).toBe('scheduled')
      expect(delivery.next_attempt_at).toBeGreaterThan(w.clock.now)
      expect(delivery.last_error_kind).toBe('retryable')
      expect(delivery.last_error).toMatch(/could not be reached.*Nothing was sent\. Trying again/)
      expect(instagram.state.media.size).toBe(postsBefore)
    })
  })
}
