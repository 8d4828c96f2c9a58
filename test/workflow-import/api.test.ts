import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { fakeNetworkOf } from '../publishing/fixtures.js'
import { Clock } from '../publishing/world.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')
const HANDLE = 'cornerbakery.bsky.social'
const NOW = Date.UTC(2026, 10, 27, 8, 0)

/** Polls the import until it stops moving, as the web app does. */
async function untilFinished(client: ApiClient, path: string) {
  for (;;) {
    const response = await client.get(path)
    if (response.body.status !== 'importing') return response
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: import, export and feeds over the API`, () => {
    let t: TestMurmur
    let owner: ApiClient
    let viewer: ApiClient
    let base: string
    let channelId: string

    beforeAll(async () => {
      const clock = new Clock(NOW)
      t = await createTestMurmur(dialect, { bodyLimitBytes: 64 * 1024 }, { now: () => clock.now })
      const api = apiFor(t.murmur)
      fakeNetworkOf(t.murmur).addAccount(HANDLE, 'abcd-efgh-ijkl-mnop')
      const setUp = await setUpOwner(api)
      owner = setUp.owner
      base = `/api/v1/workspaces/${setUp.workspace.id}`
      const channel = await owner.post(`${base}/channels/bluesky`, {
        handle: HANDLE,
        app_password: 'abcd-efgh-ijkl-mnop',
      })
      channelId = channel.body.id
      viewer = api.client()
      viewer.bearer = (await owner.post(`${base}/api-keys`, { name: 'v', role: 'viewer' })).body.key
    })
    afterAll(() => t.cleanup())

    test('upload, preview, confirm with bad rows left out, progress polled to the end', async () => {
      expect(
        (await viewer.post(`${base}/post-imports`, { content: fixture('good.csv') })).status,
      ).toBe(403)
      const preview = await owner.post(`${base}/post-imports`, {
        file_name: 'bad-rows.csv',
        content: fixture('bad-rows.csv'),
      })
      expect(preview.status).toBe(201)
      expect(preview.body).toMatchObject({
        status: 'ready',
        file_name: 'bad-rows.csv',
        total_rows: 13,
        good_rows: 1,
        bad_rows: 12,
        progress: { done: 0, total: 1 },
      })
      expect(preview.body.rows[0]).toMatchObject({
        row: 2,
        status: 'bad',
        problems: [expect.stringContaining('No channel')],
      })
      expect(preview.body.rows[0]).not.toHaveProperty('resolved')
      const path = `${base}/post-imports/${preview.body.id}`

      const refused = await owner.post(`${path}/confirm`, {})
      expect(refused.status).toBe(409)
      expect(refused.body.error.message).toContain(
        'import the 1 good row without them (skip_bad_rows)',
      )
      const started = await owner.post(`${path}/confirm`, { skip_bad_rows: true })
      expect(started.status).toBe(202)
      const finished = await untilFinished(owner, path)
      expect(finished.body).toMatchObject({
        status: 'done',
        created_posts: 1,
        progress: { done: 1, total: 1, percent: 100 },
      })
      expect((await owner.post(`${path}/confirm`, { skip_bad_rows: true })).status).toBe(409)
      const list = await owner.get(`${base}/post-imports`)
      expect(list.body.data[0]).toMatchObject({ id: preview.body.id, status: 'done' })
      expect(list.body.data[0]).not.toHaveProperty('rows')
    })

    test('files that cannot be read are 4xx with what to fix, never a 500', async () => {
      const wrong = await owner.post(`${base}/post-imports`, {
        content: fixture('wrong-columns.csv'),
      })
      expect(wrong.status).toBe(400)
      expect(wrong.body.error.message).toContain('Unknown column "schedule"')
      const quotes = await owner.post(`${base}/post-imports`, {
        content: fixture('broken-quotes.csv'),
      })
      expect(quotes.status).toBe(400)
      expect((await owner.post(`${base}/post-imports`, { content: '' })).status).toBe(400)
      expect((await owner.post(`${base}/post-imports`, { csv: 'text' })).status).toBe(400)
      expect((await owner.post(`${base}/post-imports`, '{"content": ')).status).toBe(400)
      const huge = await owner.post(`${base}/post-imports`, { content: 'x'.repeat(100 * 1024) })
      expect(huge.status).toBe(413)
      expect((await owner.get(`${base}/post-imports/imp_nope`)).status).toBe(404)
    })

    test('export as CSV and JSON, for a period', async () => {
      const preview = await owner.post(`${base}/post-imports`, { content: fixture('good.csv') })
      await owner.post(`${base}/post-imports/${preview.body.id}/confirm`, {})
      await untilFinished(owner, `${base}/post-imports/${preview.body.id}`)

      const csv = await viewer.get(
        `${base}/post-export?format=csv&from=2026-12-01T00:00:00%2B01:00&to=2026-12-02T00:00:00%2B01:00`,
      )
      expect(csv.status).toBe(200)
      expect(csv.headers.get('content-type')).toContain('text/csv')
      expect(csv.headers.get('content-disposition')).toMatch(
        /attachment; filename="posts-2026-11-27\.csv"/,
      )
      const lines = csv.text.trim().split('\r\n')
      // Sourdough (from good.csv) and the good row of bad-rows.csv, both on 1 December.
      expect(lines).toHaveLength(3)
      expect(csv.text).toContain(`bluesky:${HANDLE}=scheduled`)

      const json = await viewer.get(`${base}/post-export?format=json`)
      expect(json.status).toBe(200)
      expect(json.body.posts.length).toBeGreaterThanOrEqual(5)
      expect(json.body.posts[0].deliveries[0]).toHaveProperty('url')

      const backwards = await viewer.get(
        `${base}/post-export?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z`,
      )
      expect(backwards.status).toBe(400)
      expect((await viewer.get(`${base}/post-export?format=xml`)).status).toBe(400)
    })

    test('feeds: follow, read now (a private address is refused), edit, delete', async () => {
      const refused = await owner.post(`${base}/feeds`, {
        url: 'file:///etc/passwd',
        channel_ids: [channelId],
      })
      expect(refused.status).toBe(400)
      expect(
        (
          await viewer.post(`${base}/feeds`, {
            url: 'https://a.example/feed',
            channel_ids: [channelId],
          })
        ).status,
      ).toBe(403)

      const created = await owner.post(`${base}/feeds`, {
        url: 'http://127.0.0.1:9/feed.xml',
        channel_ids: [channelId],
        template: '{title} {link}',
      })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ mode: 'draft', paused: false, failures: 0 })
      const path = `${base}/feeds/${created.body.id}`
      const checked = await owner.post(`${path}/poll`)
      expect(checked.status).toBe(200)
      expect(checked.body).toMatchObject({ status: 'failed', post_ids: [] })
      expect(checked.body.error).toMatch(/refused: 127\.0\.0\.1/)
      expect(checked.body.feed).toMatchObject({ failures: 1 })

      const edited = await owner.patch(path, { mode: 'queue', paused: true })
      expect(edited.body).toMatchObject({ mode: 'queue', paused: true })
      const badTemplate = await owner.patch(path, { template: '{body}' })
      expect(badTemplate.status).toBe(400)
      expect(badTemplate.body.error.message).toContain('Unknown placeholder {body}')
      const detail = await viewer.get(path)
      expect(detail.body).toMatchObject({ id: created.body.id, recent_items: [] })
      expect((await owner.get(`${base}/feeds`)).body.data).toHaveLength(1)
      expect((await owner.delete(path)).status).toBe(204)
      expect((await owner.get(path)).status).toBe(404)
    })
  })
}
