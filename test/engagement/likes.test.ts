import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { testDialects } from '../support/databases.js'
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
}
