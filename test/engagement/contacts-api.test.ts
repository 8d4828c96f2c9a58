import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { closeLinkTraffic, linkTraffic } from '../../src/links/traffic.js'
import { testDialects } from '../support/databases.js'
import { BUSINESS, createInboxWorld, type InboxWorld } from './world.js'

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'

for (const dialect of await testDialects()) {
  describe(`${dialect}: contacts`, () => {
    let w: InboxWorld
    beforeEach(async () => {
      w = await createInboxWorld(dialect)
    })
    afterEach(async () => {
      await closeLinkTraffic(w.murmur)
      await w.cleanup()
    })

    const say = (
      from: string,
      text: string,
      extra: { replyTo?: string; displayName?: string } = {},
    ) => {
      w.clock.advance(1000)
      return w.fake.receive({ to: BUSINESS, from, text, at: w.clock.now, ...extra })
    }
    const sync = async () => {
      const response = await w.owner.post(`${w.base}/inbox/sync`, {})
      expect(response.status).toBe(200)
    }
    const contactByHandle = async (handle: string) => {
      const list = await w.owner.get(`${w.base}/contacts?q=${encodeURIComponent(handle)}`)
      expect(list.body.data).toHaveLength(1)
      return list.body.data[0]
    }

    test('lifecycle: audience → engaged → lead by rules, customer by a sale, lost by hand; timeline', async () => {
      const created = await w.owner.post(`${w.base}/contacts`, {
        display_name: 'Anna Schmidt',
        first_name: 'Anna',
        email: 'Anna@Example.com',
        customer_id: 'cust-42',
        tags: ['Wholesale'],
        identities: [{ network: 'bluesky', handle: '@anna.bsky.social' }],
      })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({
        stage: 'audience',
        email: 'anna@example.com',
        tags: ['wholesale'],
        identities: [{ network: 'bluesky', handle: 'anna.bsky.social', account_id: null }],
      })
      const id = created.body.id

      // Her first message finds her by handle: same contact, now with the network's id.
      const { remoteId } = await w.publish('Wedding cakes, made to order')
      say('anna.bsky.social', 'These look amazing', { replyTo: remoteId })
      await sync()
      const engaged = await w.owner.get(`${w.base}/contacts/${id}`)
      expect(engaged.body).toMatchObject({ stage: 'engaged', message_count: 1 })
      expect(engaged.body.identities[0].account_id).toMatch(/^did:plc:/)
      expect((await w.owner.get(`${w.base}/contacts`)).body.data).toHaveLength(1)

      say('anna.bsky.social', 'How much for a three-tier cake?', { replyTo: remoteId })
      await sync()
      const lead = await w.owner.get(`${w.base}/contacts/${id}`)
      expect(lead.body.stage).toBe('lead')
      expect(lead.body.stage_history.at(-1)).toMatchObject({
        from_stage: 'engaged',
        to_stage: 'lead',
        source: 'rule',
        reason: expect.stringMatching(/Purchase intent on Bluesky\. Rule "Price"/),
      })

      const conversation = (await w.owner.get(`${w.base}/conversations`)).body.data[0]
      await w.owner.post(`${w.base}/conversations/${conversation.id}/reply`, {
        text: 'Thanks {first_name}! From €180.',
      })

      // She clicks a tracked link and buys: the site reports the sale with her customer id.
      const link = await w.owner.post(`${w.base}/links`, {
        destination: 'https://cornerbakery.example/cakes',
      })
      const visit = await w.api.app.request(`/l/${link.body.code}`, {
        headers: { 'user-agent': IPHONE, 'x-forwarded-for': '203.0.113.9' },
      })
      const clickId = new URL(visit.headers.get('location') ?? 'x:').searchParams.get('mm') ?? ''
      await linkTraffic(w.murmur).flush()
      const sale = await w.owner.post(`${w.base}/conversions`, {
        type: 'sale',
        click_id: clickId,
        customer_id: 'cust-42',
        amount: 18000,
        currency: 'EUR',
      })
      expect(sale.status).toBe(201)
      const customer = await w.owner.get(`${w.base}/contacts/${id}`)
      expect(customer.body.stage).toBe('customer')
      expect(customer.body.stage_history.at(-1)).toMatchObject({
        source: 'conversion',
        conversion_id: sale.body.id,
        reason: expect.stringMatching(/A sale of 180\.00 EUR was reported/),
      })
      expect(customer.body.engagement_score).toBeGreaterThan(10)

      w.clock.advance(60_000)
      await w.owner.post(`${w.base}/contacts/${id}/notes`, { body: 'Prefers lemon sponge' })
      w.clock.advance(60_000)
      const lost = await w.owner.post(`${w.base}/contacts/${id}/stage`, {
        stage: 'lost',
        reason: 'Moved to Berlin',
      })
      expect(lost.body.stage).toBe('lost')

      const timeline = await w.owner.get(`${w.base}/contacts/${id}/timeline?limit=100`)
      const types = timeline.body.data.map((item: { type: string }) => item.type)
      expect(types).toEqual(
        expect.arrayContaining(['message', 'reply', 'stage', 'note', 'conversion', 'click']),
      )
      const times = timeline.body.data.map((item: { at: string }) => Date.parse(item.at))
      expect([...times].sort((a, b) => b - a)).toEqual(times)
      expect(timeline.body.data[0]).toMatchObject({ type: 'stage', to_stage: 'lost' })
      expect(timeline.body.data.find((i: { type: string }) => i.type === 'click')).toMatchObject({
        id: clickId,
        link_id: link.body.id,
      })
      // Paged, it is the same list.
      const paged: string[] = []
      let cursor: string | null = null
      do {
        const page: { body: { data: Array<{ id: string }>; next_cursor: string | null } } =
          await w.owner.get(
            `${w.base}/contacts/${id}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          )
        paged.push(...page.body.data.map((i) => i.id))
        cursor = page.body.next_cursor
      } while (cursor)
      expect(paged).toEqual(timeline.body.data.map((i: { id: string }) => i.id))

      const pipeline = await w.owner.get(`${w.base}/contacts/pipeline`)
      expect(pipeline.body.stages).toContainEqual({ stage: 'lost', count: 1 })
      const reader = w.api.client()
      const key = await w.owner.post(`${w.base}/api-keys`, { name: 'v', role: 'viewer' })
      reader.bearer = key.body.key
      expect((await reader.get(`${w.base}/contacts/${id}/timeline`)).status).toBe(200)
      expect((await reader.post(`${w.base}/contacts/${id}/stage`, { stage: 'lead' })).status).toBe(
        403,
      )
    })

    test('merge the same person from two networks, then split them apart again', async () => {
      const { remoteId } = await w.publish('Open on Sunday')
      say('ben.bsky.social', 'Do you sell gift cards?', { replyTo: remoteId, displayName: 'Ben' })
      await sync()
      const bluesky = await contactByHandle('ben.bsky.social')
      expect(bluesky.stage).toBe('lead')
      const other = await w.owner.post(`${w.base}/contacts`, {
        display_name: 'Benjamin Okafor',
        email: 'ben@example.com',
        tags: ['newsletter'],
        identities: [{ network: 'x', handle: 'benokafor' }],
      })
      const merged = await w.owner.post(`${w.base}/contacts/${other.body.id}/merge`, {
        contact_id: bluesky.id,
      })
      expect(merged.status).toBe(200)
      expect(merged.body).toMatchObject({
        display_name: 'Benjamin Okafor',
        email: 'ben@example.com',
        stage: 'lead',
        message_count: 1,
      })
      expect(merged.body.identities.map((i: { network: string }) => i.network).sort()).toEqual([
        'bluesky',
        'x',
      ])
      expect((await w.owner.get(`${w.base}/contacts/${bluesky.id}`)).status).toBe(404)
      const conversation = (await w.owner.get(`${w.base}/conversations`)).body.data[0]
      expect(conversation.contact).toMatchObject({ id: other.body.id, stage: 'lead' })
      const history = (await w.owner.get(`${w.base}/contacts/${other.body.id}`)).body
      expect(history.stage_history.at(-1)).toMatchObject({ source: 'merge', to_stage: 'lead' })
      expect(history.notes[0].body).toMatch(/Merged Ben — @ben.bsky.social \(bluesky\)/)

      const blueskyIdentity = merged.body.identities.find(
        (i: { network: string }) => i.network === 'bluesky',
      )
      const split = await w.owner.post(`${w.base}/contacts/${other.body.id}/split`, {
        identity_ids: [blueskyIdentity.id],
      })
      expect(split.status).toBe(201)
      expect(split.body).toMatchObject({ display_name: 'Ben', stage: 'lead', message_count: 1 })
      const after = await w.owner.get(`${w.base}/contacts/${other.body.id}`)
      expect(after.body).toMatchObject({ message_count: 0 })
      expect(after.body.identities).toHaveLength(1)
      const moved = (await w.owner.get(`${w.base}/conversations`)).body.data[0]
      expect(moved.contact.id).toBe(split.body.id)

      const all = await w.owner.post(`${w.base}/contacts/${other.body.id}/split`, {
        identity_ids: [after.body.identities[0].id],
      })
      expect(all.status).toBe(400)
      const self = await w.owner.post(`${w.base}/contacts/${other.body.id}/merge`, {
        contact_id: other.body.id,
      })
      expect(self.status).toBe(400)
    })

    test('CSV import updates matches, adds the rest, reports bad rows; export round-trips', async () => {
      await w.owner.post(`${w.base}/contacts`, {
        display_name: 'Carla Diaz',
        email: 'carla@example.com',
      })
      const csv = [
        'Name,Email,Stage,Tags,bluesky,x',
        'Carla Diaz,carla@example.com,customer,vip;wholesale,carla.bsky.social,',
        '"Dan ""The Baker"" Lee",dan@example.com,,newsletter,,danlee',
        'Eve,eve@example.com,prospect,,,',
        '=HYPERLINK("x"),evil@example.com,,,,',
      ].join('\r\n')
      const imported = await w.owner.post(`${w.base}/contacts/import`, { csv })
      expect(imported.status).toBe(200)
      expect(imported.body).toMatchObject({ rows: 4, created: 2, updated: 1, skipped: 0 })
      expect(imported.body.errors).toEqual([
        { line: 4, message: expect.stringMatching(/Stage "prospect" is not one of/) },
      ])
      const carla = await contactByHandle('carla@example.com')
      expect(carla).toMatchObject({ stage: 'customer', tags: ['vip', 'wholesale'] })
      const history = (await w.owner.get(`${w.base}/contacts/${carla.id}`)).body.stage_history
      expect(history.at(-1)).toMatchObject({ source: 'import', to_stage: 'customer' })

      const again = await w.owner.post(`${w.base}/contacts/import`, { csv })
      expect(again.body).toMatchObject({ created: 0, updated: 0, skipped: 3 })

      const exported = await w.owner.get(`${w.base}/contacts/export.csv`)
      expect(exported.status).toBe(200)
      expect(exported.headers.get('content-type')).toMatch(/text\/csv/)
      expect(exported.text).toContain('"Dan ""The Baker"" Lee",,dan@example.com')
      expect(exported.text).toContain(`"'=HYPERLINK(""x"")"`)
      const header = exported.text.split('\r\n')[0]?.split(',')
      expect(header?.slice(0, 3)).toEqual(['id', 'display_name', 'first_name'])
      expect(header).toEqual(expect.arrayContaining(['bluesky', 'x', 'mastodon']))

      const bad = await w.owner.post(`${w.base}/contacts/import`, { csv: 'foo,bar\n1,2' })
      expect(bad.status).toBe(400)
    })
  })
}
