import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Scheduler } from '../../src/jobs/scheduler.js'
import { testDialects } from '../support/databases.js'
import { content, createTeamWorld, type TeamWorld } from './world.js'

const HOUR = 3_600_000

for (const dialect of await testDialects()) {
  describe(`${dialect}: approvals`, () => {
    let w: TeamWorld
    const drain = async () => {
      const scheduler = new Scheduler(w.t.murmur, { random: () => 0.5 }, w.fake.asNetworks())
      await scheduler.drain()
      await scheduler.stop()
    }
    const inHours = (hours: number) => new Date(w.clock.now + hours * HOUR).toISOString()
    const notificationsOf = async (client: TeamWorld['owner']) =>
      (await client.get(`${w.base}/notifications`)).body

    beforeAll(async () => {
      w = await createTeamWorld(dialect)
    })
    afterAll(() => w.t.cleanup())

    test('by default editors wait and admins and owners approve; only admins change that', async () => {
      const settings = await w.editor.get(`${w.base}/approval-settings`)
      expect(settings.body).toEqual({ roles: ['editor'], approver_roles: ['owner', 'admin'] })
      const denied = await w.editor.request('PUT', `${w.base}/approval-settings`, { roles: [] })
      expect(denied.status).toBe(403)
      const owners = await w.owner.request('PUT', `${w.base}/approval-settings`, {
        roles: ['owner'],
      })
      expect(owners.status).toBe(400)
      expect(owners.body.error.message).toContain('owners always publish')
    })

    test('round trip: submit, reject with a comment, revise, resubmit, approve, publish', async () => {
      const created = await w.editor.post(`${w.base}/posts`, {
        content: content('Pumpkin bread is back'),
        channels: [{ channel_id: w.channelId }],
        schedule: { type: 'at', at: inHours(3) },
      })
      expect(created.status).toBe(201)
      expect(created.body.state).toBe('needs_approval')
      expect(created.body.deliveries[0]).toMatchObject({
        state: 'needs_approval',
        next_attempt_at: null,
      })
      const postId = created.body.id

      // The scheduler never takes a waiting post, even at its time.
      w.clock.advance(3 * HOUR - 120_000)
      await drain()
      expect(w.fake.posts.size).toBe(0)

      const inbox = await notificationsOf(w.owner)
      expect(inbox.unread).toBe(1)
      expect(inbox.data[0]).toMatchObject({
        kind: 'approval.requested',
        post_id: postId,
        title: 'Sam asks for approval',
        body: 'Pumpkin bread is back',
      })
      const queue = await w.owner.get(`${w.base}/approvals`)
      expect(queue.body.data).toHaveLength(1)
      expect(queue.body.data[0].request).toMatchObject({
        status: 'pending',
        submitted_by: w.editorId,
        submitted_by_name: 'Sam',
      })
      expect(queue.body.data[0].post.id).toBe(postId)

      const selfApproval = await w.editor.post(`${w.base}/posts/${postId}/approve`, {})
      expect(selfApproval.status).toBe(403)
      expect(selfApproval.body.error.message).toContain('cannot approve')
      const silent = await w.owner.post(`${w.base}/posts/${postId}/reject`, { comment: '  ' })
      expect(silent.status).toBe(400)

      const rejected = await w.owner.post(`${w.base}/posts/${postId}/reject`, {
        comment: 'Add the price, please.',
      })
      expect(rejected.status).toBe(200)
      expect(rejected.body.deliveries[0].state).toBe('draft')
      const told = await notificationsOf(w.editor)
      expect(told.data[0]).toMatchObject({
        kind: 'approval.rejected',
        body: 'Add the price, please.',
        post_id: postId,
      })
      expect((await w.owner.get(`${w.base}/approvals`)).body.data).toHaveLength(0)

      const revised = await w.editor.patch(`${w.base}/posts/${postId}`, {
        content: content('Pumpkin bread is back, €6 a loaf'),
      })
      expect(revised.status).toBe(200)
      const resubmitted = await w.editor.post(`${w.base}/posts/${postId}/schedule`, {
        when: { type: 'at', at: inHours(1) },
      })
      expect(resubmitted.body.state).toBe('needs_approval')

      const approved = await w.owner.post(`${w.base}/posts/${postId}/approve`, {
        comment: 'Perfect.',
      })
      expect(approved.status).toBe(200)
      expect(approved.body.deliveries[0].state).toBe('scheduled')
      expect((await notificationsOf(w.editor)).data[0]).toMatchObject({
        kind: 'approval.approved',
        body: 'Perfect.',
      })
      const again = await w.owner.post(`${w.base}/posts/${postId}/approve`, {})
      expect(again.status).toBe(409)

      w.clock.advance(HOUR)
      await drain()
      expect([...w.fake.posts.values()].map((p) => p.text)).toEqual([
        'Pumpkin bread is back, €6 a loaf',
      ])

      const history = await w.editor.get(`${w.base}/posts/${postId}/approvals`)
      expect(
        history.body.data.map((r: Record<string, unknown>) => [
          r.status,
          r.decided_by_name,
          r.comment,
        ]),
      ).toEqual([
        ['rejected', 'owner', 'Add the price, please.'],
        ['approved', 'owner', 'Perfect.'],
      ])
    })

    test('an editor changing an approved post sends it back for approval', async () => {
      const created = await w.editor.post(`${w.base}/posts`, {
        content: content('Gingerbread on Friday'),
        channels: [{ channel_id: w.channelId }],
        schedule: { type: 'at', at: inHours(5) },
      })
      const postId = created.body.id
      await w.owner.post(`${w.base}/posts/${postId}/approve`, {})
      const labelsOnly = await w.editor.patch(`${w.base}/posts/${postId}`, { labels: ['xmas'] })
      expect(labelsOnly.body.deliveries[0].state).toBe('scheduled')
      const edited = await w.editor.patch(`${w.base}/posts/${postId}`, {
        content: content('Gingerbread on Saturday'),
      })
      expect(edited.body.deliveries[0].state).toBe('needs_approval')
      const history = await w.owner.get(`${w.base}/posts/${postId}/approvals`)
      expect(history.body.data.map((r: { status: string }) => r.status)).toEqual([
        'approved',
        'pending',
      ])
      // Cancelling withdraws the request; the owner's own edits never wait.
      const cancelled = await w.editor.post(`${w.base}/posts/${postId}/unschedule`, {})
      expect(cancelled.body.deliveries[0].state).toBe('draft')
      const withdrawn = await w.owner.get(`${w.base}/posts/${postId}/approvals`)
      expect(withdrawn.body.data.at(-1).status).toBe('withdrawn')
      const own = await w.owner.post(`${w.base}/posts/${postId}/schedule`, {
        when: { type: 'at', at: inHours(6) },
      })
      expect(own.body.deliveries[0].state).toBe('scheduled')
      await w.owner.post(`${w.base}/posts/${postId}/unschedule`, {})
    })

    test('a post whose time passes while it waits is not published, and both sides hear of it', async () => {
      const before = w.fake.posts.size
      const created = await w.editor.post(`${w.base}/posts`, {
        content: content('Late croissants'),
        channels: [{ channel_id: w.channelId }],
        schedule: { type: 'at', at: inHours(1) },
      })
      const postId = created.body.id
      w.clock.advance(2 * HOUR)
      await drain()
      expect(w.fake.posts.size).toBe(before)
      for (const client of [w.owner, w.editor]) {
        const late = (await notificationsOf(client)).data.find(
          (n: { kind: string; post_id: string }) =>
            n.kind === 'approval.late' && n.post_id === postId,
        )
        expect(late?.body).toContain('it was not published')
      }
      // Flagged once, however many rounds run.
      await drain()
      const lateCount = (await notificationsOf(w.owner)).data.filter(
        (n: { kind: string; post_id: string }) =>
          n.kind === 'approval.late' && n.post_id === postId,
      ).length
      expect(lateCount).toBe(1)
      const queue = await w.owner.get(`${w.base}/approvals`)
      const waiting = queue.body.data.find(
        (item: { post: { id: string } }) => item.post.id === postId,
      )
      expect(waiting.request.overdue_at).not.toBeNull()

      const plain = await w.owner.post(`${w.base}/posts/${postId}/approve`, {})
      expect(plain.status).toBe(409)
      expect(plain.body.error.message).toContain('passed while it waited')
      const now = await w.owner.post(`${w.base}/posts/${postId}/approve`, {
        comment: 'Go now',
        when: { type: 'now' },
      })
      expect(now.status).toBe(200)
      expect(now.body.deliveries[0].state).toBe('scheduled')
      await drain()
      expect(w.fake.posts.size).toBe(before + 1)
      const history = await w.owner.get(`${w.base}/posts/${postId}/approvals`)
      expect(history.body.data.at(-1)).toMatchObject({ status: 'approved', comment: 'Go now' })
    })

    test('with no role waiting, editors schedule directly; notifications can be marked read', async () => {
      const saved = await w.owner.request('PUT', `${w.base}/approval-settings`, { roles: [] })
      expect(saved.body).toEqual({ roles: [], approver_roles: ['owner', 'admin'] })
      const created = await w.editor.post(`${w.base}/posts`, {
        content: content('No approval needed'),
        channels: [{ channel_id: w.channelId }],
        schedule: { type: 'at', at: inHours(2) },
      })
      expect(created.body.state).toBe('scheduled')
      await w.owner.request('PUT', `${w.base}/approval-settings`, { roles: ['editor'] })

      const unread = await w.owner.get(`${w.base}/notifications?unread=true`)
      expect(unread.body.unread).toBeGreaterThan(0)
      const read = await w.owner.post(`${w.base}/notifications/read`, { all: true })
      expect(read.status).toBe(204)
      expect((await notificationsOf(w.owner)).unread).toBe(0)
      const unknown = await w.owner.post(`${w.base}/notifications/read`, { ids: ['ntf_nope'] })
      expect(unknown.status).toBe(404)
    })
  })
}
