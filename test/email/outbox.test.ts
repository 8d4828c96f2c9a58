import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { enqueueEmail } from '../../src/email/outbox.js'
import { EmailOutbox } from '../../src/email/outbox-worker.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js'

const START = Date.UTC(2027, 2, 1, 9)

for (const dialect of await testDialects()) {
  describe(`${dialect}: email outbox`, () => {
    let smtp: TestSmtpServer
    let t: TestMurmur
    let scope: WorkspaceScope
    let base: string
    let owner: Awaited<ReturnType<typeof setUpOwner>>['owner']
    const clock = { now: START }
    const worker = (id = 'test-worker') =>
      new EmailOutbox(t.murmur, {
        workerId: id,
        timeouts: { connectMs: 5_000, greetingMs: 5_000, socketMs: 10_000 },
      })
    const rowOf = (id: string) =>
      scope.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

    beforeAll(async () => {
      smtp = await startSmtpServer()
    })
    afterAll(() => smtp.close())
    beforeEach(async () => {
      smtp.received.length = 0
      clock.now = START
      t = await createTestMurmur(
        dialect,
        { smtpUrl: smtp.url, mailFrom: 'Murmur <murmur@murmur.test>' },
        { now: () => clock.now },
      )
      const setUp = await setUpOwner(apiFor(t.murmur))
      owner = setUp.owner
      base = `/api/v1/workspaces/${setUp.workspace.id}`
      scope = new WorkspaceScope(t.murmur.db, setUp.workspace.id)
    })
    afterEach(() => t.cleanup())

    test('a queued email goes out through SMTP_URL once, with its attachment, even with two workers', async () => {
      const id = await enqueueEmail(t.murmur, scope, 'test', {
        to: ['dana@example.com', ' dana@example.com', 'lee@example.com'],
        subject: 'Hello “Dana”',
        text: 'Plain text',
        html: '<p>HTML</p>',
        attachments: [
          { filename: 'note.txt', contentType: 'text/plain', content: Buffer.from('attached') },
        ],
      })
      expect(id).toMatch(/^eml_/)
      const [a, b] = await Promise.all([worker('a').tick(), worker('b').tick()])
      expect(a + b).toBe(1)
      expect(smtp.received).toHaveLength(1)
      const mail = smtp.received[0]
      expect(mail?.from).toBe('murmur@murmur.test')
      expect(mail?.rcptTo.sort()).toEqual(['dana@example.com', 'lee@example.com'])
      expect(mail?.parsed.subject).toBe('Hello “Dana”')
      expect(mail?.parsed.text?.trim()).toBe('Plain text')
      expect(mail?.parsed.attachments[0]?.filename).toBe('note.txt')
      expect(mail?.parsed.attachments[0]?.content.toString()).toBe('attached')
      const row = await rowOf(id ?? '')
      expect(row).toMatchObject({ status: 'sent', last_error: null })
      expect(Number(row.attempts)).toBe(1)
      const log = await owner.get(`${base}/email/outbox`)
      expect(log.status).toBe(200)
      expect(log.body.data[0]).toMatchObject({
        id,
        status: 'sent',
        recipients: ['dana@example.com', 'lee@example.com'],
        attachments: [{ filename: 'note.txt', content_type: 'text/plain', bytes: 8 }],
      })
    })

    test('a temporary refusal is retried after the backoff; a permanent one fails at once, visibly', async () => {
      smtp.refuseNext(451, 'Try again later')
      const later = await enqueueEmail(t.murmur, scope, 'test', {
        to: ['dana@example.com'],
        subject: 'Retried',
        text: 'x',
      })
      expect(await worker().tick()).toBe(1)
      let row = await rowOf(later ?? '')
      expect(row.status).toBe('pending')
      expect(row.last_error).toContain('451')
      expect(Number(row.next_attempt_at)).toBe(START + 60_000)
      expect(await worker().tick()).toBe(0)
      clock.now += 60_000
      expect(await worker().tick()).toBe(1)
      row = await rowOf(later ?? '')
      expect(row.status).toBe('sent')
      expect(Number(row.attempts)).toBe(2)

      smtp.refuseNext(550, 'No such mailbox')
      const refused = await enqueueEmail(t.murmur, scope, 'test', {
        to: ['nobody@example.com'],
        subject: 'Refused',
        text: 'x',
      })
      await worker().tick()
      row = await rowOf(refused ?? '')
      expect(row.status).toBe('failed')
      expect(row.last_error).toContain('550')
      const failed = await owner.get(`${base}/email/outbox?status=failed`)
      expect(failed.body.data.map((e: { subject: string }) => e.subject)).toEqual(['Refused'])
    })

    test('a workspace’s own server replaces SMTP_URL; its password is sealed and never shown', async () => {
      const before = await owner.get(`${base}/email/settings`)
      expect(before.body).toMatchObject({ configured: true, source: 'instance', workspace: null })
      const bad = await owner.request('PUT', `${base}/email/smtp`, {
        host: 'http://smtp.example.com',
        port: 587,
        security: 'starttls',
        from_address: 'x@example.com',
      })
      expect(bad.status).toBe(400)
      const saved = await owner.request('PUT', `${base}/email/smtp`, {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        username: null,
        password: 'hunter2-secret',
        from_address: 'Corner Bakery <hello@cornerbakery.example>',
      })
      expect(saved.status).toBe(200)
      expect(saved.text).not.toContain('hunter2')
      expect(saved.body).toMatchObject({
        source: 'workspace',
        from: 'Corner Bakery <hello@cornerbakery.example>',
        workspace: { has_password: true, security: 'none' },
      })
      const stored = await scope.selectFrom('email_settings').selectAll().executeTakeFirstOrThrow()
      expect(stored.password).not.toContain('hunter2')
      expect(t.murmur.secrets.open(stored.password ?? '')).toBe('hunter2-secret')

      await enqueueEmail(t.murmur, scope, 'test', {
        to: ['dana@example.com'],
        subject: 'Own',
        text: 'x',
      })
      await worker().tick()
      expect(smtp.received.at(-1)?.from).toBe('hello@cornerbakery.example')

      const removed = await owner.request('DELETE', `${base}/email/smtp`)
      expect(removed.body).toMatchObject({ source: 'instance', workspace: null })
    })
  })
}
