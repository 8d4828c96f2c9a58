import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createMetricsWorld, DAY, HOUR, type MetricsWorld } from '../metrics/world.js'
import { testDialects } from '../support/databases.js'

const WEEK_START = Date.UTC(2027, 1, 28, 23, 0)
const week = { from: '2027-03-01T00:00:00+01:00', to: '2027-03-08T00:00:00+01:00' }

for (const dialect of await testDialects()) {
  describe(`${dialect}: shareable report links`, () => {
    let w: MetricsWorld
    const open = async (url: string) => {
      const response = await w.api.app.request(new URL(url).pathname)
      return { status: response.status, headers: response.headers, text: await response.text() }
    }
    beforeEach(async () => {
      w = await createMetricsWorld(dialect, 'bluesky')
      const channel = await w.addChannel('cornerbakery.bsky.social')
      const hostile = await w.publish({
        channelId: channel,
        publishedAt: WEEK_START + 9 * HOUR,
        text: 'Fresh <script>alert(1)</script> & "rye"',
      })
      w.fake.setMetrics(hostile.remoteId, { likes: 12, reposts: 3, replies: 2, quotes: 1 })
      w.clock.now = WEEK_START + 8 * DAY
      await w.owner.post(`${w.base}/metrics/sync`, {})
    })
    afterEach(() => w.cleanup())

    test('a link shows the period’s report read-only and escaped, and counts views', async () => {
      const bad = await w.owner.post(`${w.base}/report-links`, { from: week.to, to: week.from })
      expect(bad.status).toBe(400)
      const unknown = await w.owner.post(`${w.base}/report-links`, { ...week, extra: 1 })
      expect(unknown.status).toBe(400)
      const created = await w.owner.post(`${w.base}/report-links`, { ...week, label: 'For Dana' })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ label: 'For Dana', state: 'active', expires_at: null })
      const url: string = created.body.url
      expect(url).toMatch(/^http:\/\/murmur\.test\/shared\/report\/[A-Za-z0-9_-]{43}$/)
      const token = url.split('/').at(-1) ?? ''
      const stored = await w.scope.selectFrom('report_links').selectAll().executeTakeFirstOrThrow()
      expect(stored.token_hash).not.toContain(token)

      const page = await open(url)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
      expect(page.headers.get('x-robots-tag')).toContain('noindex')
      expect(page.text).toContain('Corner Bakery: attention report')
      expect(page.text).toContain('2027-03-01 – 2027-03-07')
      expect(page.text).toContain(
        'Fresh &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;rye&quot;',
      )
      expect(page.text).not.toContain('<script>')
      const list = await w.owner.get(`${w.base}/report-links`)
      expect(list.body.data[0]).toMatchObject({ id: created.body.id, views: 1, state: 'active' })
      expect(JSON.stringify(list.body)).not.toContain(token)
    })

    test('revoked, expired and altered links answer 404', async () => {
      const lasting = await w.owner.post(`${w.base}/report-links`, week)
      const token: string = lasting.body.url.split('/').at(-1)
      const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
      expect((await open(`http://murmur.test/shared/report/${altered}`)).status).toBe(404)
      expect((await open(`http://murmur.test/shared/report/${token}x`)).status).toBe(404)
      expect((await open(`http://murmur.test/shared/report/%3Cscript%3E`)).status).toBe(404)

      const short = await w.owner.post(`${w.base}/report-links`, { ...week, expires_in_days: 1 })
      expect((await open(short.body.url)).status).toBe(200)
      w.clock.advance(DAY)
      const gone = await open(short.body.url)
      expect(gone.status).toBe(404)
      expect(gone.text).toContain('This report link does not work')
      expect((await open(lasting.body.url)).status).toBe(200)

      const revoked = await w.owner.request('DELETE', `${w.base}/report-links/${lasting.body.id}`)
      expect(revoked.status).toBe(200)
      expect(revoked.body.state).toBe('revoked')
      expect((await open(lasting.body.url)).status).toBe(404)
      const states = (await w.owner.get(`${w.base}/report-links`)).body.data.map(
        (l: { id: string; state: string }) => [l.id, l.state],
      )
      expect(states).toEqual(
        expect.arrayContaining([
          [lasting.body.id, 'revoked'],
          [short.body.id, 'expired'],
        ]),
      )
      const missing = await w.owner.request('DELETE', `${w.base}/report-links/rpl_nothing`)
      expect(missing.status).toBe(404)
      const tooLong = await w.owner.post(`${w.base}/report-links`, {
        ...week,
        expires_in_days: 400,
      })
      expect(tooLong.status).toBe(400)
    })
  })
}
