import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Scheduler } from '../../src/jobs/scheduler.js'
import { testDialects } from '../support/databases.js'
import { content, createTeamWorld, type TeamWorld } from './world.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: retrying a failed post goes through approval`, () => {
    let w: TeamWorld
    const drain = async () => {
      const scheduler = new Scheduler(w.t.murmur, { random: () => 0.5 }, w.fake.asNetworks())
      await scheduler.drain()
      await scheduler.stop()
    }
    /** A post the owner published now, which the network refused: its delivery is failed. */
    const failedPost = async (text: string) => {
      w.fake.failNext({ kind: 'content_rejected', status: 400, reason: 'InvalidRequest' })
      const created = await w.owner.post(`${w.base}/posts`, {
        content: content(text),
        channels: [{ channel_id: w.channelId }],
        schedule: { type: 'now' },
      })
      expect(created.status).toBe(201)
      await drain()
      const post = (await w.owner.get(`${w.base}/posts/${created.body.id}`)).body
      expect(post.deliveries[0].state).toBe('failed')
      return { postId: post.id as string, deliveryId: post.deliveries[0].id as string }
    }
    const retry = (client: TeamWorld['owner'], target: { postId: string; deliveryId: string }) =>
      client.post(`${w.base}/posts/${target.postId}/deliveries/${target.deliveryId}/retry`)

    beforeAll(async () => {
      w = await createTeamWorld(dialect)
    })
    afterAll(() => w.t.cleanup())

    test('an editor’s retry waits for an approver, who is told; approved, it is published', async () => {
      const target = await failedPost('Rye loaves, fresh at seven')
      const retried = await retry(w.editor, target)
      expect(retried.status).toBe(200)
      expect(retried.body.deliveries[0]).toMatchObject({
        state: 'needs_approval',
        next_attempt_at: null,
        error: null,
      })
      // The scheduler never takes it while it waits.
      await drain()
      expect(w.fake.postsWithText('Rye loaves, fresh at seven')).toHaveLength(0)

      const told = (await w.owner.get(`${w.base}/notifications`)).body.data[0]
      expect(told).toMatchObject({
        kind: 'approval.requested',
        post_id: target.postId,
        title: 'Sam asks for approval',
      })
      const queue = (await w.owner.get(`${w.base}/approvals`)).body.data
      expect(queue.map((item: { post: { id: string } }) => item.post.id)).toContain(target.postId)

      const approved = await w.owner.post(`${w.base}/posts/${target.postId}/approve`, {})
      expect(approved.status).toBe(200)
      expect(approved.body.deliveries[0].state).toBe('scheduled')
      await drain()
      expect(w.fake.postsWithText('Rye loaves, fresh at seven')).toHaveLength(1)
      const done = (await w.owner.get(`${w.base}/posts/${target.postId}`)).body
      expect(done.deliveries[0].state).toBe('published')
    })

    test('an approver’s retry, or an editor’s where editors do not wait, goes out at once', async () => {
      const byOwner = await failedPost('Seeded bread on Thursday')
      const owner = await retry(w.owner, byOwner)
      expect(owner.status).toBe(200)
      expect(owner.body.deliveries[0].state).toBe('scheduled')
      await drain()
      expect(w.fake.postsWithText('Seeded bread on Thursday')).toHaveLength(1)

      const settings = await w.owner.request('PUT', `${w.base}/approval-settings`, { roles: [] })
      expect(settings.status).toBe(200)
      const byEditor = await failedPost('Brioche on Friday')
      const editor = await retry(w.editor, byEditor)
      expect(editor.status).toBe(200)
      expect(editor.body.deliveries[0].state).toBe('scheduled')
      await drain()
      expect(w.fake.postsWithText('Brioche on Friday')).toHaveLength(1)
    })
  })
}
