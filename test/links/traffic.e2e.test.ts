/**
 * The Traffic page in a real browser: clicks made through the real redirect and a sale recorded
 * against one of them show as totals, a top country and top link; the campaign filter narrows the
 * numbers; a table downloads as CSV.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { linkTraffic } from '../../src/links/traffic.js'
import { recordConversion } from '../../src/services/conversions.js'
import { createLink } from '../../src/services/links.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { chromiumAvailable, seeText, startWebE2e, type WebE2e } from '../e2e/support/web-e2e.js'
import { CHROME, IPHONE } from './support.js'

const hasChromium = chromiumAvailable()

describe.runIf(hasChromium)('the Traffic page in the browser', { timeout: 180_000 }, () => {
  let e2e: WebE2e
  let owner: Page
  let workspaceId: string

  beforeAll(async () => {
    e2e = await startWebE2e()
    ;[, owner] = await e2e.newPage({ width: 1280, height: 900 })
    const setup = await owner.request.post(`${e2e.base}/api/v1/setup`, {
      data: {
        email: 'ada@cornerbakery.example',
        password: 'flour and water 1',
        name: 'Ada Baker',
        workspace_name: 'Corner Bakery',
        time_zone: 'Europe/Paris',
      },
    })
    expect(setup.status()).toBe(201)
    workspaceId = ((await setup.json()) as { workspace: { id: string } }).workspace.id
    const murmur = e2e.server.murmur
    const scope = new WorkspaceScope(murmur.db, workspaceId)
    const spring = await createLink(murmur, scope, {
      destination: 'https://cornerbakery.example/spring',
      code: 'spring-menu',
      campaign: 'spring',
      createdBy: null,
    })
    await createLink(murmur, scope, {
      destination: 'https://cornerbakery.example/hours',
      code: 'hours',
      createdBy: null,
    })
    // Through the real redirect: three visitors from the UK on the campaign's link, two from the
    // US on the other one, and a bot that must not count.
    const visit = async (code: string, ip: string, ua: string) => {
      const response = await fetch(`${e2e.base}/l/${code}`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': ip, 'user-agent': ua },
      })
      expect(response.status).toBe(302)
      return new URL(response.headers.get('location') ?? 'x:').searchParams.get('mm') ?? ''
    }
    const buyer = await visit('spring-menu', '81.2.69.160', IPHONE)
    await visit('spring-menu', '81.2.69.161', CHROME)
    await visit('spring-menu', '81.2.69.162', IPHONE)
    await visit('hours', '8.8.8.8', CHROME)
    await visit('hours', '8.8.4.4', IPHONE)
    await visit('hours', '8.8.4.4', 'Twitterbot/1.0')
    await linkTraffic(murmur).settle()
    const sale = await recordConversion(murmur, scope, {
      kind: 'sale',
      click_id: buyer,
      amount: 2450,
      currency: 'EUR',
      source: 'api',
    })
    expect(sale.touchpoints.map((t) => t.link_id)).toEqual([spring.id])
  })
  afterAll(async () => {
    await e2e?.close()
  })

  const statValue = (label: string) =>
    owner.getByTestId(`stat-${label}`).locator('p').nth(1).textContent()

  test('totals, top country and links, the campaign filter, and a CSV download', async () => {
    await owner.goto(`${e2e.base}/w/${workspaceId}`)
    await owner.getByRole('link', { name: 'Traffic' }).click()
    await owner.getByRole('heading', { name: 'Traffic' }).waitFor()
    await expect.poll(() => statValue('Clicks')).toBe('5')
    expect(await statValue('Unique visitors')).toBe('5')
    expect(await statValue('Bot hits')).toBe('1')
    expect(await statValue('Sales')).toBe('1')
    expect(await statValue('Revenue')).toMatch(/24\.50/)
    expect(await statValue('Leads')).toBe('0')
    const countries = owner.locator('.mantine-Card-root', { hasText: 'Countries' })
    const firstCountry = countries.locator('tbody tr').first()
    expect(await firstCountry.textContent()).toContain('United Kingdom')
    expect(await firstCountry.textContent()).toContain('3')
    const topLinks = owner.getByTestId('top-links')
    expect(await topLinks.locator('tbody tr').first().textContent()).toContain('/spring-menu')
    // The line chart and the funnel are drawn (ECharts names charts for screen readers).
    expect(await owner.locator('canvas').count()).toBeGreaterThanOrEqual(2)

    await owner.getByRole('combobox', { name: 'Campaign' }).click()
    await owner.getByRole('option', { name: 'spring' }).click()
    await expect.poll(() => statValue('Clicks')).toBe('3')
    expect(await statValue('Sales')).toBe('1')
    expect(await topLinks.locator('tbody tr').count()).toBe(1)
    await expect.poll(() => countries.locator('tbody tr').count()).toBe(1)

    const [csv] = await Promise.all([
      owner.waitForEvent('download'),
      owner.getByRole('button', { name: 'Download top links as CSV' }).click(),
    ])
    expect(csv.suggestedFilename()).toMatch(/^traffic-top-links-\d{4}-\d\d-\d\d\.csv$/)
    const text = await streamText(await csv.createReadStream())
    expect(text).toContain('Code,Destination,Campaign,Clicks,Unique visitors,Leads,Sales,Revenue')
    expect(text).toContain(
      'spring-menu,https://cornerbakery.example/spring,spring,3,3,0,1,EUR 24.50',
    )
    expect(text).not.toContain('hours')
    await seeText(owner, /last click on a tracked link/)
    expect(e2e.pageErrors).toEqual([])
  })
})

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
}
