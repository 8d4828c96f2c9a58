import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { claimDue } from '../../src/jobs/delivery-leases.js'
import { openCredentials } from '../../src/services/channels.js'
import { schedulePost } from '../../src/services/post-schedule.js'
import { getPost } from '../../src/services/post-views.js'
import { testDialects } from '../support/databases.js'
import { createWorld, type World } from './world.js'

const MINUTE = 60_000

for (const dialect of await testDialects()) {
  describe(`${dialect}: scheduler`, () => {
    let w: World
    beforeEach(async () => {
      w = await createWorld(dialect)
    })
    afterEach(() => w.t.cleanup())

    test('publishes a due delivery once, with the network id and URL; future ones wait', async () => {
      const now = await w.post('Fresh croissants until noon 🥐')
      const later = await w.post('Sourdough tomorrow', { type: 'at', at: w.clock.now + 3_600_000 })
      const scheduler = w.scheduler()
      await scheduler.drain()
      await scheduler.drain()

      const published = await w.delivery(now.deliveryId)
      expect(published.state).toBe('published')
      expect(published.attempts).toBe(1)
      const parts = JSON.parse(String(published.remote_parts))
      expect(parts).toHaveLength(1)
      expect(parts[0].url).toMatch(/^https:\/\/bsky\.app\/profile\/cornerbakery/)
      expect(w.fake.postsWithText('Fresh croissants until noon 🥐')).toHaveLength(1)
      expect((await w.delivery(later.deliveryId)).state).toBe('scheduled')

      w.clock.advance(3_600_000)
      await scheduler.drain()
      expect((await w.delivery(later.deliveryId)).state).toBe('published')
      expect(w.fake.postsWithText('Sourdough tomorrow')).toHaveLength(1)
      expect(w.fake.publishCalls).toHaveLength(2)
    })

    test('a claimed delivery is not claimed again until its lease runs out', async () => {
      const { deliveryId } = await w.post('Leased')
      const first = await claimDue(w.murmur, {
        workerId: 'worker-a',
        network: 'bluesky',
        limit: 10,
        leaseMs: 30_000,
      })
      expect(first.map((d) => d.id)).toEqual([deliveryId])
      const second = await claimDue(w.murmur, {
        workerId: 'worker-b',
        network: 'bluesky',
        limit: 10,
        leaseMs: 30_000,
      })
      expect(second).toEqual([])
      // worker-a vanished before starting: nothing was sent, so another worker may take it.
      w.clock.advance(31_000)
      const scheduler = w.scheduler()
      await scheduler.drain()
      expect((await w.delivery(deliveryId)).state).toBe('published')
      expect(w.fake.publishCalls).toHaveLength(1)
    })

    test('retryable: backs off (honouring the network’s wait), then publishes once', async () => {
      w.fake.failNext({ kind: 'retryable', status: 429, retryAfterMs: 5 * MINUTE })
      const { deliveryId } = await w.post('Rate limited at first')
      const scheduler = w.scheduler()
      await scheduler.drain()
      const waiting = await w.delivery(deliveryId)
      expect(waiting.state).toBe('scheduled')
      expect(waiting.attempts).toBe(1)
      expect(waiting.last_error_kind).toBe('retryable')
      expect(String(waiting.last_error)).toContain('rate limit reached')
      expect(Number(waiting.next_attempt_at)).toBeGreaterThanOrEqual(w.clock.now + 5 * MINUTE)

      w.clock.advance(4 * MINUTE)
      await scheduler.drain()
      expect((await w.delivery(deliveryId)).state).toBe('scheduled')
      w.clock.advance(2 * MINUTE)
      await scheduler.drain()
      const done = await w.delivery(deliveryId)
      expect(done.state).toBe('published')
      expect(done.attempts).toBe(2)
      expect(done.last_error).toBeNull()
      expect(w.fake.postsWithText('Rate limited at first')).toHaveLength(1)
    })

    test('retryable: exponential backoff with jitter, then failed with the reason', async () => {
      w.fake.failNext(
        { kind: 'retryable', status: 503 },
        { kind: 'retryable', status: 503 },
        { kind: 'retryable', status: 503 },
      )
      const { deliveryId } = await w.post('Outage')
      const scheduler = w.scheduler({ maxAttempts: 3, backoffBaseMs: 10_000, random: () => 0 })
      const waits: number[] = []
      for (let round = 0; round < 3; round++) {
        await scheduler.drain()
        const row = await w.delivery(deliveryId)
        if (row.state !== 'scheduled') break
        waits.push(Number(row.next_attempt_at) - w.clock.now)
        w.clock.advance(Number(row.next_attempt_at) - w.clock.now)
      }
      // random() = 0 gives the lower half of each window: 5 s, then 10 s.
      expect(waits).toEqual([5_000, 10_000])
      const failed = await w.delivery(deliveryId)
      expect(failed.state).toBe('failed')
      expect(String(failed.last_error)).toMatch(
        /^Gave up after 3 attempts\. Last answer: Bluesky: temporarily unavailable \(HTTP 503\)/,
      )
      expect(w.fake.posts.size).toBe(0)
    })

    test('auth expired: the channel needs reconnecting, and its due posts fail without a call', async () => {
      const first = await w.post('First after revoke')
      const second = await w.post('Second after revoke')
      w.fake.revoke(w.channel.account_id)
      const scheduler = w.scheduler({ defaultNetworkConcurrency: 1 })
      await scheduler.drain()
      const channel = await w.scope
        .selectFrom('channels')
        .select(['status', 'status_reason'])
        .where('id', '=', w.channel.id)
        .executeTakeFirstOrThrow()
      expect(channel.status).toBe('needs_reconnect')
      expect(channel.status_reason).toContain('expired')
      const rows = [await w.delivery(first.deliveryId), await w.delivery(second.deliveryId)]
      expect(rows.map((r) => r.state)).toEqual(['failed', 'failed'])
      expect(rows.map((r) => r.last_error_kind)).toEqual(['auth_expired', 'auth_expired'])
      expect(String(rows[0]!.last_error)).toContain('needs reconnecting')
      expect(String(rows[1]!.last_error)).toContain('Reconnect the channel, then retry')
      // Only the first reached the network; the second was failed before any call.
      expect(w.fake.publishCalls).toHaveLength(0)
      expect(w.fake.posts.size).toBe(0)
    })

    test('content rejected: failed with the network’s own words', async () => {
      w.fake.failNext({
        kind: 'content_rejected',
        status: 400,
        reason: 'Invalid app.bsky.feed.post record: grapheme too big (maximum 300, got 301)',
      })
      const { deliveryId } = await w.post('Refused by the server')
      await w.scheduler().drain()
      const row = await w.delivery(deliveryId)
      expect(row.state).toBe('failed')
      expect(row.last_error_kind).toBe('content_rejected')
      expect(String(row.last_error)).toContain('grapheme too big (maximum 300, got 301)')
    })

    test('content that breaks the rules is failed before anything is sent', async () => {
      const { deliveryId } = await w.post('Fine when scheduled')
      // Someone bypassed the API and stored an over-long text: the scheduler checks again.
      await w.scope
        .updateTable('post_parts')
        .set({ text: 'x'.repeat(301) })
        .execute()
      await w.scheduler().drain()
      const row = await w.delivery(deliveryId)
      expect(row.state).toBe('failed')
      expect(row.last_error_kind).toBe('invalid')
      expect(String(row.last_error)).toContain('301 / 300')
      expect(w.fake.publishCalls).toHaveLength(0)
    })

    test('outcome unknown: unconfirmed, checked on the network, and never retried by itself', async () => {
      w.fake.failNext({ kind: 'outcome_unknown' })
      const { deliveryId, postId } = await w.post('Lost answer, not created')
      const scheduler = w.scheduler()
      await scheduler.drain()
      const row = await w.delivery(deliveryId)
      expect(row.state).toBe('unconfirmed')
      expect(row.last_error_kind).toBe('outcome_unknown')
      expect(String(row.last_error)).toContain('will not send it again by itself')
      expect(String(row.last_error)).toContain('does not show it')
      for (let i = 0; i < 3; i++) {
        w.clock.advance(60 * MINUTE)
        await scheduler.drain()
      }
      expect((await w.delivery(deliveryId)).state).toBe('unconfirmed')
      expect(w.fake.publishCalls).toHaveLength(1)
      const view = await getPost(w.scope, postId)
      expect(view.state).toBe('unconfirmed')
      expect(view.deliveries[0]?.remote.unconfirmed?.id).toMatch(/^at:\/\//)
    })

    test('outcome unknown but the post exists: confirmed by reading it back', async () => {
      w.fake.failNext({ kind: 'outcome_unknown', createdAnyway: true })
      const { deliveryId } = await w.post('Lost answer, created anyway')
      await w.scheduler().drain()
      const row = await w.delivery(deliveryId)
      expect(row.state).toBe('published')
      const [part] = JSON.parse(String(row.remote_parts))
      expect(w.fake.posts.get(part.id)?.text).toBe('Lost answer, created anyway')
      expect(w.fake.postsWithText('Lost answer, created anyway')).toHaveLength(1)
    })

    test('a thread that fails half-way continues under its published part, without duplicates', async () => {
      w.fake.failNext({ kind: 'retryable', status: 502, atPart: 1 })
      const thread = {
        parts: [1, 2, 3].map((n) => ({ text: `Bake-off ${n}/3`, media: [] })),
        first_comment: 'Tickets at the counter',
      }
      const { deliveryId } = await w.post(thread)
      const scheduler = w.scheduler()
      await scheduler.drain()
      const halfway = await w.delivery(deliveryId)
      expect(halfway.state).toBe('scheduled')
      expect(JSON.parse(String(halfway.remote_parts))).toHaveLength(1)
      expect(String(halfway.last_error)).toContain('1 part is already published')
      w.clock.advance(60 * MINUTE)
      await scheduler.drain()
      const done = await w.delivery(deliveryId)
      expect(done.state).toBe('published')
      const parts = JSON.parse(String(done.remote_parts)) as Array<{ id: string }>
      expect(parts).toHaveLength(3)
      for (const n of [1, 2, 3]) expect(w.fake.postsWithText(`Bake-off ${n}/3`)).toHaveLength(1)
      const [one, two, three] = parts.map((p) => w.fake.posts.get(p.id)!)
      expect(two?.replyParentId).toBe(one?.id)
      expect(three).toMatchObject({ replyParentId: two?.id, replyRootId: one?.id })
      const comment = JSON.parse(String(done.remote_first_comment))
      expect(w.fake.posts.get(comment.id)).toMatchObject({
        text: 'Tickets at the counter',
        replyParentId: three?.id,
      })
    })

    test('a bug before sending fails the delivery saying nothing was sent; after sending, unconfirmed', async () => {
      const before = await w.post('Bug before sending')
      const validate = w.fake.validate
      w.fake.validate = () => {
        throw new TypeError('validator exploded')
      }
      const scheduler = w.scheduler()
      await scheduler.drain()
      const failed = await w.delivery(before.deliveryId)
      expect(failed).toMatchObject({ state: 'failed', last_error_kind: 'internal' })
      expect(String(failed.last_error)).toContain('Nothing was sent')
      w.fake.validate = validate

      const after = await w.post('Bug after sending')
      const publish = w.fake.publish.bind(w.fake)
      w.fake.publish = async (...args) => {
        await publish(...args)
        throw new TypeError('adapter exploded after the post was made')
      }
      await scheduler.drain()
      const unknown = await w.delivery(after.deliveryId)
      expect(unknown).toMatchObject({ state: 'unconfirmed', last_error_kind: 'internal' })
      expect(String(unknown.last_error)).toContain('does not know whether the post went out')
      await scheduler.drain()
      expect(w.fake.postsWithText('Bug after sending')).toHaveLength(1)
    })

    test('a publish whose worker died becomes unconfirmed and is never sent again', async () => {
      const { deliveryId } = await w.post('Worker killed mid-publish')
      // What a SIGKILLed worker leaves: started, lease running, then silence.
      await w.scope
        .updateTable('deliveries')
        .set({
          state: 'publishing',
          started_at: w.clock.now,
          attempts: 1,
          lease_owner: 'dead-worker',
          lease_expires_at: w.clock.now + 60_000,
        })
        .where('id', '=', deliveryId)
        .execute()
      const scheduler = w.scheduler()
      await scheduler.drain()
      expect((await w.delivery(deliveryId)).state).toBe('publishing')
      w.clock.advance(61_000)
      await scheduler.drain()
      const row = await w.delivery(deliveryId)
      expect(row.state).toBe('unconfirmed')
      expect(row.last_error_kind).toBe('interrupted')
      expect(String(row.last_error)).toContain('Murmur stopped while publishing')
      w.clock.advance(60 * MINUTE)
      await scheduler.drain()
      expect(w.fake.publishCalls).toHaveLength(0)
    })

    test('late deliveries: within the grace they go out marked late, beyond it they fail as missed', async () => {
      const due = w.clock.now + MINUTE
      const soon = await w.post('Late but fine', { type: 'at', at: due })
      w.clock.advance(MINUTE + 10 * MINUTE)
      await w.scheduler().drain()
      const late = await w.delivery(soon.deliveryId)
      expect(late.state).toBe('published')
      expect(late.late_ms).toBe(10 * MINUTE)

      const missed = await w.post('Missed entirely', { type: 'at', at: w.clock.now + MINUTE })
      w.clock.advance(MINUTE + w.murmur.config.lateGraceMs + MINUTE)
      await w.scheduler().drain()
      const row = await w.delivery(missed.deliveryId)
      expect(row.state).toBe('failed')
      expect(row.last_error_kind).toBe('missed')
      expect(String(row.last_error)).toMatch(/^Missed its time: it was due .*\(Europe\/Paris\)/)
      expect(w.fake.postsWithText('Missed entirely')).toHaveLength(0)
    })

    test('rescheduling a claimed delivery wins: the worker does not start it', async () => {
      const { postId, deliveryId } = await w.post('Moved at the last second')
      const claimed = await claimDue(w.murmur, {
        workerId: 'slow-worker',
        network: 'bluesky',
        limit: 1,
        leaseMs: 30_000,
      })
      expect(claimed).toHaveLength(1)
      await schedulePost(w.murmur, w.scope, postId, { type: 'at', at: w.clock.now + 3_600_000 })
      const { publishDelivery } = await import('../../src/jobs/publish-delivery.js')
      const scheduler = w.scheduler({ workerId: 'slow-worker' })
      const outcome = await publishDelivery(
        w.murmur,
        w.fake.asNetworks(),
        scheduler.options,
        claimed[0]!,
      )
      expect(outcome).toBe('skipped')
      expect((await w.delivery(deliveryId)).state).toBe('scheduled')
      expect(w.fake.publishCalls).toHaveLength(0)
    })

    test('every tick beats the heartbeat; stop removes it', async () => {
      const scheduler = w.scheduler({ workerId: 'beating' })
      await scheduler.tick()
      const first = await w.murmur.db
        .selectFrom('scheduler_heartbeats')
        .selectAll()
        .where('worker_id', '=', 'beating')
        .executeTakeFirstOrThrow()
      w.clock.advance(1000)
      await scheduler.tick()
      const second = await w.murmur.db
        .selectFrom('scheduler_heartbeats')
        .select('beat_at')
        .where('worker_id', '=', 'beating')
        .executeTakeFirstOrThrow()
      expect(second.beat_at - first.beat_at).toBe(1000)
      await scheduler.stop()
      const gone = await w.murmur.db
        .selectFrom('scheduler_heartbeats')
        .select('worker_id')
        .where('worker_id', '=', 'beating')
        .executeTakeFirst()
      expect(gone).toBeUndefined()
    })

    test('rotated tokens are stored sealed at once; the raw row never holds a token', async () => {
      w.fake.rotateTokens = true
      const { deliveryId } = await w.post('Token rotates')
      await w.scheduler().drain()
      expect((await w.delivery(deliveryId)).state).toBe('published')
      const credentials = (await openCredentials(w.murmur, w.scope, w.channel.id)) as {
        token: string
      }
      const account = w.fake.accounts.get('cornerbakery.bsky.social')!
      expect([...account.tokens].at(-1)).toBe(credentials.token)
      const raw = await w.murmur.db
        .selectFrom('channels')
        .selectAll()
        .where('id', '=', w.channel.id)
        .executeTakeFirstOrThrow()
      const everything = JSON.stringify(raw)
      expect(everything).not.toContain('tok_')
      expect(everything).not.toContain(credentials.token)
      expect(raw.credentials).toMatch(/^v1\./)
    })

    test('the started loop publishes without being driven, and stop waits for it', async () => {
      const scheduler = w.scheduler({ tickMs: 10 })
      scheduler.start()
      const { deliveryId } = await w.post('Loop')
      for (let i = 0; i < 200 && (await w.delivery(deliveryId)).state !== 'published'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      await scheduler.stop()
      expect((await w.delivery(deliveryId)).state).toBe('published')
    })
  })
}
