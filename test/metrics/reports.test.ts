import { existsSync } from 'node:fs'
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { closeLinkTraffic, linkTraffic } from '../../src/links/traffic.js'
import { IPHONE } from '../links/support.js'
import { testDialects } from '../support/databases.js'
import { createMetricsWorld, DAY, HOUR, type MetricsWorld } from './world.js'

const WEEK_START = Date.UTC(2027, 1, 28, 23, 0)
const week = `from=${encodeURIComponent('2027-03-01T00:00:00+01:00')}&to=${encodeURIComponent('2027-03-08T00:00:00+01:00')}`
const chromium = existsSync(process.env.MURMUR_CHROMIUM_PATH ?? '/usr/bin/chromium')
if (!chromium && process.env.CI === 'true') throw new Error('CI must have Chromium for PDF reports')

async function pdfText(
  bytes: Uint8Array,
): Promise<{ pages: number; text: string; images: number }> {
  const document = await getDocument({ data: bytes, useSystemFonts: false }).promise
  let text = ''
  let images = 0
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n)
    const content = await page.getTextContent()
    text += `${content.items.map((item) => ('str' in item ? item.str : '')).join(' ')}\n`
    const operators = await page.getOperatorList()
    images += operators.fnArray.filter((op) => op === OPS.paintImageXObject).length
  }
  return { pages: document.numPages, text, images }
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
      // Traffic of the week: three people on a tracked link, one of them buys.
      w.clock.now = WEEK_START + 3 * DAY
      const link = await w.owner.post(`${w.base}/links`, {
        destination: 'https://bakery.example/rye',
        campaign: 'rye',
        track_conversions: true,
      })
      expect(link.status).toBe(201)
      const clickIds: string[] = []
      for (const n of [1, 2, 3]) {
        const visit = await w.api.app.request(`/l/${link.body.code}`, {
          headers: { 'x-forwarded-for': `198.51.100.${n}`, 'user-agent': IPHONE },
        })
        clickIds.push(new URL(visit.headers.get('location') ?? 'x:').searchParams.get('mm') ?? '')
      }
      w.clock.now += HOUR
      const sale = await w.owner.post(`${w.base}/conversions`, {
        type: 'sale',
        click_id: clickIds[0],
        amount: 2450,
        currency: 'EUR',
      })
      expect(sale.status).toBe(201)
      await linkTraffic(w.t.murmur).settle()
      // The workspace logo on the report header.
      const png = await sharp({
        create: { width: 300, height: 100, channels: 3, background: '#e8590c' },
      })
        .png()
        .toBuffer()
      const logo = await w.owner.post(`${w.base}/media`, {
        data_base64: png.toString('base64'),
        file_name: 'logo.png',
      })
      expect(logo.status).toBe(201)
      expect((await w.owner.patch(w.base, { logo_media_id: logo.body.id })).status).toBe(200)
      w.clock.now = WEEK_START + 8 * DAY
      await w.owner.post(`${w.base}/metrics/sync`, {})
    })
    afterEach(async () => {
      await closeLinkTraffic(w.t.murmur)
      await w.cleanup()
    })

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
        const { pages, text, images } = await pdfText(bytes)
        expect(pages).toBeGreaterThanOrEqual(1)
        expect(text).toContain('Corner Bakery: attention report')
        expect(text).toContain('Sourdough Saturday')
        // Engagements 18 + 5, likes 17, impressions not available from Bluesky.
        expect(text).toMatch(/Engagements\s+23/)
        expect(text).toMatch(/Likes\s+17/)
        expect(text).toContain('not available from Bluesky')
        // Traffic and conversions of the same week, against none the week before.
        // (Chromium's ligatures split "ffi" in the extracted text.)
        expect(text).toMatch(/Tra\s*ffi\s*c and conversions/)
        expect(text).toMatch(/Clicks\s+3\s+0/)
        expect(text).toMatch(/Sales\s+1\s+0/)
        expect(text).toContain('€24.50')
        // The logo is the one image of the report (charts are vector drawings).
        expect(images).toBe(1)
      },
      60_000,
    )
  })
}
