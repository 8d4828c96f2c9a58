import { existsSync } from 'node:fs'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { testDialects } from '../support/databases.js'
import { createMetricsWorld, DAY, HOUR, type MetricsWorld } from './world.js'

const WEEK_START = Date.UTC(2027, 1, 28, 23, 0)
const week = `from=${encodeURIComponent('2027-03-01T00:00:00+01:00')}&to=${encodeURIComponent('2027-03-08T00:00:00+01:00')}`
const chromium = existsSync(process.env.MURMUR_CHROMIUM_PATH ?? '/usr/bin/chromium')
if (!chromium && process.env.CI === 'true') throw new Error('CI must have Chromium for PDF reports')

async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const document = await getDocument({ data: bytes, useSystemFonts: false }).promise
  let text = ''
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent()
    text += `${content.items.map((item) => ('str' in item ? item.str : '')).join(' ')}\n`
  }
  return { pages: document.numPages, text }
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: attention reports`, () => {
    let w: MetricsWorld
    beforeEach(async () => {
      w = await createMetricsWorld(dialect, 'bluesky')
      const channel = await w.addChannel('cornerbakery.bsky.social')
      const hostile = await w.publish({
        channelId: channel,
        publishedAt: WEEK_START + 9 * HOUR,
        text: 'Fresh <script>alert(1)</script> & "rye" =SUM(A1)',
      })
      w.fake.setMetrics(hostile.remoteId, { likes: 12, reposts: 3, replies: 2, quotes: 1 })
      const plain = await w.publish({
        channelId: channel,
        publishedAt: WEEK_START + 2 * DAY,
        text: 'Sourdough Saturday',
      })
      w.fake.setMetrics(plain.remoteId, { likes: 5, reposts: 0, replies: 0, quotes: 0 })
      w.clock.now = WEEK_START + 8 * DAY
      await w.owner.post(`${w.base}/metrics/sync`, {})
    })
    afterEach(() => w.cleanup())

    test('CSV tables say "not available" instead of 0 and quote what people wrote', async () => {
      const posts = await w.owner.get(`${w.base}/reports/attention.csv?${week}`)
      expect(posts.status).toBe(200)
      expect(posts.headers.get('content-type')).toMatch(/text\/csv/)
      expect(posts.headers.get('content-disposition')).toMatch(/attention-2027-03-01-posts\.csv/)
      const lines = posts.text.trim().split('\r\n')
      expect(lines[0]).toMatch(/^Published,Network,Channel,Text,Campaign,Labels,Engagements/)
      expect(lines).toHaveLength(3)
      expect(lines[1]).toContain('not available from Bluesky')
      expect(lines[1]).toContain('18')
      const days = await w.owner.get(`${w.base}/reports/attention.csv?${week}&table=days`)
      expect(days.text.trim().split('\r\n')).toHaveLength(8)
      const hostile = await w.owner.get(`${w.base}/reports/attention.csv?${week}&table=posts`)
      expect(hostile.text).toContain('"Fresh <script>alert(1)</script> & ""rye"" =SUM(A1)"')
      const bad = await w.owner.get(`${w.base}/reports/attention.csv?${week}&table=secrets`)
      expect(bad.status).toBe(400)
    })

    test('the printable report escapes what people wrote and runs nothing', async () => {
      const page = await w.owner.get(`${w.base}/reports/attention.html?${week}`)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
      expect(page.text).toContain('Corner Bakery: attention report')
      expect(page.text).toContain('2027-03-01 – 2027-03-07')
      expect(page.text).toContain(
        'Fresh &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;rye&quot;',
      )
      expect(page.text).not.toContain('<script>')
      expect(page.text).toContain('not available from Bluesky')
      expect(page.text).toContain('<svg role="img"')
    })

    test.runIf(chromium)(
      'the PDF parses and carries the numbers of the report',
      async () => {
        const response = await w.api.app.request(`${w.base}/reports/attention.pdf?${week}`, {
          headers: { cookie: w.owner.cookie ?? '' },
        })
        expect(response.status).toBe(200)
        expect(response.headers.get('content-type')).toBe('application/pdf')
        const bytes = new Uint8Array(await response.arrayBuffer())
        const { pages, text } = await pdfText(bytes)
        expect(pages).toBeGreaterThanOrEqual(1)
        expect(text).toContain('Corner Bakery: attention report')
        expect(text).toContain('Sourdough Saturday')
        // Engagements 18 + 5, likes 17, impressions not available from Bluesky.
        expect(text).toMatch(/Engagements\s+23/)
        expect(text).toMatch(/Likes\s+17/)
        expect(text).toContain('not available from Bluesky')
      },
      60_000,
    )
  })
}
