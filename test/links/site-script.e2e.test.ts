/**
 * The site script in a real browser: a visitor follows a tracked link to a shop on another
 * origin whose page loads /t.js; the page view, a sale through murmur.convert() and the
 * visitor's own link from murmur.share() reach Murmur and join the click.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createUser } from '../../src/services/accounts.js'
import { createLink } from '../../src/services/links.js'
import { updateTrafficSettings } from '../../src/services/site-settings.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { chromiumAvailable, startWebE2e, type WebE2e } from '../e2e/support/web-e2e.js'

const hasChromium = chromiumAvailable()

// Headless Chromium names itself HeadlessChrome, which counts as a bot; a visitor's browser does not.
const VISITOR_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'

/** The business's own site: another origin, a landing page and a second page, both with the tag. */
function shopPage(murmurBase: string, siteKey: string, title: string): string {
  return `<!doctype html><html><head><title>${title}</title>
<script src="${murmurBase}/t.js" data-key="${siteKey}" defer></script></head>
<body><h1>${title}</h1>
<button id="buy">Buy</button> <button id="share">Share</button>
<output id="sale"></output> <output id="link"></output>
<script>
document.getElementById('buy').onclick = function () {
  murmur.convert({ kind: 'sale', value: 12.5, currency: 'EUR', email: 'ada@example.com', order_id: 'order-77' })
    .then(function (r) { document.getElementById('sale').textContent = 'sale ' + r.id + ' ' + r.amount; },
          function (e) { document.getElementById('sale').textContent = 'error ' + e.message; });
};
document.getElementById('share').onclick = function () {
  murmur.share().then(function (url) { document.getElementById('link').textContent = 'link ' + url; },
                      function (e) { document.getElementById('link').textContent = 'error ' + e.message; });
};
</script></body></html>`
}

describe.runIf(hasChromium)('the site script in a browser', { timeout: 90_000 }, () => {
  let e2e: WebE2e
  let shop: Server
  let shopOrigin: string
  let scope: WorkspaceScope
  let code: string

  beforeAll(async () => {
    e2e = await startWebE2e()
    const murmur = e2e.server.murmur
    const user = await createUser(murmur, {
      email: 'ada@cornerbakery.example',
      password: 'flour and water 1',
    })
    const workspace = await createWorkspace(murmur, {
      name: 'Corner Bakery',
      timeZone: 'UTC',
      ownerId: user.id,
    })
    scope = new WorkspaceScope(murmur.db, workspace.id)
    let siteKey = ''
    shop = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      response.end(shopPage(e2e.base, siteKey, path === '/menu' ? 'Menu' : 'Spring cakes'))
    })
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve))
    // "localhost" is another origin than Murmur's 127.0.0.1, as a real shop's domain would be.
    shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`
    const settings = await updateTrafficSettings(murmur, scope, { site_origins: [shopOrigin] })
    siteKey = settings.site_key
    const link = await createLink(murmur, scope, {
      destination: `${shopOrigin}/spring`,
      campaign: 'Spring',
      createdBy: user.id,
    })
    code = link.code
  })

  afterAll(async () => {
    await new Promise((resolve) => shop?.close(resolve))
    await e2e?.close()
  })

  test('page views, a sale and a share link, joined to the click', async () => {
    const context = await e2e.browser.newContext({ userAgent: VISITOR_UA })
    const page = await context.newPage()
    page.on('pageerror', (error) => e2e.pageErrors.push(error.message))
    const pageViews = () =>
      scope.selectFrom('page_views').select(['path', 'click_id']).orderBy('id').execute()

    const viewed = page.waitForResponse((r) => r.url().endsWith('/pageview'))
    await page.goto(`${e2e.base}/l/${code}`)
    expect(page.url()).toMatch(new RegExp(`^${shopOrigin}/spring\\?mm=`))
    const mm = new URL(page.url()).searchParams.get('mm')
    expect((await viewed).status()).toBe(204)

    // The click id is kept for the visit: a page without ?mm still reports it.
    const second = page.waitForResponse((r) => r.url().endsWith('/pageview'))
    await page.goto(`${shopOrigin}/menu`)
    expect((await second).status()).toBe(204)
    expect(await pageViews()).toEqual([
      { path: '/spring', click_id: mm },
      { path: '/menu', click_id: mm },
    ])

    await page.click('#buy')
    await page.getByText(/^sale cnv_\S+ 1250$/).waitFor()
    await page.click('#share')
    const shared = page.getByText(/^link http:\/\/127\.0\.0\.1:\d+\/l\/[a-z0-9]+$/)
    await shared.waitFor()
    const myLink = ((await shared.textContent()) ?? '').replace(/^link /, '')

    const conversions = await scope
      .selectFrom('conversions')
      .select(['kind', 'amount', 'currency', 'click_id', 'source'])
      .execute()
    expect(conversions).toEqual([
      { kind: 'sale', amount: 1250, currency: 'EUR', click_id: mm, source: 'script' },
    ])
    const shareLinks = await scope
      .selectFrom('share_links')
      .innerJoin('links', 'links.id', 'share_links.link_id')
      .select(['links.code', 'share_links.generation'])
      .orderBy('share_links.generation')
      .execute()
    expect(shareLinks).toEqual([
      { code, generation: 0 },
      { code: myLink.split('/').at(-1), generation: 1 },
    ])

    // A friend gets the address of the shop with ?ref= instead of the short link: the visit is
    // recorded against that share link, and the page view carries its click id.
    const friend = await e2e.browser.newContext({ userAgent: VISITOR_UA })
    const friendPage = await friend.newPage()
    friendPage.on('pageerror', (error) => e2e.pageErrors.push(error.message))
    const refViewed = friendPage.waitForResponse((r) => r.url().endsWith('/pageview'))
    await friendPage.goto(`${shopOrigin}/spring?ref=${myLink.split('/').at(-1)}`)
    expect((await refViewed).status()).toBe(204)
    const refView = (await pageViews()).at(-1)
    expect(refView?.click_id).toMatch(/^[0-9a-z]{18}$/)
    expect(refView?.click_id).not.toBe(mm)
    await friend.close()

    expect(e2e.pageErrors).toEqual([])
    await context.close()
  })
})
