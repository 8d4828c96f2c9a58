import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Scheduler } from '../../src/jobs/scheduler.js'
import { createUser } from '../../src/services/accounts.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'
import type { FakeNetwork } from './fake-network.js'
import { fakeNetworkOf, PIXEL_PNG_BASE64 } from './fixtures.js'
import { Clock } from './world.js'

const HANDLE = 'cornerbakery.bsky.social'
const APP_PASSWORD = 'abcd-efgh-ijkl-mnop'
/** Saturday 24 October 2026, 10:00 in Paris (summer time ends the next night). */
const SATURDAY = Date.UTC(2026, 9, 24, 8, 0)

const content = (text: string, extra: Record<string, unknown> = {}) => ({
  parts: [{ text, media: [] }],
  ...extra,
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: publishing API`, () => {
    let t: TestMurmur
    let clock: Clock
    let fake: FakeNetwork
    let owner: ApiClient
    let viewer: ApiClient
    let editor: ApiClient
    let base: string
    let channelId: string
    let api: ReturnType<typeof apiFor>

    beforeAll(async () => {
      clock = new Clock(SATURDAY)
      t = await createTestMurmur(dialect, { mediaMaxBytes: 200_000 }, { now: () => clock.now })
      api = apiFor(t.murmur)
      fake = fakeNetworkOf(t.murmur)
      fake.addAccount(HANDLE, APP_PASSWORD)
      const setUp = await setUpOwner(api)
      owner = setUp.owner
      base = `/api/v1/workspaces/${setUp.workspace.id}`
      const keyFor = async (role: string) => {
        const client = api.client()
        client.bearer = (await owner.post(`${base}/api-keys`, { name: role, role })).body.key
        return client
      }
      viewer = await keyFor('viewer')
      editor = await keyFor('editor')
      // This suite is about publishing; editors waiting for approval is test/workflow's.
      await owner.request('PUT', `${base}/approval-settings`, { roles: [] })
    })
    afterAll(() => t.cleanup())

    test('connecting Bluesky: admins only, wrong passwords explained, credentials sealed', async () => {
      const denied = await editor.post(`${base}/channels/bluesky`, {
        handle: HANDLE,
        app_password: APP_PASSWORD,
      })
      expect(denied.status).toBe(403)

      const wrong = await owner.post(`${base}/channels/bluesky`, {
        handle: HANDLE,
        app_password: 'nope-nope-nope-nope',
      })
      expect(wrong.status).toBe(400)
      expect(wrong.body.error.message).toContain('wrong handle, email or app password')

      const missing = await owner.post(`${base}/channels/bluesky`, { handle: HANDLE })
      expect(missing.status).toBe(400)
      expect(missing.body.error.details).toEqual([
        { path: 'app_password', message: expect.any(String) },
      ])

      const connected = await owner.post(`${base}/channels/bluesky`, {
        handle: `@${HANDLE}`,
        app_password: APP_PASSWORD,
      })
      expect(connected.status).toBe(201)
      expect(connected.body).toMatchObject({
        network: 'bluesky',
        handle: HANDLE,
        status: 'active',
        status_reason: null,
      })
      expect(connected.body).not.toHaveProperty('credentials')
      channelId = connected.body.id

      const again = await owner.post(`${base}/channels/bluesky`, {
        handle: HANDLE,
        app_password: APP_PASSWORD,
      })
      expect(again.status).toBe(200)
      expect(again.body.id).toBe(channelId)

      const row = await t.murmur.db
        .selectFrom('channels')
        .selectAll()
        .where('id', '=', channelId)
        .executeTakeFirstOrThrow()
      expect(row.credentials).toMatch(/^v1\./)
      expect(JSON.stringify(row)).not.toMatch(/tok_|abcd-efgh/)

      const list = await viewer.get(`${base}/channels`)
      expect(list.status).toBe(200)
      expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([channelId])
    })

    test('validate: each network’s problems naming the channel, and exact counters', async () => {
      const family = '👨‍👩‍👧‍👦'
      const response = await viewer.post(`${base}/posts/validate`, {
        content: content(`${'a'.repeat(300)}${family}`, { first_comment: family }),
        channels: [{ channel_id: channelId }],
      })
      expect(response.status).toBe(200)
      expect(response.body.ok).toBe(false)
      const [check] = response.body.channels
      expect(check.channel).toBe(`Bluesky @${HANDLE}`)
      expect(check.counters).toEqual([
        { part: 1, first_comment: false, length: 301, max: 300, counted_as: 'graphemes' },
        { part: null, first_comment: true, length: 1, max: 300, counted_as: 'graphemes' },
      ])
      expect(check.problems).toEqual([
        expect.objectContaining({
          severity: 'error',
          code: 'text_too_long',
          message: `Bluesky @${HANDLE}: text is 301 / 300 characters`,
        }),
      ])

      const unknown = await viewer.post(`${base}/posts/validate`, {
        content: content('Hello'),
        channels: [{ channel_id: 'ch_nope' }],
      })
      expect(unknown.status).toBe(400)
      expect(unknown.body.error.message).toContain('Unknown channel: ch_nope')
    })

    test('scheduling refuses bad input with clear 4xx, and writes nothing', async () => {
      const count = async () =>
        Number(
          (
            await t.murmur.db
              .selectFrom('posts')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
      const before = await count()
      const tooLong = await editor.post(`${base}/posts`, {
        content: content('x'.repeat(301)),
        channels: [{ channel_id: channelId }],
        schedule: { type: 'now' },
      })
      expect(tooLong.status).toBe(400)
      expect(tooLong.body.error.code).toBe('validation_failed')
      expect(tooLong.body.error.message).toContain(`Bluesky @${HANDLE}: text is 301 / 300`)
      expect(tooLong.body.error.details.channels[0].problems[0].code).toBe('text_too_long')

      const past = await editor.post(`${base}/posts`, {
        content: content('Yesterday'),
        channels: [{ channel_id: channelId }],
        schedule: { type: 'at', at: '2026-10-23T09:00:00+02:00' },
      })
      expect(past.status).toBe(400)
      expect(past.body.error.message).toContain('is in the past')

      const noOffset = await editor.post(`${base}/posts`, {
        content: content('Naive time'),
        channels: [{ channel_id: channelId }],
        schedule: { type: 'at', at: '2026-12-01T09:30:00' },
      })
      expect(noOffset.status).toBe(400)
      expect(noOffset.body.error.message).toContain('ISO 8601 time with its offset')

      const noQueue = await editor.post(`${base}/posts`, {
        content: content('Queue me'),
        channels: [{ channel_id: channelId }],
        schedule: { type: 'queue' },
      })
      expect(noQueue.status).toBe(400)
      expect(noQueue.body.error.message).toContain(`Bluesky @${HANDLE} has no free queue slot`)

      const unknownMedia = await editor.post(`${base}/posts`, {
        content: { parts: [{ text: 'Pic', media: [{ media_id: 'med_nope' }] }] },
        channels: [{ channel_id: channelId }],
      })
      expect(unknownMedia.status).toBe(400)
      expect(unknownMedia.body.error.message).toContain('Unknown media: med_nope')

      const viewerWrite = await viewer.post(`${base}/posts`, {
        content: content('Viewer'),
        channels: [{ channel_id: channelId }],
      })
      expect(viewerWrite.status).toBe(403)
      expect(await count()).toBe(before)
    })

    test('media: JSON and multipart uploads, type from the bytes, limits, thumbnails', async () => {
      const json = await editor.post(`${base}/media`, {
        data_base64: PIXEL_PNG_BASE64,
        file_name: 'pixel.png',
        alt_text: 'One pixel',
      })
      expect(json.status).toBe(201)
      expect(json.body).toMatchObject({ mime_type: 'image/png', width: 1, height: 1 })
      const file = await editor.get(json.body.url)
      expect(file.status).toBe(200)
      expect(file.headers.get('content-type')).toBe('image/png')
      expect((await editor.get(json.body.thumbnail_url)).headers.get('content-type')).toBe(
        'image/webp',
      )

      const jpeg = await sharp({
        create: { width: 64, height: 48, channels: 3, background: '#c08040' },
      })
        .jpeg()
        .toBuffer()
      const form = new FormData()
      // Named .png and sent as PNG: Murmur believes the bytes.
      form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/png' }), 'lying.png')
      form.append('alt_text', 'A warm brown rectangle')
      const multipart = await api.app.request(`${base}/media`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${editor.bearer}` },
      })
      expect(multipart.status).toBe(201)
      expect(await multipart.json()).toMatchObject({
        mime_type: 'image/jpeg',
        width: 64,
        height: 48,
        alt_text: 'A warm brown rectangle',
      })

      // A retried upload with the same Idempotency-Key (and a new multipart boundary) is one upload.
      const upload = async () => {
        const retried = new FormData()
        retried.append('file', new Blob([new Uint8Array(jpeg)]), 'retried.jpg')
        const response = await api.app.request(`${base}/media`, {
          method: 'POST',
          body: retried,
          headers: { authorization: `Bearer ${editor.bearer}`, 'idempotency-key': 'upload-1' },
        })
        return { status: response.status, body: (await response.json()) as { id: string } }
      }
      const first = await upload()
      const second = await upload()
      expect(first).toMatchObject({ status: 201, body: { mime_type: 'image/jpeg', width: 64 } })
      expect(second.body.id).toBe(first.body.id)

      const text = await editor.post(`${base}/media`, {
        data_base64: Buffer.from('just some text, not an image').toString('base64'),
      })
      expect(text.status).toBe(415)
      expect(text.body.error.message).toContain('Only JPEG, PNG, GIF and WebP images')

      const big = await sharp({
        create: { width: 1200, height: 1200, channels: 3, background: '#000' },
      })
        .png({ compressionLevel: 0 })
        .toBuffer()
      const tooBig = await editor.post(`${base}/media`, { data_base64: big.toString('base64') })
      expect(tooBig.status).toBe(413)
      expect(tooBig.body.error.message).toContain('MURMUR_MEDIA_MAX_BYTES')

      // The API's own 1 MiB limit does not apply to uploads; it still applies elsewhere.
      const bigJson = await editor.post(`${base}/posts/validate`, {
        content: content('x'.repeat(20_000)),
        channels: Array.from({ length: 50 }, () => ({
          channel_id: channelId,
          pad: 'y'.repeat(25_000),
        })),
      })
      expect(bigJson.status).toBe(413)

      const viewerUpload = await viewer.post(`${base}/media`, { data_base64: PIXEL_PNG_BASE64 })
      expect(viewerUpload.status).toBe(403)
    })

    test('a post’s life: draft, variants, schedule with offset, queue, edit, publish, locked edits', async () => {
      const media = (
        await editor.post(`${base}/media`, { data_base64: PIXEL_PNG_BASE64, alt_text: 'Pixel' })
      ).body
      const created = await editor.post(
        `${base}/posts`,
        {
          content: {
            parts: [
              { text: 'Croissant day 1/2', media: [{ media_id: media.id }] },
              { text: 'Croissant day 2/2', media: [] },
            ],
            first_comment: 'Pre-order at the counter',
          },
          channels: [{ channel_id: channelId }],
          labels: ['bakery', 'bakery', ' weekend '],
          campaign: 'Autumn',
        },
        { 'idempotency-key': 'create-croissant-day' },
      )
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({
        state: 'draft',
        labels: ['bakery', 'weekend'],
        campaign: 'Autumn',
        content: { first_comment: 'Pre-order at the counter' },
      })
      expect(created.body.checks[0].ok).toBe(true)
      const postId = created.body.id
      const deliveryId = created.body.deliveries[0].id

      const replay = await editor.post(
        `${base}/posts`,
        {
          content: {
            parts: [
              { text: 'Croissant day 1/2', media: [{ media_id: media.id }] },
              { text: 'Croissant day 2/2', media: [] },
            ],
            first_comment: 'Pre-order at the counter',
          },
          channels: [{ channel_id: channelId }],
          labels: ['bakery', 'bakery', ' weekend '],
          campaign: 'Autumn',
        },
        { 'idempotency-key': 'create-croissant-day' },
      )
      expect(replay.body.id).toBe(postId)

      const scheduled = await editor.post(`${base}/posts/${postId}/schedule`, {
        when: { type: 'at', at: '2026-10-26T09:30:00+01:00' },
      })
      expect(scheduled.status).toBe(200)
      expect(scheduled.body.deliveries[0]).toMatchObject({
        state: 'scheduled',
        scheduled_at: '2026-10-26T08:30:00.000Z',
        via_queue: false,
      })

      // A channel-specific version, while still scheduled: fine.
      const variant = await editor.patch(`${base}/posts/${postId}`, {
        channels: [{ channel_id: channelId, content: content('Bluesky only: croissants!') }],
      })
      expect(variant.status).toBe(200)
      expect(variant.body.deliveries[0].content.parts[0].text).toBe('Bluesky only: croissants!')
      const tooLongEdit = await editor.patch(`${base}/posts/${postId}`, {
        channels: [{ channel_id: channelId, content: content('y'.repeat(400)) }],
      })
      expect(tooLongEdit.status).toBe(400)
      expect(tooLongEdit.body.error.message).toContain('400 / 300')

      const back = await editor.post(`${base}/posts/${postId}/unschedule`, {})
      expect(back.body.deliveries[0].state).toBe('draft')
      await editor.patch(`${base}/posts/${postId}`, {
        channels: [{ channel_id: channelId, content: null }],
      })

      const now = await editor.post(`${base}/posts/${postId}/schedule`, { when: { type: 'now' } })
      expect(now.body.deliveries[0].state).toBe('scheduled')
      const scheduler = new Scheduler(t.murmur, { random: () => 0.5 }, fake.asNetworks())
      await scheduler.drain()
      await scheduler.stop()

      const published = await viewer.get(`${base}/posts/${postId}`)
      expect(published.body.state).toBe('published')
      const delivery = published.body.deliveries[0]
      expect(delivery.url).toMatch(
        /^https:\/\/bsky\.app\/profile\/cornerbakery\.bsky\.social\/post\//,
      )
      expect(delivery.remote.parts).toHaveLength(2)
      expect(delivery.remote.first_comment.url).toMatch(/^https:\/\//)
      const [first] = delivery.remote.parts
      expect(fake.posts.get(first.id)).toMatchObject({
        text: 'Croissant day 1/2',
        mediaCount: 1,
        altTexts: ['Pixel'],
      })

      const locked = await editor.patch(`${base}/posts/${postId}`, {
        content: content('Too late to change'),
      })
      expect(locked.status).toBe(409)
      expect(locked.body.error.message).toContain('already published this post')
      const labels = await editor.patch(`${base}/posts/${postId}`, { labels: ['archive'] })
      expect(labels.status).toBe(200)
      expect(labels.body.labels).toEqual(['archive'])
      const inUse = await editor.delete(`${base}/media/${media.id}`)
      expect(inUse.status).toBe(409)
      expect(inUse.body.error.details.post_ids).toEqual([postId])

      // Deleting removes it from Bluesky too, last part first.
      const gone = await editor.delete(`${base}/posts/${postId}`)
      expect(gone.status).toBe(204)
      expect(fake.posts.has(first.id)).toBe(false)
      expect((await viewer.get(`${base}/posts/${postId}`)).status).toBe(404)
      expect(deliveryId).toMatch(/^dlv_/)
    })

    test('add to queue: next free slot in the workspace’s zone, right across the DST change', async () => {
      const slots = await editor.request('PUT', `${base}/channels/${channelId}/slots`, {
        slots: [
          { weekday: 'mon', time: '09:30' },
          { weekday: 'sat', time: '09:00' },
        ],
      })
      expect(slots.status).toBe(200)
      expect(slots.body.time_zone).toBe('Europe/Paris')
      // Saturday 10:00 in Paris: today's 09:00 is gone; Monday 09:30 is after summer time ended.
      expect(slots.body.next_free.slice(0, 3)).toEqual([
        '2026-10-26T08:30:00.000Z',
        '2026-10-31T08:00:00.000Z',
        '2026-11-02T08:30:00.000Z',
      ])
      const queued = []
      for (const text of ['Queued one', 'Queued two']) {
        const response = await editor.post(`${base}/posts`, {
          content: content(text),
          channels: [{ channel_id: channelId }],
          schedule: { type: 'queue' },
        })
        expect(response.status).toBe(201)
        queued.push(response.body.deliveries[0])
      }
      expect(queued.map((d) => [d.scheduled_at, d.via_queue])).toEqual([
        ['2026-10-26T08:30:00.000Z', true],
        ['2026-10-31T08:00:00.000Z', true],
      ])
      const badSlot = await editor.request('PUT', `${base}/channels/${channelId}/slots`, {
        slots: [{ weekday: 'funday', time: '25:00' }],
      })
      expect(badSlot.status).toBe(400)
    })

    test('the calendar list: time range, state and channel filters, cursor pages', async () => {
      const month = await viewer.get(
        `${base}/posts?from=2026-10-26T00:00:00%2B01:00&to=2026-11-01T00:00:00%2B01:00&state=scheduled&limit=1`,
      )
      expect(month.status).toBe(200)
      expect(month.body.data).toHaveLength(1)
      expect(month.body.data[0].content.parts[0].text).toBe('Queued one')
      const next = await viewer.get(
        `${base}/posts?from=2026-10-26T00:00:00%2B01:00&to=2026-11-01T00:00:00%2B01:00&state=scheduled&limit=1&cursor=${month.body.next_cursor}`,
      )
      expect(
        next.body.data.map(
          (p: { content: { parts: { text: string }[] } }) => p.content.parts[0]?.text,
        ),
      ).toEqual(['Queued two'])
      expect(next.body.next_cursor).toBeNull()
      const other = await viewer.get(`${base}/posts?channel_id=ch_other`)
      expect(other.body.data).toEqual([])
      const badCursor = await viewer.get(`${base}/posts?cursor=nonsense`)
      expect(badCursor.status).toBe(400)
      const badRange = await viewer.get(
        `${base}/posts?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z`,
      )
      expect(badRange.status).toBe(400)
    })

    test('failed and unconfirmed deliveries: retry, confirm, dismiss; reconnect after revoke', async () => {
      fake.revoke(
        (await t.murmur.db.selectFrom('channels').select('account_id').executeTakeFirstOrThrow())
          .account_id,
      )
      const post = (
        await editor.post(`${base}/posts`, {
          content: content('After the revoke'),
          channels: [{ channel_id: channelId }],
          schedule: { type: 'now' },
        })
      ).body
      const scheduler = new Scheduler(t.murmur, { random: () => 0.5 }, fake.asNetworks())
      await scheduler.drain()
      const failed = (await viewer.get(`${base}/posts/${post.id}`)).body
      expect(failed.state).toBe('failed')
      expect(failed.deliveries[0].error).toMatchObject({ kind: 'auth_expired' })
      const channel = (await viewer.get(`${base}/channels/${channelId}`)).body
      expect(channel.status).toBe('needs_reconnect')
      const status = (await viewer.get(`${base}/publishing-status`)).body
      expect(status.channels_needing_reconnect).toEqual([
        expect.objectContaining({ channel_id: channelId, handle: HANDLE }),
      ])
      expect(status.failed).toBeGreaterThanOrEqual(1)

      const deliveryPath = `${base}/posts/${post.id}/deliveries/${failed.deliveries[0].id}`
      const tooSoon = await editor.post(`${deliveryPath}/retry`)
      expect(tooSoon.status).toBe(409)
      expect(tooSoon.body.error.message).toContain(
        'Reconnect Bluesky @cornerbakery.bsky.social first',
      )

      fake.addAccount('someone-else.bsky.social', 'othe-rpas-swor-d000')
      const wrongAccount = await owner.post(`${base}/channels/${channelId}/reconnect`, {
        handle: 'someone-else.bsky.social',
        app_password: 'othe-rpas-swor-d000',
      })
      expect(wrongAccount.status).toBe(400)
      expect(wrongAccount.body.error.message).toContain('not to Bluesky @cornerbakery.bsky.social')
      const reconnected = await owner.post(`${base}/channels/${channelId}/reconnect`, {
        app_password: APP_PASSWORD,
      })
      expect(reconnected.body).toMatchObject({ status: 'active', status_reason: null })

      const retried = await editor.post(`${deliveryPath}/retry`)
      expect(retried.body.deliveries[0]).toMatchObject({ state: 'scheduled', attempts: 0 })
      await scheduler.drain()
      expect((await viewer.get(`${base}/posts/${post.id}`)).body.state).toBe('published')

      // Unconfirmed: a person settles it either way.
      fake.failNext({ kind: 'outcome_unknown' }, { kind: 'outcome_unknown' })
      const lost = []
      for (const text of ['Lost once', 'Lost twice']) {
        lost.push(
          (
            await editor.post(`${base}/posts`, {
              content: content(text),
              channels: [{ channel_id: channelId }],
              schedule: { type: 'now' },
            })
          ).body,
        )
      }
      await scheduler.drain()
      await scheduler.stop()
      const [one, two] = await Promise.all(
        lost.map(async (p) => (await viewer.get(`${base}/posts/${p.id}`)).body),
      )
      expect([one.state, two.state]).toEqual(['unconfirmed', 'unconfirmed'])
      const confirm = await editor.post(
        `${base}/posts/${one.id}/deliveries/${one.deliveries[0].id}/confirm`,
        { url: 'https://bsky.app/profile/cornerbakery.bsky.social/post/found' },
      )
      expect(confirm.body.deliveries[0]).toMatchObject({
        state: 'published',
        url: 'https://bsky.app/profile/cornerbakery.bsky.social/post/found',
      })
      const dismiss = await editor.post(
        `${base}/posts/${two.id}/deliveries/${two.deliveries[0].id}/dismiss`,
      )
      expect(dismiss.body.deliveries[0]).toMatchObject({
        state: 'failed',
        error: { kind: 'manual' },
      })
      const confirmAgain = await editor.post(
        `${base}/posts/${one.id}/deliveries/${one.deliveries[0].id}/confirm`,
        {},
      )
      expect(confirmAgain.status).toBe(409)
    })

    test('another workspace sees none of it, and cannot change it', async () => {
      const user = await createUser(t.murmur, {
        email: 'mallory@elsewhere.example',
        password: 'correct horse battery',
      })
      const other = await createWorkspace(t.murmur, {
        name: 'Elsewhere',
        timeZone: 'UTC',
        ownerId: user.id,
      })
      const mallory = api.client()
      await mallory.post('/api/v1/session', {
        email: 'mallory@elsewhere.example',
        password: 'correct horse battery',
      })
      const theirs = `/api/v1/workspaces/${other.id}`
      const post = (await viewer.get(`${base}/posts?limit=1`)).body.data[0]
      const media = (await viewer.get(`${base}/media?limit=1`)).body.data[0]
      const snapshot = async () =>
        JSON.stringify(
          await Promise.all(
            (['channels', 'posts', 'deliveries', 'post_parts', 'media', 'slots'] as const).map(
              (table) =>
                t.murmur.db.selectFrom(table).selectAll().orderBy('workspace_id').execute(),
            ),
          ),
        )
      const before = await snapshot()
      const attempts: Array<[string, string, unknown?]> = [
        ['GET', `${theirs}/channels/${channelId}`],
        ['DELETE', `${theirs}/channels/${channelId}`],
        ['PUT', `${theirs}/channels/${channelId}/slots`, { slots: [] }],
        ['GET', `${theirs}/posts/${post.id}`],
        ['PATCH', `${theirs}/posts/${post.id}`, { labels: ['stolen'] }],
        ['DELETE', `${theirs}/posts/${post.id}`],
        ['POST', `${theirs}/posts/${post.id}/schedule`, { when: { type: 'now' } }],
        ['POST', `${theirs}/posts/${post.id}/deliveries/${post.deliveries[0].id}/retry`],
        ['GET', `${theirs}/media/${media.id}/content`],
        ['DELETE', `${theirs}/media/${media.id}`],
      ]
      for (const [method, path, body] of attempts) {
        const response = await mallory.request(method, path, body)
        expect(response.status, `${method} ${path}`).toBe(404)
      }
      const own = await mallory.post(`${theirs}/posts`, {
        content: content('Using their channel'),
        channels: [{ channel_id: channelId }],
      })
      expect(own.status).toBe(400)
      expect(own.body.error.message).toContain('Unknown channel')
      const ownMedia = await mallory.post(`${theirs}/posts/validate`, {
        content: { parts: [{ text: 'x', media: [{ media_id: media.id }] }] },
        channels: [{ channel_id: channelId }],
      })
      expect(ownMedia.status).toBe(400)
      expect((await mallory.get(`${theirs}/posts`)).body.data).toEqual([])
      expect((await mallory.get(`${theirs}/channels`)).body.data).toEqual([])
      expect(await snapshot()).toBe(before)
    })
  })
}
