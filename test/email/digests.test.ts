import { existsSync } from 'node:fs'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { EmailOutbox } from '../../src/email/outbox-worker.js'
import { DigestSender } from '../../src/jobs/digest-sender.js'
import { createMetricsWorld, DAY, HOUR, type MetricsWorld } from '../metrics/world.js'
import { testDialects } from '../support/databases.js'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js'

/** Monday 1 March 2027, 00:00 in Paris. */
const WEEK_START = Date.UTC(2027, 1, 28, 23, 0)
/** Monday 8 March 2027, 09:00 in Paris: the digest's time. */
const SEND_AT = Date.UTC(2027, 2, 8, 8, 0)
const chromium = existsSync(process.env.MURMUR_CHROMIUM_PATH ?? '/usr/bin/chromium')
if (!chromium && process.env.CI === 'true') throw new Error('CI must have Chromium for digests')

async function pdfText(bytes: Uint8Array): Promise<string> {
  const document = await getDocument({ data: bytes, useSystemFonts: false }).promise
  let text = ''
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent()
    text += `${content.items.map((item) => ('str' in item ? item.str : '')).join(' ')}\n`
  }
  return text
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: attention digests by email`, () => {
    let smtp: TestSmtpServer
    let w: MetricsWorld
    let ownerId: string
    const sender = (id: string) => new DigestSender(w.t.murmur, { workerId: id })
    const outbox = () => new EmailOutbox(w.t.murmur, { workerId: 'mail' })

    beforeAll(async () => {
      smtp = await startSmtpServer()
    })
    afterAll(() => smtp.close())
    beforeEach(async () => {
      smtp.received.length = 0
      w = await createMetricsWorld(dialect, 'bluesky')
      ownerId = (await w.owner.get('/api/v1/session')).body.user.id
      const channel = await w.addChannel('cornerbakery.bsky.social')
      const hostile = await w.publish({
        channelId: channel,
        publishedAt: WEEK_START + 9 * HOUR,
        text: 'Fresh <script>alert(1)</script> & "rye"',
      })
      w.fake.setMetrics(hostile.remoteId, { likes: 12, reposts: 3, replies: 2, quotes: 1 })
      const plain = await w.publish({
        channelId: channel,
        publishedAt: WEEK_START + 2 * DAY,
        text: 'Sourdough Saturday',
      })
      w.fake.setMetrics(plain.remoteId, { likes: 5, reposts: 0, replies: 0, quotes: 0 })
      w.clock.now = SEND_AT - HOUR
      await w.owner.post(`${w.base}/metrics/sync`, {})
      const smtpSaved = await w.owner.request('PUT', `${w.base}/email/smtp`, {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        from_address: 'Corner Bakery <hello@cornerbakery.example>',
      })
      expect(smtpSaved.status).toBe(200)
    })
    afterEach(() => w.cleanup())

    test('settings are checked: days, times and recipients', async () => {
      const put = (body: object) => w.owner.request('PUT', `${w.base}/digest`, body)
      const base = { enabled: true, frequency: 'weekly', day: 1, time: '09:00' }
      expect((await put({ ...base, day: 8, addresses: ['a@example.com'] })).status).toBe(400)
      expect((await put({ ...base, time: '9am', addresses: ['a@example.com'] })).status).toBe(400)
      expect((await put({ ...base, addresses: ['not an address'] })).status).toBe(400)
      expect((await put({ ...base, member_ids: [], addresses: [] })).status).toBe(400)
      const stranger = await put({ ...base, member_ids: ['usr_nobody'] })
      expect(stranger.status).toBe(400)
      expect(stranger.body.error.message).toContain('not members')
      const monthly = await put({
        ...base,
        frequency: 'monthly',
        day: 2,
        addresses: ['a@example.com'],
      })
      expect(monthly.status).toBe(200)
      expect(monthly.body).toMatchObject({
        time_zone: 'Europe/Paris',
        next_due_at: '2027-04-02T07:00:00.000Z',
        email_configured: true,
      })
    })

    test.runIf(chromium)(
      'the weekly digest reaches a real SMTP server once, with the numbers, the links and the PDF',
      async () => {
        const saved = await w.owner.request('PUT', `${w.base}/digest`, {
          enabled: true,
          frequency: 'weekly',
          day: 1,
          time: '09:00',
          member_ids: [ownerId],
          addresses: ['Dana@Client.example'],
        })
        expect(saved.status).toBe(200)
        expect(saved.body.next_due_at).toBe(new Date(SEND_AT).toISOString())

        expect(await sender('a').tick()).toBe(0)
        w.clock.now = SEND_AT + 30_000
        // Two processes at once: one digest.
        const [a, b] = await Promise.all([sender('a').tick(), sender('b').tick()])
        expect(a + b).toBe(1)
        expect(await sender('c').tick()).toBe(0)
        expect(await outbox().tick()).toBe(1)
        expect(smtp.received).toHaveLength(1)

        const mail = smtp.received[0]
        expect(mail?.from).toBe('hello@cornerbakery.example')
        expect(mail?.rcptTo.sort()).toEqual(['dana@client.example', 'owner@cornerbakery.example'])
        const parsed = mail?.parsed
        expect(parsed?.subject).toBe('Corner Bakery: attention digest 2027-03-01 – 2027-03-07')
        const analytics = `http://murmur.test/w/${w.workspaceId}/analytics`
        expect(parsed?.text).toContain('Engagements: 23')
        expect(parsed?.text).toContain('Likes: 17')
        expect(parsed?.text).toContain(`Open the numbers in Murmur: ${analytics}`)
        expect(parsed?.html).toContain(`href="${analytics}"`)
        expect(parsed?.html).toContain('Fresh &lt;script&gt;alert(1)&lt;/script&gt;')
        expect(parsed?.html).not.toContain('<script>')

        const pdf = parsed?.attachments.find((x) => x.contentType === 'application/pdf')
        expect(pdf?.filename).toBe('attention-2027-03-01.pdf')
        const text = await pdfText(new Uint8Array(pdf?.content ?? []))
        expect(text).toContain('Corner Bakery: attention report')
        expect(text).toContain('Sourdough Saturday')
        expect(text).toMatch(/Engagements\s+23/)
        expect(text).toMatch(/Likes\s+17/)

        const after = await w.owner.get(`${w.base}/digest`)
        expect(after.body).toMatchObject({
          next_due_at: new Date(SEND_AT + 7 * DAY).toISOString(),
          last_error: null,
        })
        expect(after.body.last_sent_at).not.toBeNull()
      },
      120_000,
    )

    test.runIf(chromium)(
      '“send now” sends the last full period in the background, besides the schedule',
      async () => {
        const early = await w.owner.post(`${w.base}/digest/send`, {})
        expect(early.status).toBe(409)
        expect(early.body.error.message).toContain('Choose who receives')
        await w.owner.request('PUT', `${w.base}/digest`, {
          enabled: false,
          frequency: 'weekly',
          day: 1,
          time: '09:00',
          addresses: ['dana@client.example'],
        })
        w.clock.now = SEND_AT + 2 * HOUR
        const asked = await w.owner.post(`${w.base}/digest/send`, {})
        expect(asked.status).toBe(202)
        expect(asked.body.send_requested_at).not.toBeNull()
        expect(await sender('a').tick()).toBe(1)
        expect(await sender('a').tick()).toBe(0)
        await outbox().tick()
        expect(smtp.received.map((m) => m.parsed.subject)).toEqual([
          'Corner Bakery: attention digest 2027-03-01 – 2027-03-07',
        ])
        const log = await w.owner.get(`${w.base}/email/outbox`)
        expect(log.body.data[0]).toMatchObject({ kind: 'digest', status: 'sent' })
      },
      120_000,
    )
  })
}
