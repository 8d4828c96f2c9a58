import { existsSync } from 'node:fs'
import { MurmurError } from '../core/errors.js'

/** Debian's Chromium, the one the browser tests use; MURMUR_CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.MURMUR_CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Prints a server-rendered report to PDF with headless Chromium (playwright-core). The page may
 * not load anything: every request it would make is refused, so nothing in a report can make the
 * server fetch an address (the report is self-contained: inline styles and SVG).
 */
export async function htmlToPdf(document: string): Promise<Buffer> {
  if (!existsSync(CHROMIUM)) {
    throw new MurmurError(
      'unavailable',
      `PDF reports need Chromium at ${CHROMIUM} (apt-get install chromium, or set MURMUR_CHROMIUM_PATH). The printable HTML report works without it.`,
    )
  }
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    const context = await browser.newContext({ javaScriptEnabled: false })
    await context.route('**/*', (route) => route.abort())
    const page = await context.newPage()
    await page.setContent(document, { waitUntil: 'load' })
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '16mm', bottom: '16mm', left: '12mm', right: '12mm' },
    })
  } finally {
    await browser.close()
  }
}
