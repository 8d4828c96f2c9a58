/**
 * The inbox through the real Instagram adapter, against the Instagram fake (built from the
 * Instagram API's documented behaviour): comments on the account's post, and answers to them,
 * arrive as one conversation; a second sync stores nothing twice; Instagram offers apps no like.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { syncWorkspaceNow } from '../../src/engagement/inbox-sync.js'
import { createInstagram, type InstagramCredentials } from '../../src/networks/instagram/index.js'
import { MetaUsageGate } from '../../src/networks/meta/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { FakeInstagram } from '../fakes/instagram/fake-instagram.js'
import { newInstagramChannel } from '../fakes/instagram/fake-instagram-channels.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'

let fake: FakeInstagram
beforeAll(async () => {
  fake = await FakeInstagram.start()
})
afterAll(async () => {
  await fake?.close()
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: inbox on Instagram`, () => {
    let t: TestMurmur
    let owner: ApiClient
    let base: string
    let scope: WorkspaceScope
    let business: InstagramCredentials
    const instagram = () =>
      createInstagram({
        graphUrl: fake.url,
        tokenUrl: `${fake.url}/oauth/access_token`,
        authorizeUrl: `${fake.url}/oauth/authorize`,
        app: { clientId: fake.state.app.clientId, clientSecret: fake.state.app.clientSecret },
        publicUrl: 'https://murmur.example',
        usageGate: new MetaUsageGate(),
        tokenManager: new OAuthTokenManager(),
      })

    beforeEach(async () => {
      t = await createTestMurmur(dialect)
      const network = instagram()
      installNetworks(t.murmur, {
        get: (id) => (id === 'instagram' ? network : undefined),
        signInWithAppPassword: () => Promise.reject(new Error('Instagram connects with OAuth')),
      })
      const setUp = await setUpOwner(apiFor(t.murmur))
      owner = setUp.owner
      base = `/api/v1/workspaces/${setUp.workspace.id}`
      scope = new WorkspaceScope(t.murmur.db, setUp.workspace.id)
      business = newInstagramChannel(fake)
      const now = t.murmur.now()
      await scope
        .insertInto('channels', {
          id: `ch_instagram_${business.userId}`,
          network: 'instagram',
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

    const sync = () => syncWorkspaceNow(t.murmur, scope, { options: { random: () => 0.5 } })

    test('comments and answers on the account’s post become one conversation; no duplicates', async () => {
      const me = fake.state.users.get(business.userId)!
      // A post of the account (tagging someone, so the fake makes it in one step).
      const post = fake.tagAs(
        me,
        fake.createUser(`tagged${business.userId}`).id,
        'Sourdough Sunday',
      ).id
      const fan = fake.createUser(`fan${business.userId}`)
      const other = fake.createUser(`other${business.userId}`)
      const now = Date.now()
      const first = fake.commentAs(
        fan,
        post,
        'Do you have any left? What time do you close?',
        now + 1000,
      )
      fake.commentAs(other, first, 'Save me two!', now + 2000)

      const [synced] = await sync()
      expect(synced).toMatchObject({ status: 'synced', received: 2 })
      expect((await sync())[0]?.received).toBe(0)

      const list = await owner.get(`${base}/conversations?status=all`)
      expect(list.body.data).toHaveLength(1)
      expect(list.body.data[0]).toMatchObject({
        network: 'instagram',
        root_remote_id: post,
        message_count: 2,
      })
      const detail = await owner.get(`${base}/conversations/${list.body.data[0].id}`)
      expect(detail.body.messages.map((m: { text: string }) => m.text).sort()).toEqual([
        'Do you have any left? What time do you close?',
        'Save me two!',
      ])
      expect(detail.body.can_like).toBe(false)
      const refused = await owner.post(`${base}/conversations/${list.body.data[0].id}/like`, {
        message_id: detail.body.messages[0].id,
      })
      expect(refused.status).toBe(400)
      expect(refused.body.error.message).toMatch(/Instagram does not let apps like messages/)
      const rows = await t.murmur.db.selectFrom('messages').select('remote_id').execute()
      expect(new Set(rows.map((r) => r.remote_id)).size).toBe(rows.length)
    })
  })
}
