/**
 * Word of mouth in a real browser against a real server: a campaign's original share link and
 * a contact's personal link; three generations of visitors, each in their own browser, arriving
 * through the link they were given, pressing "Share this" on the share page and passing their
 * own link on; a sale at the bottom. The owner then sees the tree, the numbers, the advocates
 * with the reward they earned, and the earned media value with the workspace's cost per click.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  chromiumAvailable,
  screenshot,
  seeText,
  startWebE2e,
  type WebE2e,
} from './support/web-e2e.js'

const hasChromium = chromiumAvailable()

const OWNER = { email: 'ada@cornerbakery.example', password: 'flour and water 1' }
const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'

describe.runIf(hasChromium)('word of mouth in the browser', { timeout: 120_000 }, () => {
  let e2e: WebE2e
  let owner: Page
  let workspaceId: string
  const codes: Record<string, string> = {}
  let graceId = ''
  let csrf = ''

  async function api<T>(method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown) {
    const url = `${e2e.base}/api/v1/workspaces/${workspaceId}${path}`
    const response =
      method === 'GET'
        ? await owner.request.get(url)
        : await owner.request.fetch(url, {
            method,
            data: data ?? {},
            headers: { 'x-csrf-token': csrf },
          })
    expect(response.status(), await response.text()).toBeLessThan(300)
    return (await response.json()) as T
  }

  /** A person with their own browser (and address, as a proxy in front of Murmur says). */
  async function visitor(n: number) {
    const context = await e2e.browser.newContext({
      userAgent: `${BROWSER_UA} visitor/${n}`,
      extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${n}` },
    })
    return context.newPage()
  }

  /** Visitor n follows the short link, then opens its share page and presses Share this. */
  async function arriveAndShare(n: number, code: string): Promise<{ code: string; mm: string }> {
    // The click through the short link, as visitor n's browser makes it (the shop itself is not
    // loaded: Playwright cannot stand in for a site reached through a redirect).
    const click = await fetch(`${e2e.base}/l/${code}`, {
      redirect: 'manual',
      headers: { 'user-agent': `${BROWSER_UA} visitor/${n}`, 'x-forwarded-for': `198.51.100.${n}` },
    })
    expect(click.status).toBe(302)
    const mm = new URL(click.headers.get('location') ?? 'x:').searchParams.get('mm') ?? ''
    const page = await visitor(n)
    await page.goto(`${e2e.base}/s/${code}`)
    await seeText(page, 'Spring pastries')
    await page.getByRole('button', { name: 'Share this' }).click()
    const mine = page.getByRole('textbox', { name: 'Your share link' })
    await mine.waitFor()
    const shortUrl = await mine.inputValue()
    await page.context().close()
    return { code: shortUrl.split('/l/')[1] ?? '', mm }
  }

  beforeAll(async () => {
    e2e = await startWebE2e()
    ;[, owner] = await e2e.newPage({ width: 1280, height: 900 })
    const setup = await owner.request.post(`${e2e.base}/api/v1/setup`, {
      data: {
        ...OWNER,
        name: 'Ada Baker',
        workspace_name: 'Corner Bakery',
        time_zone: 'Europe/Paris',
      },
    })
    expect(setup.status()).toBe(201)
    workspaceId = ((await setup.json()) as { workspace: { id: string } }).workspace.id
    const session = await owner.request.get(`${e2e.base}/api/v1/session`)
    csrf = ((await session.json()) as { csrf_token: string }).csrf_token
  }, 240_000)

  afterAll(async () => {
    await e2e?.close()
  })

  test('share links spread three generations deep through the Share this button', async () => {
    const original = await api<{ code: string; link_id: string }>('POST', '/share-links', {
      root_kind: 'campaign',
      root_id: 'spring',
      destination: 'https://cornerbakery.example/spring',
    })
    codes.O = original.code
    await api('PATCH', `/links/${original.link_id}`, { title: 'Spring pastries' })
    const grace = await api<{ id: string }>('POST', '/contacts', { display_name: 'Grace Hopper' })
    graceId = grace.id
    const bulk = await api<{ data: Array<{ code: string }> }>('POST', '/share-links/bulk', {
      root_kind: 'campaign',
      root_id: 'spring',
      contact_ids: [grace.id],
    })
    codes.G = bulk.data[0]?.code ?? ''
    await api('POST', '/reward-rules', {
      name: 'Ambassador',
      reward: 'A free box of pastries',
      conditions: [{ metric: 'customers', at_least: 1 }],
    })

    // Visitor 1 through the post, 2 through 1's link, 3 through 2's; 4 buys through 3's link.
    codes.X = (await arriveAndShare(1, codes.O)).code
    codes.Y = (await arriveAndShare(2, codes.X)).code
    codes.Z = (await arriveAndShare(3, codes.Y)).code
    const buyer = await arriveAndShare(4, codes.Z)
    expect(buyer.mm).toMatch(/^[0-9a-z]{18}$/)
    // Grace's own friend, through her personal link.
    await arriveAndShare(5, codes.G)
    for (const code of Object.values(codes)) expect(code).toMatch(/^[0-9a-z]+$/)

    // The sale is reported once the click is stored (the redirect writes clicks in batches).
    await expect
      .poll(
        async () =>
          (
            await owner.request.post(`${e2e.base}/api/v1/workspaces/${workspaceId}/conversions`, {
              data: { type: 'sale', click_id: buyer.mm, amount: 4800, currency: 'EUR' },
              headers: { 'x-csrf-token': csrf },
            })
          ).status(),
        { timeout: 20_000 },
      )
      .toBeLessThan(300)

    await expect
      .poll(
        async () => (await api<{ visits: number }>('GET', '/cascades/campaign/spring')).visits,
        {
          timeout: 20_000,
        },
      )
      .toBe(5)
    const metrics = await api<Record<string, unknown>>('GET', '/cascades/campaign/spring')
    // O; Grace, X; Y, Grace's friend; Z; the buyer's own link.
    expect(metrics).toMatchObject({
      size: 7,
      depth: 4,
      generations: [1, 2, 2, 1, 1],
      customers: 1,
    })
  })

  test('the owner sees the tree, the numbers, the advocates with rewards and the value', async () => {
    await owner.goto(`${e2e.base}/w/${workspaceId}/word-of-mouth?root=campaign:spring`)
    await owner.getByLabel('People: 7').waitFor()
    await owner.getByLabel('Generations deep: 4').waitFor()
    await owner.getByLabel('Customers: 1').waitFor()
    await owner.locator('[aria-label*="Share tree with 7 nodes"]').first().waitFor()
    await owner.locator('[aria-label*="People per generation"]').first().waitFor()
    await owner.locator('[aria-label*="Structural virality vs size"]').first().waitFor()

    // The three visitors above the sale are credited with it; each has the reward due.
    const advocates = owner.getByRole('table', { name: 'Top advocates' })
    await advocates.getByText('Due: A free box of pastries').first().waitFor()
    expect(await advocates.getByText('Due: A free box of pastries').count()).toBe(3)
    await advocates.getByText('Grace Hopper').waitFor()

    // Earned media value with the workspace's own cost per click.
    await seeText(owner, 'Not computed yet')
    await owner.getByLabel('Your cost per click').fill('0.50')
    await owner.getByRole('button', { name: 'Save rates' }).click()
    await seeText(owner, 'Rates saved')
    // Earned: every visit but the first one through the post (generation 0) — 4 × 0.50.
    await owner.getByLabel('Earned media value').getByText('2.00 EUR').waitFor()
    await seeText(owner, /4 earned clicks × 50 per click/)

    // One reward given from the table.
    await advocates.getByRole('button', { name: 'Mark given' }).first().click()
    await seeText(owner, 'Marked as given')
    await advocates.getByText('Given: A free box of pastries').waitFor()
    await screenshot(owner, 'word-of-mouth')

    // Grace's contact page credits her with her friend's visit.
    await owner.goto(`${e2e.base}/w/${workspaceId}/contacts/${graceId}`)
    const advocacy = owner.getByLabel('As an advocate')
    await advocacy.getByText('Visitors: 1').waitFor()
    await advocacy.getByText('Customers: 0').waitFor()
    expect(e2e.pageErrors).toEqual([])
  })
})
