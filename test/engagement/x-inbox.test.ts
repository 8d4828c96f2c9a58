/**
 * The inbox through the real X adapter, against the X fake (built from X's documented API v2):
 * the mentions timeline paged with tokens, a 429 with its reset, a deleted post, an expired
 * access token refreshed during the sync (the rotated tokens must be stored), a reply, and a like.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { syncWorkspaceNow } from '../../src/engagement/inbox-sync.js'
import type { InboxSyncOptions } from '../../src/engagement/sync-options.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { createX, type XCredentials } from '../../src/networks/x/index.js'
import { openCredentials } from '../../src/services/channels.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { FakeX } from '../fakes/x/fake-x.js'
import { newXChannel } from '../fakes/x/fake-x-channels.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'

let fake: FakeX
beforeAll(async () => {
  fake = await FakeX.start()
})
afterAll(async () => {
  await fake?.close()
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: inbox on X`, () => {
    let t: TestMurmur
    let owner: ApiClient
    let base: string
    let scope: WorkspaceScope
    let business: XCredentials
    let channelId: string

    beforeEach(async () => {
      t = await createTestMurmur(dialect)
      const x = createX({
        apiBaseUrl: fake.url,
        authorizeUrl: `${fake.url}/i/oauth2/authorize`,
        app: { clientId: fake.app.clientId, clientSecret: fake.app.clientSecret },
        tokenManager: new OAuthTokenManager(),
      })
      installNetworks(t.murmur, {
        get: (id) => (id === 'x' ? x : undefined),
        signInWithAppPassword: () => Promise.reject(new Error('X connects with OAuth')),
      })
      const api = apiFor(t.murmur)
      const setUp = await setUpOwner(api)
      owner = setUp.owner
      base = `/api/v1/workspaces/${setUp.workspace.id}`
      scope = new WorkspaceScope(t.murmur.db, setUp.workspace.id)
      business = newXChannel(fake)
      channelId = `ch_x_${business.userId}`
      const now = t.murmur.now()
      await scope
        .insertInto('channels', {
          id: channelId,
          network: 'x',
          account_id: business.userId,
          handle: business.username,
          display_name: 'Corner Bakery',
          avatar_url: null,
          service_url: null,
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

    test('pages mentions, groups a reply thread, replies in it, reflects a deletion', async () => {
      const ours = fake.postAs(business.userId, 'Bagels are in the oven')
      const fan = fake.createUser(`fan${business.userId}`, 'Sam Lee')
      const question = fake.postAs(fan.id, `@${business.username} do you still have sesame?`, {
        replyTo: ours.id,
      })
      for (let i = 0; i < 30; i++) {
        const someone = fake.createUser(`u${i}x${business.userId}`, `User ${i}`)
        fake.postAs(someone.id, `@${business.username} shout out number ${i}`)
      }
      const [first] = await sync({ pageSize: 10 })
      expect(first).toMatchObject({ status: 'synced', received: 31 })
      expect(first?.pages).toBeGreaterThanOrEqual(4)
      expect((await sync({ pageSize: 10 }))[0]?.received).toBe(0)

      const purchase = await owner.get(`${base}/conversations?intent=purchase`)
      expect(purchase.body.data).toHaveLength(1)
      expect(purchase.body.data[0]).toMatchObject({
        network: 'x',
        root_remote_id: ours.id,
        contact: { display_name: 'Sam Lee', stage: 'lead' },
      })
      const reply = await owner.post(`${base}/conversations/${purchase.body.data[0].id}/reply`, {
        text: 'Yes {first_name}, plenty left!',
      })
      expect(reply.status).toBe(201)
      expect(fake.state.tweets.get(reply.body.remote_id)).toMatchObject({
        text: expect.stringContaining('Yes Sam, plenty left!'),
        conversationId: ours.id,
      })

      fake.state.tweets.get(question.id)!.deleted = true
      const [checked] = await sync({ recheckEveryMs: 0, recheckPerRun: 100 })
      expect(checked?.deleted).toBe(1)
    })

    test('a 429 waits for its reset; an expired token is refreshed and the new one stored', async () => {
      const fan = fake.createUser(`rl${business.userId}`, 'Rita')
      fake.postAs(fan.id, `@${business.username} hi!`)
      fake.injectRateLimit({
        match: `GET /2/users/${business.userId}/mentions`,
        resetInSeconds: 900,
      })
      const [limited] = await sync()
      expect(limited?.status).toBe('waiting')
      expect(limited?.retry_at).toBeGreaterThan(Date.now() + 880_000)

      fake.expireAccessToken(business.accessToken)
      await t.murmur.db
        .updateTable('inbox_sync_state')
        .set({ next_sync_at: 0, last_error_kind: null })
        .execute()
      const [refreshed] = await sync()
      expect(refreshed).toMatchObject({ status: 'synced', received: 1 })
      const stored = (await openCredentials(t.murmur, scope, channelId)) as unknown as XCredentials
      expect(stored.accessToken).not.toBe(business.accessToken)
    })

    test('a like from the inbox likes the post on X as the business, once', async () => {
      const fan = fake.createUser(`liker${business.userId}`, 'Kim Park')
      const praise = fake.postAs(fan.id, `@${business.username} best bagels ever`)
      await sync()
      const conversation = (await owner.get(`${base}/conversations`)).body.data[0]
      const detail = await owner.get(`${base}/conversations/${conversation.id}`)
      expect(detail.body.can_like).toBe(true)
      for (let press = 0; press < 2; press++) {
        const liked = await owner.post(`${base}/conversations/${conversation.id}/like`, {
          message_id: detail.body.messages[0].id,
        })
        expect(liked.status).toBe(200)
      }
      const mine = [...fake.state.likes].filter((key) => key.startsWith(`${business.userId} `))
      expect(mine).toEqual([`${business.userId} ${praise.id}`])
    })
  })
}
