/**
 * The inbox through the real LinkedIn adapter, against the LinkedIn fake (built from LinkedIn's
 * documented REST API): comments on the channel's posts, and answers to them, arrive as one
 * conversation per post; a second sync stores nothing twice. Likes: test/engagement/likes.test.ts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { syncWorkspaceNow } from '../../src/engagement/inbox-sync.js'
import { createLinkedIn, type LinkedInCredentials } from '../../src/networks/linkedin/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { FakeLinkedIn } from '../fakes/linkedin/fake-linkedin.js'
import { newLinkedInChannel } from '../fakes/linkedin/fake-linkedin-channels.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'

let fake: FakeLinkedIn
beforeAll(async () => {
  fake = await FakeLinkedIn.start()
})
afterAll(async () => {
  await fake?.close()
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: inbox on LinkedIn`, () => {
    let t: TestMurmur
    let owner: ApiClient
    let base: string
    let scope: WorkspaceScope
    let business: LinkedInCredentials
    const linkedin = () =>
      createLinkedIn({
        apiUrl: fake.url,
        oauthUrl: `${fake.url}/oauth/v2`,
        app: { clientId: fake.state.app.clientId, clientSecret: fake.state.app.clientSecret },
        imagePolling: { intervalMs: 5, timeoutMs: 2000 },
        tokenManager: new OAuthTokenManager(),
      })

    beforeEach(async () => {
      t = await createTestMurmur(dialect)
      const network = linkedin()
      installNetworks(t.murmur, {
        get: (id) => (id === 'linkedin' ? network : undefined),
        signInWithAppPassword: () => Promise.reject(new Error('LinkedIn connects with OAuth')),
      })
      const setUp = await setUpOwner(apiFor(t.murmur))
      owner = setUp.owner
      base = `/api/v1/workspaces/${setUp.workspace.id}`
      scope = new WorkspaceScope(t.murmur.db, setUp.workspace.id)
      business = newLinkedInChannel(fake)
      const now = t.murmur.now()
      await scope
        .insertInto('channels', {
          id: `ch_linkedin_${business.author.split(':').at(-1)}`,
          network: 'linkedin',
          account_id: business.author,
          handle: business.name ?? 'Corner Bakery',
          display_name: business.name ?? 'Corner Bakery',
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

    test('comments and answers under a post become one conversation; no duplicates on re-sync', async () => {
      const { parts } = await linkedin().publish(business, {
        parts: [{ text: `Hiring a baker ${Math.random().toString(36).slice(2, 8)}`, media: [] }],
      })
      const post = parts[0]!.id
      const now = Date.now()
      const fan = fake.createMember('Grace Hopper')
      const other = fake.createMember('Alan Kay')
      const first = fake.commentAs(fan, post, 'Is the job still open? How do I apply?', now + 1000)
      fake.commentAs(other, first, 'Interested too', now + 2000)

      const [synced] = await sync()
      expect(synced).toMatchObject({ status: 'synced', received: 2 })
      expect((await sync())[0]?.received).toBe(0)

      const list = await owner.get(`${base}/conversations?status=all`)
      expect(list.body.data).toHaveLength(1)
      expect(list.body.data[0]).toMatchObject({
        network: 'linkedin',
        root_remote_id: post,
        message_count: 2,
      })
      const detail = await owner.get(`${base}/conversations/${list.body.data[0].id}`)
      expect(detail.body.messages.map((m: { text: string }) => m.text).sort()).toEqual([
        'Interested too',
        'Is the job still open? How do I apply?',
      ])
      expect(detail.body.can_like).toBe(true)
      const rows = await t.murmur.db.selectFrom('messages').select('remote_id').execute()
      expect(new Set(rows.map((r) => r.remote_id)).size).toBe(rows.length)
    })
  })
}
