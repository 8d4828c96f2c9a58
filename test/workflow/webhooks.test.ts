import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Scheduler } from '../../src/jobs/scheduler.js'
import { WEBHOOK_RETRY_DELAYS_MS, WebhookDispatcher } from '../../src/jobs/webhook-dispatcher.js'
import { testDialects } from '../support/databases.js'
import { WebhookReceiver } from './webhook-receiver.js'
import { content, createTeamWorld, type TeamWorld } from './world.js'

const HOUR = 3_600_000

for (const dialect of await testDialects()) {
  describe(`${dialect}: webhooks`, () => {
    let w: TeamWorld
    let receiver: WebhookReceiver
    let url: string
    let dispatcher: WebhookDispatcher
    const events = () => receiver.received.map((r) => JSON.parse(r.body).type)
    const deliveriesOf = async (endpointId: string) =>
      (await w.owner.get(`${w.base}/webhooks/${endpointId}/deliveries`)).body.data

    beforeAll(async () => {
      w = await createTeamWorld(dialect)
      receiver = new WebhookReceiver()
      url = await receiver.start()
      // Tests only: the receiver is on this machine, which production refuses.
      dispatcher = new WebhookDispatcher(w.t.murmur, { allowLoopback: true, workerId: 'test' })
    })
    afterAll(async () => {
      await receiver.stop()
      await w.t.cleanup()
    })

    test('admins add endpoints; the secret is shown once and stored sealed; input is checked', async () => {
      const denied = await w.editor.post(`${w.base}/webhooks`, { url, events: ['post.published'] })
      expect(denied.status).toBe(403)
      const ftp = await w.owner.post(`${w.base}/webhooks`, {
        url: 'ftp://example.com/x',
        events: ['post.published'],
      })
      expect(ftp.status).toBe(400)
      expect(ftp.body.error.message).toContain('only http and https')
      const unknown = await w.owner.post(`${w.base}/webhooks`, { url, events: ['post.liked'] })
      expect(unknown.status).toBe(400)
      expect(unknown.body.error.message).toContain('Unknown event: post.liked')

      const created = await w.owner.post(`${w.base}/webhooks`, {
        url,
        events: ['post.needs_approval', 'post.approved', 'post.published'],
      })
      expect(created.status).toBe(201)
      expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/)
      receiver.secret = created.body.secret
      const listed = await w.owner.get(`${w.base}/webhooks`)
      expect(JSON.stringify(listed.body)).not.toContain('whsec_')
      const stored = await w.t.murmur.db
        .selectFrom('webhook_endpoints')
        .select('secret')
        .executeTakeFirstOrThrow()
      expect(stored.secret).not.toContain(created.body.secret.slice(6))
      expect(w.t.murmur.secrets.open(stored.secret)).toBe(created.body.secret)
    })

    test('approval and publishing events arrive signed per Standard Webhooks', async () => {
      const created = await w.editor.post(`${w.base}/posts`, {
        content: content('Stollen season'),
        channels: [{ channel_id: w.channelId }],
        schedule: { type: 'at', at: new Date(w.clock.now + HOUR).toISOString() },
      })
      const postId = created.body.id
      await w.owner.post(`${w.base}/posts/${postId}/approve`, {})
      expect(await dispatcher.tick()).toBe(2)
      w.clock.advance(HOUR)
      const scheduler = new Scheduler(w.t.murmur, { random: () => 0.5 }, w.fake.asNetworks())
      await scheduler.drain()
      await scheduler.stop()
      expect(await dispatcher.tick()).toBe(1)
      // The first two went out in one round, side by side: their arrival order is not fixed.
      expect(events().slice(0, 2).sort()).toEqual(['post.approved', 'post.needs_approval'])
      expect(events()[2]).toBe('post.published')
      expect(receiver.received.every((r) => r.verified)).toBe(true)
      const published = JSON.parse(receiver.received[2]?.body ?? '{}')
      expect(published.data).toMatchObject({ post_id: postId, network: 'bluesky' })
      expect(published.data.url).toMatch(/^https:\/\/bsky\.app\//)
      const first = receiver.received[0]!
      expect(first.id).toMatch(/^msg_/)
      expect(Number(first.timestamp)).toBe(Math.floor((w.clock.now - HOUR) / 1000))
      // A body changed on the way fails verification: the check above can fail.
      const { verifyStandardWebhook } = await import('./webhook-receiver.js')
      expect(verifyStandardWebhook(receiver.secret, first, `${first.body} `)).toBe(false)
      // Nothing left to send.
      expect(await dispatcher.tick()).toBe(0)
    })

    test('failures are retried with backoff under the same webhook-id, and logged', async () => {
      const endpoint = (await w.owner.get(`${w.base}/webhooks`)).body.data[0]
      receiver.received.length = 0
      receiver.answers.push(500, 503)
      const queued = await w.owner.post(`${w.base}/webhooks/${endpoint.id}/test`)
      expect(queued.status).toBe(202)
      expect(await dispatcher.tick()).toBe(1)
      expect(await dispatcher.tick()).toBe(0)
      w.clock.advance(WEBHOOK_RETRY_DELAYS_MS[0] - 1)
      expect(await dispatcher.tick()).toBe(0)
      w.clock.advance(1)
      expect(await dispatcher.tick()).toBe(1)
      w.clock.advance(WEBHOOK_RETRY_DELAYS_MS[1])
      expect(await dispatcher.tick()).toBe(1)
      expect(receiver.received.map((r) => r.id)).toEqual(Array(3).fill(queued.body.delivery_id))
      expect(receiver.received.every((r) => r.verified)).toBe(true)
      const [log] = await deliveriesOf(endpoint.id)
      expect(log).toMatchObject({ status: 'delivered', attempts: 3, event_type: 'webhook.test' })
      expect(
        log.attempt_log.map((a: Record<string, unknown>) => [
          a.attempt,
          a.status_code,
          a.response_excerpt,
        ]),
      ).toEqual([
        [1, 500, 'nope 500'],
        [2, 503, 'nope 503'],
        [3, 200, 'thanks'],
      ])
      expect(log.attempt_log[0].error).toContain('only 2xx counts')
    })

    test('an endpoint failing for a day is turned off and admins told; resend after turning it on', async () => {
      const endpoint = (await w.owner.get(`${w.base}/webhooks`)).body.data[0]
      receiver.answers.push(...Array(WEBHOOK_RETRY_DELAYS_MS.length + 1).fill(500))
      const queued = await w.owner.post(`${w.base}/webhooks/${endpoint.id}/test`)
      await dispatcher.tick()
      for (const delay of WEBHOOK_RETRY_DELAYS_MS) {
        w.clock.advance(delay)
        expect(await dispatcher.tick()).toBe(1)
      }
      const total = WEBHOOK_RETRY_DELAYS_MS.reduce((sum, d) => sum + d, 0)
      expect(total).toBeLessThanOrEqual(24 * HOUR)
      const [log] = await deliveriesOf(endpoint.id)
      expect(log).toMatchObject({ status: 'failed', attempts: WEBHOOK_RETRY_DELAYS_MS.length + 1 })
      const off = (await w.owner.get(`${w.base}/webhooks/${endpoint.id}`)).body
      expect(off.enabled).toBe(false)
      expect(off.disabled_reason).toContain('failing for a day')
      const told = (await w.owner.get(`${w.base}/notifications`)).body.data[0]
      expect(told).toMatchObject({ kind: 'webhook.disabled' })
      expect(told.body).toContain(url)

      // Turned off: new events are not queued for it.
      await w.editor.post(`${w.base}/posts`, {
        content: content('Ignored while off'),
        channels: [{ channel_id: w.channelId }],
        schedule: { type: 'at', at: new Date(w.clock.now + HOUR).toISOString() },
      })
      expect(await dispatcher.tick()).toBe(0)

      await w.owner.patch(`${w.base}/webhooks/${endpoint.id}`, { enabled: true })
      const resent = await w.owner.post(
        `${w.base}/webhooks/${endpoint.id}/deliveries/${queued.body.delivery_id}/resend`,
      )
      expect(resent.status).toBe(202)
      expect(await dispatcher.tick()).toBe(1)
      const [again] = await deliveriesOf(endpoint.id)
      expect(again).toMatchObject({ status: 'delivered', id: queued.body.delivery_id })
      expect(again.attempt_log.at(-1).attempt).toBe(WEBHOOK_RETRY_DELAYS_MS.length + 2)
    })

    test('private and loopback addresses are never called', async () => {
      const guarded = new WebhookDispatcher(w.t.murmur, { workerId: 'guarded' })
      const before = receiver.received.length
      for (const target of [url, 'http://10.0.0.7/hooks', 'http://169.254.169.254/latest']) {
        const endpoint = await w.owner.post(`${w.base}/webhooks`, {
          url: target,
          events: ['post.published'],
        })
        await w.owner.post(`${w.base}/webhooks/${endpoint.body.id}/test`)
        expect(await guarded.tick()).toBe(1)
        const [log] = await deliveriesOf(endpoint.body.id)
        expect(log.status).toBe('pending')
        expect(log.attempt_log[0].status_code).toBeNull()
        expect(log.attempt_log[0].error).toMatch(/refused|not fetched|private|loopback/i)
        await w.owner.delete(`${w.base}/webhooks/${endpoint.body.id}`)
      }
      expect(receiver.received.length).toBe(before)
    })
  })
}
