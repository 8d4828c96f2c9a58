import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createMastodon } from '../../src/networks/mastodon/index.js'
import { saveConnectedChannel } from '../../src/services/oauth-channels.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { FakeMastodon } from '../fakes/mastodon/fake-mastodon.js'
import { newMastodonChannel } from '../fakes/mastodon/fake-mastodon-channels.js'
import { trafficWorld } from '../links/support.js'
import { testDialects } from '../support/databases.js'

/**
 * Mastodon boosts of the business's post become nodes of the post's share tree, read through
 * the Mastodon adapter from the Mastodon fake (test/fakes/mastodon, built from Mastodon's
 * documented API). Bluesky reposts and quotes go through the same code; the adapter's side is
 * checked against a real local Bluesky network in test/networks/bluesky-appview.test.ts.
 */
for (const dialect of await testDialects()) {
  describe(`${dialect}: network reshares in share trees`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    let fake: FakeMastodon
    let postId: string
    let statusId: string
    let brandAccountId: string

    beforeAll(async () => {
      fake = await FakeMastodon.start()
      w = await trafficWorld(dialect, Date.UTC(2027, 7, 1, 9, 0))
      const mastodon = createMastodon({ allowLocalInstances: true })
      installNetworks(w.t.murmur, {
        get: (id) => (id === 'mastodon' ? mastodon : undefined),
        signInWithAppPassword: () => Promise.reject(new Error('not used here')),
      })
      const credentials = newMastodonChannel(fake)
      brandAccountId = credentials.accountId
      const scope = new WorkspaceScope(w.t.murmur.db, w.workspace.id)
      const { channel } = await saveConnectedChannel(w.t.murmur, scope, {
        network: 'mastodon',
        account: {
          accountId: credentials.accountId,
          handle: credentials.username,
          credentials: { ...credentials },
        },
        createdBy: null,
      })
      const post = await w.owner.post(`${w.base}/posts`, {
        content: { parts: [{ text: 'Plum tarts today', media: [] }] },
        channels: [{ channel_id: channel.id }],
      })
      expect(post.status, post.text).toBe(201)
      postId = post.body.id
      // Published through the adapter, as the scheduler would, and recorded on the delivery.
      const { parts } = await mastodon.publish(credentials, {
        parts: [{ text: 'Plum tarts today', media: [] }],
      })
      statusId = parts[0]!.id
      await scope
        .updateTable('deliveries')
        .set({ state: 'published', remote_parts: JSON.stringify(parts) })
        .where('post_id', '=', postId)
        .execute()
    })
    afterAll(async () => {
      await w.cleanup()
      await fake.close()
    })

    const sync = () => w.owner.post(`${w.base}/cascades/post/${postId}/network-reshares`, {})

    test('boosts become generation-1 nodes, once each, with who boosted', async () => {
      const fans = ['ann', 'bob'].map((name) => newMastodonChannel(fake, name))
      for (const fan of fans) fake.boost(fan.accountId, statusId)
      fake.boost(brandAccountId, statusId) // the business boosting itself does not count
      const first = await sync()
      expect(first.status, first.text).toBe(200)
      expect(first.body).toMatchObject({ post_id: postId, added: 2 })
      expect(first.body.channels[0]).toMatchObject({ network: 'mastodon', found: 2, error: null })
      expect((await sync()).body.added).toBe(0)
      fake.boost(newMastodonChannel(fake, 'cy').accountId, statusId)
      expect((await sync()).body.added).toBe(1)

      const metrics = await w.owner.get(`${w.base}/cascades/post/${postId}`)
      expect(metrics.body).toMatchObject({ size: 4, depth: 1, generations: [1, 3] })
      const tree = await w.owner.get(`${w.base}/cascades/post/${postId}/tree`)
      // biome-ignore lint/suspicious/noExplicitAny: tests read whatever came back
      const nodes = tree.body.nodes as Array<Record<string, any>>
      expect(nodes[0]).toMatchObject({ generation: 0, network: null })
      const handles = nodes.slice(1).map((n) => n.network?.handle)
      for (const fan of fans) expect(handles).toContain(fan.username)
      expect(handles).toHaveLength(3)
      expect(nodes[1]).toMatchObject({ source: 'mastodon', network: { kind: 'boost' } })
      const advocates = await w.owner.get(`${w.base}/advocates?root_kind=post&root_id=${postId}`)
      expect(advocates.body.data[0].sharer).toMatch(/^@.+ on Mastodon$/)
    })

    test('two syncs at once add each reshare once', async () => {
      fake.boost(newMastodonChannel(fake, 'dee').accountId, statusId)
      const [a, b] = await Promise.all([sync(), sync()])
      expect([a.status, b.status]).toEqual([200, 200])
      expect(a.body.added + b.body.added).toBe(1)
      const metrics = await w.owner.get(`${w.base}/cascades/post/${postId}`)
      expect(metrics.body.size).toBe(5)
    })

    test("the post's original share link takes over the root the reshares hang from", async () => {
      const before = await w.owner.get(`${w.base}/cascades/post/${postId}/tree`)
      const original = await w.owner.post(`${w.base}/share-links`, {
        root_kind: 'post',
        root_id: postId,
        destination: 'https://bakery.example/plums',
      })
      expect(original.status, original.text).toBe(201)
      expect(original.body.id).toBe(before.body.nodes[0].id)
      const again = await w.owner.post(`${w.base}/share-links`, {
        root_kind: 'post',
        root_id: postId,
        destination: 'https://bakery.example/plums',
      })
      expect(again.status).toBe(200)
      const metrics = await w.owner.get(`${w.base}/cascades/post/${postId}`)
      expect(metrics.body.size).toBe(5)
    })

    test('a network failure is reported for its channel, not as a server error', async () => {
      fake.injectServerError({ match: 'GET /api/v1/statuses', status: 503 })
      const r = await sync()
      expect(r.status).toBe(200)
      expect(r.body.channels[0].error).toMatch(/\S/)
      expect(
        (await w.owner.post(`${w.base}/cascades/post/pst_nothing/network-reshares`, {})).status,
      ).toBe(404)
    })
  })
}
