import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { InboxSync } from '../../src/engagement/inbox-sync.js'
import { testDialects } from '../support/databases.js'
import { BUSINESS, createInboxWorld, type InboxWorld, syncDefaults } from './world.js'

const MINUTE = 60_000

for (const dialect of await testDialects()) {
  describe(`${dialect}: inbox sync`, () => {
    let w: InboxWorld
    beforeEach(async () => {
      w = await createInboxWorld(dialect)
    })
    afterEach(() => w.cleanup())

    const say = (from: string, text: string, extra: { replyTo?: string; quote?: string } = {}) => {
      w.clock.advance(1000)
      return w.fake.receive({ to: BUSINESS, from, text, at: w.clock.now, ...extra })
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

    test('pages through every item once, newest first, and a second sync stores nothing twice', async () => {
      for (let i = 0; i < 250; i++) say(`fan${i % 40}.bsky.social`, `Hello number ${i}`)
      const [first] = await w.sync()
      expect(first).toMatchObject({ status: 'synced', received: 250, pages: 3, error: null })
      expect(await count('messages')).toBe(250)
      expect(await count('contacts')).toBe(40)

      say('fan1.bsky.social', 'One more thing')
      const [second] = await w.sync()
      expect(second).toMatchObject({ status: 'synced', received: 1, pages: 1 })
      expect(await count('messages')).toBe(251)
      // Syncing again finds nothing new and creates nothing.
      const [third] = await w.sync()
      expect(third).toMatchObject({ received: 0, pages: 1 })
      expect(await count('messages')).toBe(251)
    })

    test('replies under a post of the business are one conversation; the author is a contact', async () => {
      const { postId, remoteId } = await w.publish('Fresh croissants until noon 🥐')
      const question = say('anna.bsky.social', 'How much for a dozen?', { replyTo: remoteId })
      say('ben.bsky.social', 'Best croissants in town, thank you!', { replyTo: remoteId })
      say('anna.bsky.social', 'And can I order for Saturday?', { replyTo: question.id })
      say('carl.bsky.social', `@${BUSINESS} are you open on Sunday?`)
      const [result] = await w.sync()
      expect(result?.received).toBe(4)

      const conversations = await w.murmur.db
        .selectFrom('conversations')
        .selectAll()
        .orderBy('created_at')
        .execute()
      expect(conversations).toHaveLength(2)
      const underPost = conversations.find((c) => c.post_id === postId)!
      expect(underPost).toMatchObject({
        kind: 'post',
        root_remote_id: remoteId,
        message_count: 3,
        status: 'open',
        intent: 'purchase',
        contact_stage: 'lead',
      })
      const thread = conversations.find((c) => c.post_id === null)!
      expect(thread).toMatchObject({ kind: 'thread', message_count: 1, intent: 'question' })

      const anna = await w.murmur.db
        .selectFrom('contacts')
        .innerJoin('contact_identities', 'contact_identities.contact_id', 'contacts.id')
        .selectAll('contacts')
        .where('contact_identities.handle', '=', 'anna.bsky.social')
        .executeTakeFirstOrThrow()
      expect(anna).toMatchObject({ stage: 'lead', message_count: 2 })
      const history = await w.murmur.db
        .selectFrom('contact_stage_changes')
        .select(['from_stage', 'to_stage', 'source', 'reason'])
        .where('contact_id', '=', anna.id)
        .orderBy('id')
        .execute()
      expect(history.map((h) => h.to_stage)).toEqual(['audience', 'engaged', 'lead'])
      expect(history[2]?.reason).toMatch(/Rule "Price" \(purchase\): the message says "how much"/)
    })

    test('a sync stopped by its page budget resumes where it stopped, then catches up', async () => {
      for (let i = 0; i < 450; i++) say(`p${i % 7}.bsky.social`, `Item ${i}`)
      const [first] = await w.sync({ pagesPerRun: 2 })
      expect(first).toMatchObject({ status: 'more', received: 200, pages: 2 })
      for (let i = 0; i < 30; i++) say('late.bsky.social', `New ${i}`)
      const [second] = await w.sync({ pagesPerRun: 2 })
      expect(second).toMatchObject({ status: 'more', received: 200 })
      const [third] = await w.sync({ pagesPerRun: 2 })
      expect(third?.status).toBe('synced')
      expect(await count('messages')).toBe(480)
      const texts = await w.murmur.db.selectFrom('messages').select('text').execute()
      expect(new Set(texts.map((t) => t.text)).size).toBe(480)
    })

    test('a rate limit backs off for at least Retry-After, even for "sync now"', async () => {
      say('anna.bsky.social', 'Hello?')
      w.fake.failMentions({ kind: 'retryable', status: 429, retryAfterMs: 10 * MINUTE })
      const [limited] = await w.sync()
      expect(limited).toMatchObject({ status: 'waiting', received: 0 })
      expect(limited?.retry_at).toBeGreaterThanOrEqual(w.clock.now + 10 * MINUTE)
      expect(limited?.error).toMatch(/rate limit/)

      const calls = w.fake.mentionCalls.length
      w.clock.advance(5 * MINUTE)
      const [early] = await w.sync()
      expect(early?.status).toBe('waiting')
      expect(w.fake.mentionCalls.length).toBe(calls)

      w.clock.advance(6 * MINUTE)
      const [later] = await w.sync()
      expect(later).toMatchObject({ status: 'synced', received: 1 })
      const state = await w.murmur.db
        .selectFrom('inbox_sync_state')
        .selectAll()
        .executeTakeFirstOrThrow()
      expect(state).toMatchObject({ failures: 0, last_error: null, items_received: 1 })
    })

    test('a failure half-way keeps the pages read and the next sync fills the rest', async () => {
      for (let i = 0; i < 300; i++) say(`q${i % 5}.bsky.social`, `Message ${i}`)
      const fetchMentions = w.fake.fetchMentions.bind(w.fake)
      let calls = 0
      w.fake.fetchMentions = async (credentials, request, options) => {
        calls += 1
        if (calls === 2) w.fake.failMentions({ kind: 'retryable', status: 503 })
        return fetchMentions(credentials, request, options)
      }
      const [broken] = await w.sync()
      expect(broken).toMatchObject({ status: 'waiting', received: 100 })
      w.clock.advance(2 * 3_600_000)
      const [fixed] = await w.sync()
      expect(fixed).toMatchObject({ status: 'synced', received: 200 })
      expect(await count('messages')).toBe(300)
    })

    test('edits and deletions on the network are reflected', async () => {
      const kept = say('anna.bsky.social', 'Your bread is awful')
      const gone = say('ben.bsky.social', 'My address is 12 Baker Street, call me')
      await w.sync()
      w.fake.edit(kept.id, 'Your bread is wonderful, sorry, typo!')
      w.fake.remove(gone.id)
      w.clock.advance(2 * 3_600_000)
      const [result] = await w.sync()
      expect(result).toMatchObject({ edited: 1, deleted: 1 })
      const rows = await w.murmur.db
        .selectFrom('messages')
        .select(['remote_id', 'text', 'sentiment', 'edited_at', 'deleted_at', 'labels'])
        .execute()
      const edited = rows.find((r) => r.remote_id === kept.id)!
      expect(edited).toMatchObject({ text: 'Your bread is wonderful, sorry, typo!' })
      expect(edited.edited_at).not.toBeNull()
      const deleted = rows.find((r) => r.remote_id === gone.id)!
      expect(deleted).toMatchObject({ text: '', labels: '[]' })
      expect(deleted.deleted_at).not.toBeNull()
    })

    test('expired credentials mark the channel for reconnecting', async () => {
      say('anna.bsky.social', 'Hi')
      w.fake.revoke(w.channel.account_id)
      const [result] = await w.sync()
      expect(result?.status).toBe('failed')
      expect(result?.error).toMatch(/needs reconnecting/)
      const channel = await w.murmur.db
        .selectFrom('channels')
        .select('status')
        .executeTakeFirstOrThrow()
      expect(channel.status).toBe('needs_reconnect')
      const [after] = await w.sync()
      expect(after?.status).toBe('skipped')
    })

    test('two background syncs never sync one channel at once', async () => {
      for (let i = 0; i < 120; i++) say(`r${i % 9}.bsky.social`, `Ping ${i}`)
      const a = new InboxSync(w.murmur, { ...syncDefaults, workerId: 'a' }, w.fake.asNetworks())
      const b = new InboxSync(w.murmur, { ...syncDefaults, workerId: 'b' }, w.fake.asNetworks())
      await Promise.all([a.tick(), b.tick()])
      await Promise.all([a.stop(), b.stop()])
      expect(await count('messages')).toBe(120)
      expect(w.fake.mentionCalls.length).toBe(2)
      const state = await w.murmur.db
        .selectFrom('inbox_sync_state')
        .selectAll()
        .executeTakeFirstOrThrow()
      expect(state.lease_owner).toBeNull()
      expect(state.next_sync_at).toBe(w.clock.now + a.options.intervalMs)
    })
  })
}
