import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { WebhookDispatcher } from '../../src/jobs/webhook-dispatcher.js'
import { closeLinkTraffic } from '../../src/links/traffic.js'
import { markNeedsReconnect } from '../../src/services/channels.js'
import { BUSINESS, createInboxWorld, type InboxWorld } from '../engagement/world.js'
import { testDialects } from '../support/databases.js'
import { WebhookReceiver } from './webhook-receiver.js'

const NEW_EVENTS = [
  'channel.needs_reconnect',
  'message.received',
  'contact.lead',
  'contact.customer',
  'conversion.created',
]

interface Event {
  type: string
  timestamp: string
  // biome-ignore lint/suspicious/noExplicitAny: bodies are read field by field in expectations
  data: Record<string, any>
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: webhook events of the inbox, contacts, conversions and channels`, () => {
    let w: InboxWorld
    let receiver: WebhookReceiver
    let dispatcher: WebhookDispatcher
    let endpointId: string

    const say = (from: string, text: string, extra: { replyTo?: string } = {}) => {
      w.clock.advance(1000)
      return w.fake.receive({ to: BUSINESS, from, text, at: w.clock.now, ...extra })
    }
    /** Sends everything due and returns what reached the receiver since the last call. */
    const arrived = async (): Promise<Event[]> => {
      const before = receiver.received.length
      while ((await dispatcher.tick()) > 0) {}
      const fresh = receiver.received.slice(before)
      expect(fresh.every((r) => r.verified)).toBe(true)
      return fresh.map((r) => JSON.parse(r.body) as Event)
    }
    const queued = async () =>
      Number(
        (
          await w.murmur.db
            .selectFrom('webhook_deliveries')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const contactOf = (handle: string) =>
      w.murmur.db
        .selectFrom('contacts')
        .innerJoin('contact_identities', 'contact_identities.contact_id', 'contacts.id')
        .select(['contacts.id', 'contacts.stage'])
        .where('contact_identities.handle', '=', handle)
        .executeTakeFirstOrThrow()

    beforeAll(async () => {
      w = await createInboxWorld(dialect)
      receiver = new WebhookReceiver()
      const url = await receiver.start()
      // Tests only: the receiver is on this machine, which production refuses.
      dispatcher = new WebhookDispatcher(w.murmur, { allowLoopback: true, workerId: 'test' })
      const created = await w.owner.post(`${w.base}/webhooks`, { url, events: NEW_EVENTS })
      expect(created.status).toBe(201)
      endpointId = created.body.id
      receiver.secret = created.body.secret
    })
    afterAll(async () => {
      await receiver.stop()
      await closeLinkTraffic(w.murmur)
      await w.cleanup()
    })

    test('the events are listed for endpoints to choose', async () => {
      const listed = await w.owner.get(`${w.base}/webhook-events`)
      const types = listed.body.data.map((e: { type: string }) => e.type)
      for (const type of NEW_EVENTS) expect(types).toContain(type)
    })

    test('each new inbox message is sent once; purchase intent makes a lead', async () => {
      say('anna.bsky.social', 'How much for a dozen croissants?', {})
      say('ben.bsky.social', 'Best croissants in town, thank you!')
      // The business's own post in its notifications is not an inbox message.
      say(BUSINESS, `Thanks everyone! @${BUSINESS}`)
      const [result] = await w.sync()
      expect(result?.received).toBe(2)

      const events = await arrived()
      const messages = events.filter((e) => e.type === 'message.received')
      expect(messages.map((e) => e.data.text).sort()).toEqual([
        'Best croissants in town, thank you!',
        'How much for a dozen croissants?',
      ])
      const anna = await contactOf('anna.bsky.social')
      const fromAnna = messages.find((e) => e.data.author.handle === 'anna.bsky.social')!
      expect(fromAnna.data).toMatchObject({
        channel_id: w.channel.id,
        network: 'bluesky',
        kind: 'mention',
        contact_id: anna.id,
        intent: 'purchase',
      })
      expect(fromAnna.data.message_id).toMatch(/^msg_/)
      expect(fromAnna.data.url).toMatch(/^https:\/\/bsky\.app\//)

      const leads = events.filter((e) => e.type === 'contact.lead')
      expect(leads).toHaveLength(1)
      expect(leads[0]!.data).toMatchObject({
        contact_id: anna.id,
        display_name: 'anna.bsky.social',
        from_stage: 'engaged',
        to_stage: 'lead',
        source: 'rule',
        message_id: fromAnna.data.message_id,
        conversion_id: null,
      })
      expect(leads[0]!.data.reason).toContain('Purchase intent on Bluesky')
      expect(events.filter((e) => !['message.received', 'contact.lead'].includes(e.type))).toEqual(
        [],
      )

      // Seen again, or edited by its author: nothing new is sent.
      const before = await queued()
      const ben = w.fake.feed.find((item) => item.mention.author.handle === 'ben.bsky.social')!
      w.fake.edit(ben.mention.id, 'Best croissants in town, thank you!!! (edited)')
      await w.sync()
      await w.sync()
      expect(await queued()).toBe(before)
      expect(await arrived()).toEqual([])
    })

    test('moving a contact by hand sends the stage it reached, from where, and by whom', async () => {
      const ben = await contactOf('ben.bsky.social')
      expect(ben.stage).toBe('engaged')
      const moved = await w.owner.post(`${w.base}/contacts/${ben.id}/stage`, {
        stage: 'lead',
        reason: 'Asked for a catering quote by phone',
      })
      expect(moved.status).toBe(200)
      const [lead] = await arrived()
      expect(lead).toMatchObject({
        type: 'contact.lead',
        data: {
          contact_id: ben.id,
          from_stage: 'engaged',
          to_stage: 'lead',
          source: 'manual',
          reason: 'Asked for a catering quote by phone',
          changed_by: w.userId,
        },
      })
      // A move to a stage that is not news (back to engaged) sends nothing.
      await w.owner.post(`${w.base}/contacts/${ben.id}/stage`, { stage: 'engaged' })
      expect(await arrived()).toEqual([])
    })

    test('a sale sends the conversion with its attribution, and the new customer', async () => {
      const ben = await contactOf('ben.bsky.social')
      await w.owner.patch(`${w.base}/contacts/${ben.id}`, { customer_id: 'cus_ben' })
      const link = await w.owner.post(`${w.base}/links`, {
        destination: 'https://shop.example/croissants',
        campaign: 'croissants',
      })
      expect(link.status).toBe(201)
      const visit = await w.api.app.request(`/l/${link.body.code}`, {
        headers: {
          'x-forwarded-for': '203.0.113.7',
          'user-agent':
            'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
        },
      })
      const clickId = new URL(visit.headers.get('location') ?? 'x:').searchParams.get('mm')
      expect(clickId).toBeTruthy()
      w.clock.advance(60_000)
      const sale = {
        type: 'sale',
        click_id: clickId,
        customer_id: 'cus_ben',
        amount: 2450,
        currency: 'EUR',
        external_id: 'inv-1',
      }
      const recorded = await w.owner.post(`${w.base}/conversions`, sale)
      expect(recorded.status).toBe(201)

      const events = await arrived()
      const conversion = events.find((e) => e.type === 'conversion.created')!
      expect(conversion.data).toMatchObject({
        conversion_id: recorded.body.id,
        type: 'sale',
        amount: 2450,
        currency: 'EUR',
        customer_id: 'cus_ben',
        external_id: 'inv-1',
        source: 'api',
        attribution: {
          touchpoints: 1,
          first_touch: { click_id: clickId, link_id: link.body.id, campaign: 'croissants' },
          last_touch: { click_id: clickId, link_id: link.body.id, campaign: 'croissants' },
          links: [
            {
              link_id: link.body.id,
              short_code: link.body.code,
              destination: 'https://shop.example/croissants',
              campaign: 'croissants',
              clicks: 1,
            },
          ],
        },
      })
      const customer = events.find((e) => e.type === 'contact.customer')!
      expect(customer.data).toMatchObject({
        contact_id: ben.id,
        customer_id: 'cus_ben',
        from_stage: 'engaged',
        to_stage: 'customer',
        source: 'conversion',
        conversion_id: recorded.body.id,
      })
      expect(customer.data.reason).toContain('A sale of 24.50 EUR')
      expect(events).toHaveLength(2)

      // The same invoice again is refused: no phantom event for a conversion never recorded.
      const before = await queued()
      const twice = await w.owner.post(`${w.base}/conversions`, sale)
      expect(twice.status).toBe(409)
      expect(await queued()).toBe(before)
    })

    test('a channel whose connection is refused is announced once', async () => {
      w.fake.failMentions({ kind: 'auth_expired', status: 401 })
      await w.sync()
      const events = await arrived()
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({
        type: 'channel.needs_reconnect',
        data: {
          channel_id: w.channel.id,
          network: 'bluesky',
          handle: BUSINESS,
        },
      })
      expect(events[0]!.data.reason).toMatch(/expired|revoked/)
      const channel = await w.owner.get(`${w.base}/channels/${w.channel.id}`)
      expect(channel.body.status).toBe('needs_reconnect')
      // Failing again while broken updates the reason only: no second event.
      await markNeedsReconnect(w.murmur, w.scope, w.channel.id, 'Still refused.')
      expect(await arrived()).toEqual([])
      const log = (await w.owner.get(`${w.base}/webhooks/${endpointId}/deliveries`)).body.data
      expect(log.every((d: { status: string }) => d.status === 'delivered')).toBe(true)
    })
  })
}
