/**
 * The inbox through the real Mastodon adapter, against the Mastodon fake (built from Mastodon's
 * documented API): notifications paged with Link headers, a 429 with an ISO 8601 reset, statuses
 * deleted by their author, a threaded reply, and a like (favourite).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { syncWorkspaceNow } from '../../src/engagement/inbox-sync.js'
import type { InboxSyncOptions } from '../../src/engagement/sync-options.js'
import { createMastodon, type MastodonCredentials } from '../../src/networks/mastodon/index.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { FakeMastodon } from '../fakes/mastodon/fake-mastodon.js'
import { newMastodonChannel } from '../fakes/mastodon/fake-mastodon-channels.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'

let fake: FakeMastodon
beforeAll(async () => {
  fake = await FakeMastodon.start()
})
afterAll(async () => {
  await fake?.close()
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: inbox on Mastodon`, () => {
    let t: TestMurmur
    let owner: ApiClient
    let base: string
    let scope: WorkspaceScope
    let business: MastodonCredentials

    beforeEach(async () => {
      t = await createTestMurmur(dialect)
      const mastodon = createMastodon({ allowLocalInstances: true, mediaPollIntervalMs: 5 })
      installNetworks(t.murmur, {
        get: (id) => (id === 'mastodon' ? mastodon : undefined),
        signInWithAppPassword: () => Promise.reject(new Error('Mastodon connects with OAuth')),
      })
      const api = apiFor(t.murmur)
      const setUp = await setUpOwner(api)
      owner = setUp.owner
      base = `/api/v1/workspaces/${setUp.workspace.id}`
      scope = new WorkspaceScope(t.murmur.db, setUp.workspace.id)
      business = newMastodonChannel(fake)
      const now = t.murmur.now()
      // As the OAuth connect flow stores it (publishing owns that flow).
      await scope
        .insertInto('channels', {
          id: `ch_mastodon_${business.accountId}`,
          network: 'mastodon',
          account_id: business.accountId,
          handle: business.username,
          display_name: 'Corner Bakery',
          avatar_url: null,
          service_url: fake.url,
          credentials: t.murmur.secrets.seal(JSON.stringify(business)),
          status: 'active',
          status_reason: null,
          status_changed_at: null,
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .execute()
    })
    afterEach(() => t.cleanup())

    const sync = (options: Partial<InboxSyncOptions> = {}) =>
      syncWorkspaceNow(t.murmur, scope, { options: { random: () => 0.5, ...options } })

    test('pages through notifications, groups a thread, and replies in it', async () => {
      const ours = fake.postAs(business.accountId, 'Pretzels are back!')
      const fan = fake.createAccount(`fan${business.accountId}`, { displayName: 'Mia Wong' })
      const question = fake.postAs(fan.id, `@${business.username} how much for six?`, {
        inReplyToId: ours.id,
      })
      for (let i = 0; i < 95; i++) {
        const someone = fake.createAccount(`p${i}x${business.accountId}`)
        fake.postAs(someone.id, `@${business.username} hello from number ${i}`)
      }
      const [first] = await sync({ pageSize: 40 })
      expect(first).toMatchObject({ status: 'synced', received: 96 })
      expect(first?.pages).toBeGreaterThanOrEqual(3) // 40 a page, Link-header cursors
      const [second] = await sync({ pageSize: 40 })
      expect(second).toMatchObject({ received: 0, pages: 1 })

      const thread = await owner.get(`${base}/conversations?intent=purchase`)
      expect(thread.body.data).toHaveLength(1)
      expect(thread.body.data[0]).toMatchObject({
        network: 'mastodon',
        kind: 'post',
        root_remote_id: ours.id,
        contact: { display_name: 'Mia Wong', stage: 'lead' },
      })
      const reply = await owner.post(`${base}/conversations/${thread.body.data[0].id}/reply`, {
        text: 'Hi {first_name}, six are €9!',
      })
      expect(reply.status).toBe(201)
      const published = fake.state.statuses.get(reply.body.remote_id)
      expect(published).toMatchObject({ inReplyToId: question.id })
      expect(published?.text).toContain('Hi Mia, six are €9!')
    })

    test('a 429 waits until the reset; a deleted status loses its text', async () => {
      const fan = fake.createAccount(`del${business.accountId}`)
      const kept = fake.postAs(fan.id, `@${business.username} lovely shop`)
      const gone = fake.postAs(fan.id, `@${business.username} my phone is 555-0101`)
      fake.injectRateLimit({ match: 'GET /api/v1/notifications', resetInSeconds: 600 })
      const [limited] = await sync()
      expect(limited?.status).toBe('waiting')
      expect(limited?.retry_at).toBeGreaterThan(Date.now() + 590_000)

      await t.murmur.db
        .updateTable('inbox_sync_state')
        .set({ next_sync_at: 0, last_error_kind: null })
        .execute()
      const [ok] = await sync()
      expect(ok).toMatchObject({ status: 'synced', received: 2 })

      const token = fake.issueToken(fan.id)
      const deleted = await fetch(`${fake.url}/api/v1/statuses/${gone.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      })
      expect(deleted.status).toBe(200)
      const [checked] = await sync({ recheckEveryMs: 0 })
      expect(checked).toMatchObject({ deleted: 1, edited: 0 })
      const rows = await t.murmur.db
        .selectFrom('messages')
        .select(['remote_id', 'text', 'deleted_at'])
        .execute()
      expect(rows.find((r) => r.remote_id === gone.id)).toMatchObject({ text: '' })
      expect(rows.find((r) => r.remote_id === kept.id)?.text).toContain('lovely shop')
    })

    test('a like from the inbox favourites the status once, as the business', async () => {
      const fan = fake.createAccount(`like${business.accountId}`)
      const praise = fake.postAs(fan.id, `@${business.username} best pretzels in town`)
      await sync()
      const conversation = (await owner.get(`${base}/conversations`)).body.data[0]
      const detail = await owner.get(`${base}/conversations/${conversation.id}`)
      expect(detail.body.can_like).toBe(true)
      const messageId = detail.body.messages[0].id
      for (let press = 0; press < 2; press++) {
        const liked = await owner.post(`${base}/conversations/${conversation.id}/like`, {
          message_id: messageId,
        })
        expect(liked.status).toBe(200)
        expect(liked.body.liked_at).not.toBeNull()
      }
      // The fake instance serves every dialect's run: only this business's favourites count here.
      const mine = [...fake.state.favourites].filter((key) =>
        key.startsWith(`${business.accountId} `),
      )
      expect(mine).toEqual([`${business.accountId} ${praise.id}`])
      expect(fake.state.statuses.get(praise.id)?.favouritesCount).toBe(1)
    })
  })
}
