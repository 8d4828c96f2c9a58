/**
 * The background inbox sync decides nothing once at start: each round reads the channels and
 * asks for the networks again. A LinkedIn channel connected (with its network newly set up) after
 * the loop started is synced by the loop's next round, through the real LinkedIn adapter against
 * the LinkedIn fake. Rounds are driven with `tick()`, the loop's own step: no timers.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { InboxSync } from '../../src/engagement/inbox-sync.js'
import { createLinkedIn } from '../../src/networks/linkedin/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { connectWithAppPassword } from '../../src/services/channels.js'
import { installNetworks, networksOf } from '../../src/services/publishing-networks.js'
import { FakeLinkedIn } from '../fakes/linkedin/fake-linkedin.js'
import { newLinkedInChannel } from '../fakes/linkedin/fake-linkedin-channels.js'
import { testDialects } from '../support/databases.js'
import { BUSINESS, createInboxWorld, type InboxWorld, syncDefaults } from './world.js'

let linkedin: FakeLinkedIn
beforeAll(async () => {
  linkedin = await FakeLinkedIn.start()
})
afterAll(async () => {
  await linkedin?.close()
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: the background inbox sync after start`, () => {
    let w: InboxWorld
    let loop: InboxSync
    beforeEach(async () => {
      w = await createInboxWorld(dialect)
      // No networks given: the loop uses the process's, as `murmur start` and `murmur worker` do.
      loop = new InboxSync(w.murmur, { ...syncDefaults, tickMs: 3_600_000 })
    })
    afterEach(async () => {
      await loop.stop()
      await w.cleanup()
    })

    const messagesOf = (channelId: string) =>
      w.murmur.db
        .selectFrom('messages')
        .select(['text'])
        .where('channel_id', '=', channelId)
        .execute()

    test('a channel of a network set up after start is synced at the next round', async () => {
      w.clock.advance(1000)
      w.fake.receive({
        to: BUSINESS,
        from: 'anna.bsky.social',
        text: `@${BUSINESS} first!`,
        at: w.clock.now,
      })
      await loop.tick()
      expect(await messagesOf(w.channel.id)).toEqual([{ text: `@${BUSINESS} first!` }])

      // Later: the operator sets LinkedIn up and someone connects the bakery's LinkedIn page.
      const bluesky = networksOf(w.murmur)
      const adapter = createLinkedIn({
        apiUrl: linkedin.url,
        tokenManager: new OAuthTokenManager(),
      })
      installNetworks(w.murmur, {
        get: (id) => (id === 'linkedin' ? adapter : bluesky.get(id)),
        signInWithAppPassword: (id, request) => bluesky.signInWithAppPassword(id, request),
      })
      const business = newLinkedInChannel(linkedin)
      const now = w.murmur.now()
      await w.scope
        .insertInto('channels', {
          id: 'ch_linkedin_later',
          network: 'linkedin',
          account_id: business.author,
          handle: business.name,
          display_name: business.name,
          avatar_url: null,
          service_url: null,
          credentials: w.murmur.secrets.seal(JSON.stringify(business)),
          status: 'active',
          status_reason: null,
          status_changed_at: null,
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .execute()
      const { parts } = await adapter.publish(business, {
        parts: [{ text: 'Hiring a baker', media: [] }],
      })
      linkedin.commentAs(
        linkedin.createMember('Grace Hopper'),
        parts[0]!.id,
        'How do I apply?',
        w.clock.now,
      )

      await loop.tick()
      expect(await messagesOf('ch_linkedin_later')).toEqual([{ text: 'How do I apply?' }])
      const state = await w.murmur.db
        .selectFrom('inbox_sync_state')
        .select(['last_success_at', 'last_error'])
        .where('channel_id', '=', 'ch_linkedin_later')
        .executeTakeFirstOrThrow()
      expect(state).toEqual({ last_success_at: w.clock.now, last_error: null })
    })

    test('a channel connected after start, of a network already there, is synced too', async () => {
      await loop.tick()
      w.fake.addAccount('cornerbakery-east.bsky.social', 'qrst-uvwx-yzab-cdef')
      const { channel } = await connectWithAppPassword(w.murmur, w.scope, {
        network: 'bluesky',
        handle: 'cornerbakery-east.bsky.social',
        appPassword: 'qrst-uvwx-yzab-cdef',
        createdBy: w.userId,
      })
      w.clock.advance(1000)
      w.fake.receive({
        to: 'cornerbakery-east.bsky.social',
        from: 'bob.bsky.social',
        text: '@cornerbakery-east.bsky.social open late?',
        at: w.clock.now,
      })
      await loop.tick()
      expect(await messagesOf(channel.id)).toEqual([
        { text: '@cornerbakery-east.bsky.social open late?' },
      ])
    })
  })
}
