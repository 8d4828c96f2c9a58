import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Scheduler } from '../../src/jobs/scheduler.js'
import {
  getPostRecord,
  LOCAL_BLUESKY_HOSTS,
  type LocalBluesky,
  startLocalBluesky,
  type TestAccount,
} from '../networks/support/local-bluesky.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'

/**
 * The whole publishing path with nothing faked: a channel connected through the API with an app
 * password, a thread with an image scheduled through the API, the scheduler publishing through
 * the real Bluesky adapter to a real local PDS, records read back from the PDS, then deleted.
 */
let local: LocalBluesky

beforeAll(async () => {
  local = await startLocalBluesky()
}, 90_000)

afterAll(async () => {
  await local?.close()
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: publishing to a real local Bluesky`, () => {
    let t: TestMurmur
    let owner: ApiClient
    let base: string
    let account: TestAccount

    beforeAll(async () => {
      t = await createTestMurmur(dialect, { allowPrivateNetworkHosts: LOCAL_BLUESKY_HOSTS })
      const setUp = await setUpOwner(apiFor(t.murmur))
      owner = setUp.owner
      base = `/api/v1/workspaces/${setUp.workspace.id}`
      account = await local.createAccount(`bakery${dialect}`)
    })
    afterAll(() => t.cleanup())

    test('connect, schedule a thread with an image, publish, read back, delete', async () => {
      const connected = await owner.post(`${base}/channels/bluesky`, {
        handle: account.handle,
        app_password: account.appPassword,
        service_url: local.url,
      })
      expect(connected.status, connected.text).toBe(201)
      expect(connected.body).toMatchObject({ account_id: account.did, status: 'active' })
      const channelId = connected.body.id

      const png = await sharp({
        create: { width: 40, height: 30, channels: 3, background: '#d2691e' },
      })
        .png()
        .toBuffer()
      const media = await owner.post(`${base}/media`, {
        data_base64: png.toString('base64'),
        alt_text: 'A tray of croissants',
      })
      expect(media.status).toBe(201)

      const created = await owner.post(`${base}/posts`, {
        content: {
          parts: [
            {
              text: 'Croissants are out 🥐 https://cornerbakery.example/menu #bakery',
              media: [{ media_id: media.body.id }],
            },
            { text: 'Open until noon today.', media: [] },
          ],
          first_comment: 'Pre-order at the counter',
        },
        channels: [{ channel_id: channelId }],
        schedule: { type: 'now' },
      })
      expect(created.status, created.text).toBe(201)
      const postId = created.body.id

      const scheduler = new Scheduler(t.murmur, { tickMs: 50 })
      await scheduler.drain()
      await scheduler.stop()

      const post = (await owner.get(`${base}/posts/${postId}`)).body
      const delivery = post.deliveries[0]
      expect(delivery.state, JSON.stringify(delivery.error)).toBe('published')
      expect(delivery.remote.parts).toHaveLength(2)
      const [first, second] = delivery.remote.parts as Array<{ id: string; url: string }>
      expect(first?.url).toMatch(/^https:\/\/bsky\.app\/profile\//)

      const one = await getPostRecord(local.url, first?.id ?? '')
      expect(one?.text).toBe('Croissants are out 🥐 https://cornerbakery.example/menu #bakery')
      const features = (one?.facets ?? []).flatMap((facet) => facet.features)
      expect(features).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ uri: 'https://cornerbakery.example/menu' }),
          expect.objectContaining({ tag: 'bakery' }),
        ]),
      )
      expect(one?.embed?.images?.map((image) => image.alt)).toEqual(['A tray of croissants'])
      const two = await getPostRecord(local.url, second?.id ?? '')
      expect(two?.reply).toMatchObject({
        root: { uri: first?.id },
        parent: { uri: first?.id },
      })
      const comment = await getPostRecord(local.url, delivery.remote.first_comment.id)
      expect(comment).toMatchObject({
        text: 'Pre-order at the counter',
        reply: { root: { uri: first?.id }, parent: { uri: second?.id } },
      })

      // Credentials rotated or not, the stored ones are sealed.
      const row = await t.murmur.db
        .selectFrom('channels')
        .select('credentials')
        .where('id', '=', channelId)
        .executeTakeFirstOrThrow()
      expect(row.credentials).toMatch(/^v1\./)
      expect(row.credentials).not.toContain(account.did)

      const deleted = await owner.delete(`${base}/posts/${postId}`)
      expect(deleted.status, deleted.text).toBe(204)
      expect(await getPostRecord(local.url, first?.id ?? '')).toBeNull()
      expect(await getPostRecord(local.url, second?.id ?? '')).toBeNull()
    })

    test('a wrong app password is refused with Bluesky’s reason', async () => {
      const refused = await owner.post(`${base}/channels/bluesky`, {
        handle: account.handle,
        app_password: 'wron-gpas-swor-dxxx',
        service_url: local.url,
      })
      expect(refused.status).toBe(400)
      expect(refused.body.error.message).toContain('wrong handle, email or app password')
    })
  })
}
