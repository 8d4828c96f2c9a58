import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { testDialects } from '../support/databases.js'
import { BUSINESS, createInboxWorld, type InboxWorld } from './world.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: export and erasure of a contact`, () => {
    let w: InboxWorld
    beforeEach(async () => {
      w = await createInboxWorld(dialect)
    })
    afterEach(() => w.cleanup())

    const say = (
      from: string,
      text: string,
      extra: { replyTo?: string; displayName?: string } = {},
    ) => {
      w.clock.advance(1000)
      return w.fake.receive({ to: BUSINESS, from, text, at: w.clock.now, ...extra })
    }

    /** Every row of every table, as text: where personal data would show. */
    async function everything(): Promise<string> {
      const tables =
        dialect === 'sqlite'
          ? await sql<{
              name: string
            }>`select name from sqlite_master where type = 'table'`.execute(w.murmur.db)
          : await sql<{
              name: string
            }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
              w.murmur.db,
            )
      const dumps: string[] = []
      for (const { name } of tables.rows) {
        const rows = await sql`select * from ${sql.table(name)}`.execute(w.murmur.db)
        dumps.push(`${name}: ${JSON.stringify(rows.rows)}`)
      }
      return dumps.join('\n')
    }

    const count = async (table: 'messages' | 'conversations' | 'contacts') =>
      Number(
        (
          await w.murmur.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )

    test('erasure removes personal data everywhere and keeps the counts; sync does not bring it back', async () => {
      const { remoteId } = await w.publish('Rye loaves are back')
      const first = say('anna.bsky.social', 'Can I order two for Friday? My number is 0612345678', {
        replyTo: remoteId,
        displayName: 'Anna Schmidt',
      })
      say('anna.bsky.social', `@${BUSINESS} also, your secret rye recipe please`, {
        displayName: 'Anna Schmidt',
      })
      say('bob.bsky.social', 'Same question as Anna!', { replyTo: first.id })
      await w.owner.post(`${w.base}/inbox/sync`, {})
      const anna = (await w.owner.get(`${w.base}/contacts?q=anna.bsky`)).body.data[0]
      await w.owner.patch(`${w.base}/contacts/${anna.id}`, {
        email: 'anna.schmidt@example.com',
        customer_id: 'cust-77',
        first_name: 'Anna',
      })
      await w.owner.post(
        `${w.base}/contacts/${anna.id}/notes`,
        { body: 'Anna Schmidt is allergic to sesame' },
        { 'idempotency-key': 'note-1' },
      )
      const conversations = (await w.owner.get(`${w.base}/conversations`)).body.data
      const underPost = conversations.find((c: { kind: string }) => c.kind === 'post')
      await w.owner.post(`${w.base}/conversations/${underPost.id}/reply`, {
        text: 'Of course {first_name}! Two rye loaves for Anna Schmidt on Friday.',
        message_id: (await w.owner.get(`${w.base}/conversations/${underPost.id}`)).body.messages[0]
          .id,
      })
      await w.owner.post(`${w.base}/conversations/${underPost.id}/notes`, {
        body: 'Call @anna.bsky.social back',
      })
      const conversion = await w.owner.post(`${w.base}/conversions`, {
        type: 'lead',
        customer_id: 'cust-77',
      })
      expect(conversion.status).toBe(201)

      const exported = await w.owner.get(`${w.base}/contacts/${anna.id}/export`)
      expect(exported.status).toBe(200)
      expect(exported.body.contact).toMatchObject({ display_name: 'Anna Schmidt', stage: 'lead' })
      expect(exported.body.messages.map((m: { direction: string }) => m.direction).sort()).toEqual([
        'in',
        'in',
        'out',
      ])
      expect(exported.body.conversions).toHaveLength(1)

      const did = [...w.fake.accounts.values()].find((a) => a.handle === 'anna.bsky.social')!.did
      const personal = [
        'Anna Schmidt',
        'anna.bsky.social',
        'anna.schmidt@example.com',
        'cust-77',
        '0612345678',
        'secret rye recipe',
        did,
      ]
      const before = await everything()
      for (const term of personal) expect(before).toContain(term)
      const counts = [await count('messages'), await count('conversations')]

      const erased = await w.owner.post(`${w.base}/contacts/${anna.id}/erase`)
      expect(erased.status).toBe(200)
      expect(erased.body.messages_anonymised).toBe(2)

      const after = await everything()
      for (const term of personal) expect(after, term).not.toContain(term)
      expect([await count('messages'), await count('conversations')]).toEqual(counts)
      expect((await w.owner.get(`${w.base}/contacts/${anna.id}`)).status).toBe(404)
      const bob = (await w.owner.get(`${w.base}/contacts?q=bob.bsky`)).body.data[0]
      expect(bob.message_count).toBe(1)

      // Her posts are still on the network: the next sync does not store them again.
      say('carl.bsky.social', `@${BUSINESS} hello`)
      const [result] = (await w.owner.post(`${w.base}/inbox/sync`, {})).body.channels
      expect(result.received).toBe(1)
      w.clock.advance(2 * 3_600_000)
      await w.owner.post(`${w.base}/inbox/sync`, {})
      expect(await count('messages')).toBe(counts[0]! + 1)
      expect(await everything()).not.toContain('secret rye recipe')
    })
  })
}
