/**
 * The inbox through the real Facebook adapter, against the Facebook fake (built from the Graph
 * API's documented behaviour): comments on the Page's posts and posts that tag the Page arrive as
 * conversations, a second sync stores nothing twice, and a comment is liked as the Page.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { syncWorkspaceNow } from '../../src/engagement/inbox-sync.js'
import { createFacebook, type FacebookCredentials } from '../../src/networks/facebook/index.js'
import { MetaUsageGate } from '../../src/networks/meta/index.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { FakeFacebook } from '../fakes/facebook/fake-facebook.js'
import { newFacebookChannel } from '../fakes/facebook/fake-facebook-channels.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'

let fake: FakeFacebook
beforeAll(async () => {
  fake = await FakeFacebook.start()
})
afterAll(async () => {
  await fake?.close()
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: inbox on Facebook`, () => {
    let t: TestMurmur
    let owner: ApiClient
    let base: string
    let scope: WorkspaceScope
    let business: FacebookCredentials

    beforeEach(async () => {
      t = await createTestMurmur(dialect)
      const network = createFacebook({
        graphUrl: fake.url,
        dialogUrl: fake.url,
        app: { clientId: fake.state.app.clientId, clientSecret: fake.state.app.clientSecret },
        usageGate: new MetaUsageGate(),
      })
      installNetworks(t.murmur, {
        get: (id) => (id === 'facebook' ? network : undefined),
        signInWithAppPassword: () => Promise.reject(new Error('Facebook connects with OAuth')),
      })
      const setUp = await setUpOwner(apiFor(t.murmur))
      owner = setUp.owner
      base = `/api/v1/workspaces/${setUp.workspace.id}`
      scope = new WorkspaceScope(t.murmur.db, setUp.workspace.id)
      business = newFacebookChannel(fake)
      const now = t.murmur.now()
      await scope
        .insertInto('channels', {
          id: `ch_facebook_${business.pageId}`,
          network: 'facebook',
          account_id: business.pageId,
          handle: business.pageName,
          display_name: business.pageName,
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

    test('comments on the Page’s post become one conversation; a tag is another; no duplicates', async () => {
      const network = createFacebook({ graphUrl: fake.url, usageGate: new MetaUsageGate() })
      const ours = (
        await network.publish(business, { parts: [{ text: 'Croissants at 7', media: [] }] })
      ).parts[0]!
      const fan = fake.createUser('Léa Martin')
      const other = fake.createUser('Tom Baker')
      const question = fake.commentAs(fan, ours.id, 'How much for a dozen?')
      fake.commentAs(other, question, 'Same question!')
      fake.postTagging(business.pageId, other, 'Best croissants in town')

      const [first] = await sync()
      expect(first).toMatchObject({ status: 'synced', received: 3 })
      expect((await sync())[0]?.received).toBe(0)

      const list = await owner.get(`${base}/conversations?status=all`)
      expect(list.body.data).toHaveLength(2)
      const thread = list.body.data.find(
        (c: { root_remote_id: string }) => c.root_remote_id === ours.id,
      )
      expect(thread).toMatchObject({ network: 'facebook', message_count: 2, intent: 'purchase' })
      const detail = await owner.get(`${base}/conversations/${thread.id}`)
      expect(
        detail.body.messages.map((m: { kind: string; text: string }) => [m.kind, m.text]),
      ).toEqual([
        ['comment', 'How much for a dozen?'],
        ['comment', 'Same question!'],
      ])
      const contacts = await owner.get(`${base}/contacts`)
      expect(
        contacts.body.data.map((c: { display_name: string }) => c.display_name).sort(),
      ).toEqual(['Léa Martin', 'Tom Baker'])
      const rows = await t.murmur.db.selectFrom('messages').select('remote_id').execute()
      expect(new Set(rows.map((r) => r.remote_id)).size).toBe(rows.length)
    })

    test('a like from the inbox likes the comment as the Page, once', async () => {
      const network = createFacebook({ graphUrl: fake.url, usageGate: new MetaUsageGate() })
      const ours = (await network.publish(business, { parts: [{ text: 'Rye day', media: [] }] }))
        .parts[0]!
      const comment = fake.commentAs(fake.createUser('Ana Lima'), ours.id, 'Love this bread')
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
      expect(fake.state.likes.has(`${business.pageId} ${comment}`)).toBe(true)
    })
  })
}
