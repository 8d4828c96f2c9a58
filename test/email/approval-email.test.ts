import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { EmailOutbox } from '../../src/email/outbox-worker.js'
import { testDialects } from '../support/databases.js'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js'
import { content, createTeamWorld, type TeamWorld } from '../workflow/world.js'

const HOUR = 3_600_000

for (const dialect of await testDialects()) {
  describe(`${dialect}: approval emails`, () => {
    let smtp: TestSmtpServer
    let w: TeamWorld
    const send = () => new EmailOutbox(w.t.murmur, { workerId: 'mail' }).tick()
    const inHours = (hours: number) => new Date(w.clock.now + hours * HOUR).toISOString()

    beforeAll(async () => {
      smtp = await startSmtpServer()
      w = await createTeamWorld(dialect)
    })
    afterAll(async () => {
      await w.t.cleanup()
      await smtp.close()
    })

    test('without a mail server only the in-app notification is left', async () => {
      const created = await w.editor.post(`${w.base}/posts`, {
        content: content('No mail yet'),
        channels: [{ channel_id: w.channelId }],
        schedule: { type: 'at', at: inHours(5) },
      })
      expect(created.body.state).toBe('needs_approval')
      expect((await w.owner.get(`${w.base}/email/outbox`)).body.data).toEqual([])
      await w.owner.post(`${w.base}/posts/${created.body.id}/reject`, { comment: 'Not now' })
    })

    test('approvers get an email when a post waits; the author when it is rejected or approved', async () => {
      const saved = await w.owner.request('PUT', `${w.base}/email/smtp`, {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        from_address: 'Murmur <murmur@cornerbakery.example>',
      })
      expect(saved.status).toBe(200)
      const created = await w.editor.post(`${w.base}/posts`, {
        content: content('Pumpkin bread <b>is back</b>'),
        channels: [{ channel_id: w.channelId }],
        schedule: { type: 'at', at: inHours(3) },
      })
      expect(created.body.state).toBe('needs_approval')
      const postId = created.body.id
      expect(await send()).toBe(1)
      const asked = smtp.received.at(-1)
      expect(asked?.rcptTo).toEqual(['owner@cornerbakery.example'])
      expect(asked?.parsed.subject).toBe('Sam asks for your approval')
      expect(asked?.parsed.text).toContain('Pumpkin bread <b>is back</b>')
      expect(asked?.parsed.text).toContain(`http://murmur.test/w/${w.workspaceId}/approvals`)
      expect(asked?.parsed.html).toContain('Pumpkin bread &lt;b&gt;is back&lt;/b&gt;')

      await w.owner.post(`${w.base}/posts/${postId}/reject`, { comment: 'Add the price.' })
      expect(await send()).toBe(1)
      const rejected = smtp.received.at(-1)
      expect(rejected?.rcptTo).toEqual(['sam@cornerbakery.example'])
      expect(rejected?.parsed.subject).toContain('asks for changes to your post')
      expect(rejected?.parsed.text).toContain('Add the price.')
      expect(rejected?.parsed.text).toContain(`/compose?post=${postId}`)

      await w.editor.post(`${w.base}/posts/${postId}/schedule`, {
        when: { type: 'at', at: inHours(2) },
      })
      await send()
      await w.owner.post(`${w.base}/posts/${postId}/approve`, { comment: 'Perfect.' })
      expect(await send()).toBe(1)
      const approved = smtp.received.at(-1)
      expect(approved?.rcptTo).toEqual(['sam@cornerbakery.example'])
      expect(approved?.parsed.subject).toContain('approved your post')
      expect(approved?.parsed.text).toContain('Perfect.')
      // The in-app notification is still there.
      const notes = (await w.editor.get(`${w.base}/notifications`)).body.data
      expect(notes[0]).toMatchObject({ kind: 'approval.approved', post_id: postId })
    })
  })
}
