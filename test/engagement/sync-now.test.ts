import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  installSyncNowCooldown,
  SYNC_NOW_COOLDOWN_MS,
} from '../../src/engagement/sync-now-throttle.js'
import { testDialects } from '../support/databases.js'
import { BUSINESS, createInboxWorld, type InboxWorld } from './world.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: Sync now is throttled`, () => {
    let w: InboxWorld

    beforeAll(async () => {
      w = await createInboxWorld(dialect)
      installSyncNowCooldown(w.murmur, SYNC_NOW_COOLDOWN_MS)
    })
    afterAll(() => w.cleanup())

    const press = (body: object = {}) => w.owner.post(`${w.base}/inbox/sync`, body)

    test('pressed again too soon: a clear 429 with Retry-After, and nothing is read', async () => {
      w.fake.receive({
        to: BUSINESS,
        from: 'anna.bsky.social',
        text: `@${BUSINESS} hi`,
        at: w.clock.now,
      })
      const first = await press()
      expect(first.status).toBe(200)
      expect(first.body.channels[0].received).toBe(1)

      w.clock.advance(10_000)
      w.fake.receive({
        to: BUSINESS,
        from: 'bob.bsky.social',
        text: `@${BUSINESS} hello`,
        at: w.clock.now,
      })
      const again = await press()
      expect(again.status).toBe(429)
      expect(again.headers.get('retry-after')).toBe('20')
      expect(again.body.error).toMatchObject({
        code: 'rate_limited',
        message: expect.stringMatching(/less than 30 seconds ago; try again in 20 s/),
        details: { retry_after_seconds: 20 },
      })
      // One channel of the same workspace counts too.
      const one = await press({ channel_id: w.channel.id })
      expect(one.status).toBe(429)
      expect((await w.owner.get(`${w.base}/conversations`)).body.data).toHaveLength(1)
    })

    test('once the wait is over, Sync now works again and brings what came meanwhile', async () => {
      w.clock.advance(20_000)
      const later = await press()
      expect(later.status).toBe(200)
      expect(later.body.channels[0].received).toBe(1)
      expect((await w.owner.get(`${w.base}/conversations`)).body.data).toHaveLength(2)
    })

    test('two presses at the same moment: one syncs, the other is told to wait', async () => {
      w.clock.advance(SYNC_NOW_COOLDOWN_MS)
      const statuses = (await Promise.all([press(), press()])).map((r) => r.status).sort()
      expect(statuses).toEqual([200, 429])
    })

    test('the scheduled sync and the CLI are not throttled', async () => {
      w.clock.advance(1000)
      const results = await w.sync()
      expect(results[0]?.status).toBe('synced')
    })
  })
}
