import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { syncWorkspaceNow } from '../../src/engagement/inbox-sync.js'
import { createLinkedIn, type LinkedInCredentials } from '../../src/networks/linkedin/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { installNetworkSettings } from '../../src/services/network-settings.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { FakeLinkedIn } from '../fakes/linkedin/fake-linkedin.js'
import { newLinkedInChannel } from '../fakes/linkedin/fake-linkedin-channels.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'
import { BUSINESS, createInboxWorld, type InboxWorld } from './world.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: liking a message from the inbox`, () => {
    let w: InboxWorld
    let conversationId: string
    let messageId: string
    let remoteId: string

    beforeAll(async () => {
      w = await createInboxWorld(dialect)
      w.clock.advance(1000)
      const mention = w.fake.receive({
        to: BUSINESS,
        from: 'anna.bsky.social',
        text: `@${BUSINESS} your rye is the best in town`,
        at: w.clock.now,
      })
      remoteId = mention.id
      expect((await w.owner.post(`${w.base}/inbox/sync`, {})).status).toBe(200)
      conversationId = (await w.owner.get(`${w.base}/conversations`)).body.data[0].id
      const detail = await w.owner.get(`${w.base}/conversations/${conversationId}`)
      messageId = detail.body.messages[0].id
    })
    afterAll(() => w.cleanup())

    const like = (body: object, client = w.owner) =>
      client.post(`${w.base}/conversations/${conversationId}/like`, body)

    test('the conversation says its network can like', async () => {
      const detail = await w.owner.get(`${w.base}/conversations/${conversationId}`)
      expect(detail.body.can_like).toBe(true)
      expect(detail.body.messages[0]).toMatchObject({ liked_at: null, liked_by: null })
    })

    test('a network refusal records nothing and says why', async () => {
      w.fake.failLikes({ kind: 'retryable', status: 429, retryAfterMs: 5000 })
      const limited = await like({ message_id: messageId })
      expect(limited.status).toBe(503)
      expect(limited.body.error.message).toMatch(/rate limit/)
      const detail = await w.owner.get(`${w.base}/conversations/${conversationId}`)
      expect(detail.body.messages[0].liked_at).toBeNull()
      expect(w.fake.likes.size).toBe(0)
    })

    test('liked on the network as the business, recorded with who liked and when', async () => {
      const liked = await like({ message_id: messageId })
      expect(liked.status).toBe(200)
      expect(liked.body).toMatchObject({
        id: messageId,
        liked_at: new Date(w.clock.now).toISOString(),
        liked_by: w.userId,
      })
      const business = w.fake.accounts.get(BUSINESS)
      expect([...(w.fake.likes.get(remoteId) ?? [])]).toEqual([business?.did])
      const detail = await w.owner.get(`${w.base}/conversations/${conversationId}`)
      expect(detail.body.messages[0].liked_by).toBe(w.userId)
    })

    test('liking again changes nothing and calls nobody', async () => {
      const calls = w.fake.likeCalls
      w.clock.advance(60_000)
      const again = await like({ message_id: messageId })
      expect(again.status).toBe(200)
      expect(again.body.liked_at).toBe(new Date(w.clock.now - 60_000).toISOString())
      expect(w.fake.likeCalls).toBe(calls)
    })

    test('only received messages of this conversation; viewers cannot like', async () => {
      const reply = await w.owner.post(`${w.base}/conversations/${conversationId}/reply`, {
        text: 'Thank you Anna!',
      })
      expect(reply.status).toBe(201)
      const own = await like({ message_id: reply.body.id })
      expect(own.status).toBe(400)
      expect(own.body.error.message).toMatch(/Only messages people sent/)
      expect((await like({ message_id: 'msg_nope' })).status).toBe(404)
      expect((await like({})).status).toBe(400)
      const key = await w.owner.post(`${w.base}/api-keys`, { name: 'viewer', role: 'viewer' })
      const viewer = w.api.client()
      viewer.bearer = key.body.key
      expect((await like({ message_id: messageId }, viewer)).status).toBe(403)
    })

    test('a network whose API offers no like is refused plainly, before any call', async () => {
      w.clock.advance(1000)
      w.fake.receive({
        to: BUSINESS,
        from: 'bob.bsky.social',
        text: `@${BUSINESS} hi`,
        at: w.clock.now,
      })
      await w.sync()
      const bob = (await w.owner.get(`${w.base}/conversations`)).body.data.find(
        (c: { contact: { handle: string } }) => c.contact.handle === 'bob.bsky.social',
      )
      const detail = await w.owner.get(`${w.base}/conversations/${bob.id}`)
      const networks = w.fake.asNetworks()
      installNetworks(w.murmur, {
        ...networks,
        get: (id) => {
          const network = networks.get(id)
          return network && Object.assign(Object.create(network), { like: undefined })
        },
      })
      try {
        const refused = await w.owner.post(`${w.base}/conversations/${bob.id}/like`, {
          message_id: detail.body.messages[0].id,
        })
        expect(refused.status).toBe(400)
        expect(refused.body.error.message).toBe(
          'Bluesky does not let apps like messages; like it in the Bluesky app.',
        )
        expect((await w.owner.get(`${w.base}/conversations/${bob.id}`)).body.can_like).toBe(false)
      } finally {
        installNetworks(w.murmur, networks)
      }
    })
  })

  describe(`${dialect}: liking a LinkedIn comment from the inbox`, () => {
    let linkedin: FakeLinkedIn
    let t: TestMurmur
    let owner: ApiClient
    let base: string
    let business: LinkedInCredentials
    let conversationId: string
    let messageId: string
    let commentUrn: string
    const reactionCalls = () =>
      linkedin.server.log.filter((call) => `${call.method} ${call.path}` === 'POST /rest/reactions')
        .length

    beforeAll(async () => {
      linkedin = await FakeLinkedIn.start()
      // The production path: adapters built from settings, the operator's app from the config.
      t = await createTestMurmur(dialect, {
        networkApps: {
          linkedin: {
            clientId: linkedin.state.app.clientId,
            clientSecret: linkedin.state.app.clientSecret,
          },
        },
      })
      installNetworkSettings(t.murmur, {
        linkedin: {
          apiUrl: linkedin.url,
          oauthUrl: `${linkedin.url}/oauth/v2`,
          tokenManager: new OAuthTokenManager(),
        },
      })
      const setUp = await setUpOwner(apiFor(t.murmur))
      owner = setUp.owner
      base = `/api/v1/workspaces/${setUp.workspace.id}`
      const scope = new WorkspaceScope(t.murmur.db, setUp.workspace.id)
      business = newLinkedInChannel(linkedin)
      const now = t.murmur.now()
      await scope
        .insertInto('channels', {
          id: 'ch_linkedin_bakery',
          network: 'linkedin',
          account_id: business.author,
          handle: business.name,
          display_name: business.name,
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
      const adapter = createLinkedIn({
        apiUrl: linkedin.url,
        tokenManager: new OAuthTokenManager(),
      })
      const { parts } = await adapter.publish(business, {
        parts: [{ text: 'Fresh rye today', media: [] }],
      })
      commentUrn = linkedin.commentAs(
        linkedin.createMember('Grace Hopper'),
        parts[0]!.id,
        'Saving me a loaf?',
        Date.now() + 1000,
      )
      const [synced] = await syncWorkspaceNow(t.murmur, scope, { options: { random: () => 0.5 } })
      expect(synced).toMatchObject({ status: 'synced', received: 1 })
      conversationId = (await owner.get(`${base}/conversations`)).body.data[0].id
      const detail = await owner.get(`${base}/conversations/${conversationId}`)
      expect(detail.body.can_like).toBe(true)
      messageId = detail.body.messages[0].id
    })
    afterAll(async () => {
      await t?.cleanup()
      await linkedin?.close()
    })

    const like = () =>
      owner.post(`${base}/conversations/${conversationId}/like`, { message_id: messageId })

    test("LinkedIn's daily limit records nothing and says why", async () => {
      linkedin.injectRateLimit({ match: 'POST /rest/reactions' })
      const limited = await like()
      expect(limited.status).toBe(503)
      expect(limited.body.error.message).toMatch(/daily request limit/)
      const detail = await owner.get(`${base}/conversations/${conversationId}`)
      expect(detail.body.messages[0].liked_at).toBeNull()
      expect(linkedin.state.reactions.size).toBe(0)
    })

    test('liked as the channel through the Reactions API, recorded with who and when', async () => {
      const liked = await like()
      expect(liked.status).toBe(200)
      expect(liked.body).toMatchObject({ id: messageId, liked_by: expect.any(String) })
      expect(liked.body.liked_at).not.toBeNull()
      expect(linkedin.state.reactions.get(`${business.author} ${commentUrn}`)).toMatchObject({
        reactionType: 'LIKE',
      })
    })

    test('liking again calls LinkedIn no more', async () => {
      const calls = reactionCalls()
      expect((await like()).status).toBe(200)
      expect(reactionCalls()).toBe(calls)
    })
  })
}
