import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createWebhookEndpoint,
  queueWebhookEvent,
  updateWebhookEndpoint,
} from '../../src/services/webhooks.js'
import { createWorld, START, type World } from '../publishing/world.js'
import { testDialects } from '../support/databases.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: an event is queued once for each enabled endpoint subscribed to it`, () => {
    let w: World
    const endpoints: Record<string, string> = {}

    beforeAll(async () => {
      w = await createWorld(dialect)
      const make = async (name: string, events: string[]) => {
        const { endpoint } = await createWebhookEndpoint(
          w.murmur,
          w.scope,
          { url: `https://hooks.example.com/${name}`, events },
          w.userId,
        )
        endpoints[name] = endpoint.id
      }
      await make('published', ['post.published', 'post.failed'])
      // `_` is a LIKE wildcard: `channel.needs_reconnect` must match itself only.
      await make('reconnect', ['channel.needs_reconnect'])
      await make('off', ['post.published'])
      await updateWebhookEndpoint(w.murmur, w.scope, endpoints.off!, { enabled: false })
    })
    afterAll(() => w.t.cleanup())

    const queued = (type: string) =>
      w.scope
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('event_type', '=', type)
        .orderBy('endpoint_id')
        .execute()

    test('subscribed and enabled endpoints only, with the same signed body for each', async () => {
      await queueWebhookEvent(w.scope, 'post.published', { post_id: 'post_1' }, START)
      const rows = await queued('post.published')
      expect(rows.map((r) => r.endpoint_id)).toEqual([endpoints.published])
      expect(rows[0]).toMatchObject({
        status: 'pending',
        attempts: 0,
        next_attempt_at: START,
        created_at: START,
        lease_owner: null,
      })
      expect(rows[0]!.id).toMatch(/^msg_/)
      expect(JSON.parse(rows[0]!.payload)).toEqual({
        type: 'post.published',
        timestamp: new Date(START).toISOString(),
        data: { post_id: 'post_1' },
      })
    })

    test('an event nobody subscribes to queues nothing; names are matched whole', async () => {
      await queueWebhookEvent(w.scope, 'post.unconfirmed', { post_id: 'post_1' }, START)
      expect(await queued('post.unconfirmed')).toEqual([])
      await queueWebhookEvent(w.scope, 'channel.needs_reconnect', { channel_id: 'ch' }, START)
      await queueWebhookEvent(w.scope, 'channel.needs_reconnect', { channel_id: 'ch' }, START)
      const rows = await queued('channel.needs_reconnect')
      expect(rows.map((r) => r.endpoint_id)).toEqual([endpoints.reconnect, endpoints.reconnect])
      expect(new Set(rows.map((r) => r.id)).size).toBe(2)
    })
    test('publishing queues what became of each delivery: published, failed', async () => {
      const published = await w.post('Fresh croissants')
      await w.scheduler().drain()
      w.fake.failNext({ kind: 'content_rejected', status: 400, reason: 'Too many croissants' })
      const failed = await w.post('Refused by the server')
      await w.scheduler().drain()
      const events = (await queued('post.published'))
        .concat(await queued('post.failed'))
        .map((row) => JSON.parse(row.payload))
        .filter((event) => event.data.post_id !== 'post_1')
      expect(events).toHaveLength(2)
      const byPost = new Map(events.map((event) => [event.data.post_id, event]))
      expect(byPost.get(published.postId)).toMatchObject({
        type: 'post.published',
        data: { delivery_id: published.deliveryId, network: 'bluesky' },
      })
      expect(byPost.get(published.postId).data.url).toMatch(/^https:\/\//)
      expect(byPost.get(failed.postId)).toMatchObject({
        type: 'post.failed',
        data: { delivery_id: failed.deliveryId, error_kind: 'content_rejected' },
      })
      expect(byPost.get(failed.postId).data.error).toContain('Too many croissants')
    })
  })
}
