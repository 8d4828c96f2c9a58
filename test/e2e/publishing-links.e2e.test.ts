/**
 * Publishing and links, walked in a real browser against a real Bluesky server on loopback
 * (PLC + PDS from @atproto/dev-env): create a tracked link, connect the account, compose with
 * live counters and problems, schedule, see and drag the chip on the calendar, publish now,
 * retry a failure, settle an unconfirmed post, reconnect a channel, and see the checklist tick.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  LOCAL_BLUESKY_HOSTS,
  type LocalBluesky,
  startLocalBluesky,
  type TestAccount,
} from '../networks/support/local-bluesky.js'
import {
  chromiumAvailable,
  screenshot,
  seeText,
  startWebE2e,
  type WebE2e,
} from './support/web-e2e.js'

const hasChromium = chromiumAvailable()

const OWNER = {
  name: 'Ada Baker',
  email: 'ada@cornerbakery.example',
  password: 'flour and water 1',
}
const TIME_ZONE = 'Europe/Paris'

/** "2026-12-01" of an instant in the workspace's zone. */
const dayIn = (instant: number) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant))

const nextDay = (day: string) => {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
}

describe.runIf(hasChromium)('publishing and links in the browser', { timeout: 90_000 }, () => {
  let e2e: WebE2e
  let bluesky: LocalBluesky
  let account: TestAccount
  let owner: Page
  let phone: Page
  let phoneContext: BrowserContext
  let workspaceId: string
  let workspacePath: string
  let channelId: string

  async function api<T>(path: string): Promise<T> {
    const response = await owner.request.get(`${e2e.base}/api/v1/workspaces/${workspaceId}${path}`)
    expect(response.ok()).toBe(true)
    return (await response.json()) as T
  }

  async function deliveryOf(text: string) {
    const posts = await api<{
      data: Array<{
        content: { parts: Array<{ text: string }> }
        deliveries: Array<{
          id: string
          post_id?: string
          state: string
          scheduled_at: string | null
        }>
        id: string
      }>
    }>('/posts?limit=100')
    const post = posts.data.find((item) => item.content.parts[0]?.text === text)
    const delivery = post?.deliveries[0]
    if (!post || !delivery) throw new Error(`no post "${text}"`)
    return { postId: post.id, ...delivery }
  }

  async function waitForState(text: string, state: string) {
    for (let attempt = 0; attempt < 60; attempt++) {
      if ((await deliveryOf(text)).state === state) return
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    throw new Error(`"${text}" never became ${state}`)
  }

  beforeAll(async () => {
    e2e = await startWebE2e({ allowPrivateNetworkHosts: LOCAL_BLUESKY_HOSTS })
    bluesky = await startLocalBluesky()
    account = await bluesky.createAccount('bakery')
    ;[, owner] = await e2e.newPage({ width: 1280, height: 900 })
    ;[phoneContext, phone] = await e2e.newPage({ width: 360, height: 780 })

    // Set-up itself is the foundation test's subject: here it is one request.
    const setup = await owner.request.post(`${e2e.base}/api/v1/setup`, {
      data: {
        email: OWNER.email,
        password: OWNER.password,
        name: OWNER.name,
        workspace_name: 'Corner Bakery',
        time_zone: TIME_ZONE,
      },
    })
    expect(setup.status()).toBe(201)
    workspaceId = ((await setup.json()) as { workspace: { id: string } }).workspace.id
    workspacePath = `/w/${workspaceId}`
    const signIn = await phoneContext.request.post(`${e2e.base}/api/v1/session`, {
      data: { email: OWNER.email, password: OWNER.password },
    })
    expect(signIn.ok()).toBe(true)
  }, 240_000)

  afterAll(async () => {
    await bluesky?.close()
    await e2e?.close()
  })

  test('an empty Links page explains tracked links; one is created and listed with its short URL', async () => {
    await owner.goto(`${e2e.base}${workspacePath}/links`)
    await seeText(owner, 'Know which posts bring visitors')
    await owner.getByRole('button', { name: 'Create link' }).click()

    const dialog = owner.getByRole('dialog', { name: 'Create a tracked link' })
    await dialog.getByRole('button', { name: 'Create link' }).click()
    await seeText(owner, 'Enter the page visitors should land on')
    await dialog.getByLabel('Destination').fill('https://cornerbakery.example/menu')
    await dialog.getByLabel('Custom back-half (optional)').fill('spring-menu')
    await dialog.getByRole('button', { name: /UTM tags/ }).click()
    await dialog.getByLabel('UTM source').fill('bluesky')
    await dialog.getByLabel('UTM medium').fill('social')
    await dialog.getByRole('button', { name: 'Create link' }).click()

    const shortUrl = `${e2e.base}/l/spring-menu`
    const field = owner.getByRole('textbox', { name: 'Short link' })
    await field.waitFor()
    expect(await field.inputValue()).toBe(shortUrl)
    await owner.getByRole('button', { name: 'Done' }).click()

    const shown = shortUrl.replace('http://', '')
    await owner.getByRole('button', { name: `Details of ${shown}` }).waitFor()
    await seeText(owner, 'cornerbakery.example/menu')

    // The short link works, and lands with the UTM tags.
    const visit = await fetch(shortUrl, { redirect: 'manual' })
    expect(visit.status).toBe(302)
    expect(visit.headers.get('location')).toContain('utm_source=bluesky')

    // Its details: the chart (ECharts names it for screen readers), the QR code and CSV.
    await owner.getByRole('button', { name: `Details of ${shown}` }).click()
    await owner.locator('[aria-label*="Clicks per day"]').first().waitFor()
    const qr = owner.getByRole('img', { name: `QR code for ${shortUrl}` })
    await qr.waitFor()
    await expect
      .poll(() =>
        qr.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0)
    await owner.getByRole('button', { name: 'Archive link' }).click()
    await seeText(owner, 'Link archived')
    await owner.getByRole('button', { name: 'Restore link' }).click()
    await seeText(owner, 'Link restored')
    await owner.keyboard.press('Escape')
    const csv = owner.waitForEvent('download')
    await owner.getByRole('button', { name: 'Download CSV' }).click()
    expect((await csv).suggestedFilename()).toMatch(/^links-\d{4}-\d\d-\d\d\.csv$/)
    await screenshot(owner, 'links')

    await phone.goto(`${e2e.base}${workspacePath}/links`)
    await phone.getByRole('button', { name: `Details of ${shown}` }).waitFor()
    await screenshot(phone, 'links')
  })

  test('a Bluesky account is connected with an app password on its own server', async () => {
    await owner.goto(`${e2e.base}${workspacePath}/settings/channels`)
    await seeText(owner, 'No channel connected yet')
    await owner.getByRole('button', { name: 'Connect Bluesky' }).click()

    const dialog = owner.getByRole('dialog', { name: 'Connect a Bluesky account' })
    await dialog.getByRole('link', { name: /App passwords/ }).waitFor()
    await dialog.getByLabel('Handle').fill(account.handle)
    await dialog.getByLabel('App password', { exact: true }).fill(account.appPassword)
    await dialog.getByRole('button', { name: 'Account on its own server?' }).click()
    await dialog.getByLabel('Server address (optional)').fill(bluesky.url)
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click()

    await seeText(owner, 'Channel connected')
    await owner.getByText(`Bluesky · @${account.handle}`).waitFor()
    const channels = await api<{ data: Array<{ id: string; handle: string }> }>('/channels')
    expect(channels.data.map((channel) => channel.handle)).toEqual([account.handle])
    channelId = channels.data[0]?.id ?? ''
    await screenshot(owner, 'channels')
  })

  test('Compose counts exactly, names the problem, previews the post and schedules it', async () => {
    await owner.goto(`${e2e.base}${workspacePath}/compose`)
    const text = owner.getByLabel('Post text')
    await text.fill('a'.repeat(320))

    const counter = owner.locator(`[data-counter="${channelId}"]`)
    await expect.poll(() => counter.textContent()).toBe('320 / 300')
    expect(await counter.getAttribute('aria-label')).toContain('too long')
    await seeText(owner, `Bluesky @${account.handle}: text is 320 / 300 characters`)
    expect(await owner.getByRole('button', { name: 'Schedule…' }).isDisabled()).toBe(true)
    await screenshot(owner, 'compose-too-long')

    await text.fill('Fresh croissants until noon #bakery')
    await expect.poll(() => counter.textContent()).toBe('35 / 300')
    await seeText(owner, 'Ready for its channel')
    const preview = owner.getByRole('figure', { name: `Preview on Bluesky @${account.handle}` })
    await preview.locator('[data-token="hashtag"]', { hasText: '#bakery' }).waitFor()

    await owner.getByRole('button', { name: 'Schedule…' }).click()
    await seeText(owner, /Time zone: Europe\/Paris/)
    await owner.getByRole('button', { name: /^Schedule for / }).click()
    await owner.waitForURL(/\/calendar\?date=/)
    await seeText(owner, 'Scheduled')

    const scheduled = await deliveryOf('Fresh croissants until noon #bakery')
    expect(scheduled.state).toBe('scheduled')
    const chip = owner.locator(`[data-delivery="${scheduled.id}"]`)
    await chip.waitFor()
    const day = dayIn(Date.parse(scheduled.scheduled_at ?? ''))
    expect(
      await owner
        .locator(`li[data-day="${day}"]`)
        .locator(`[data-delivery="${scheduled.id}"]`)
        .count(),
    ).toBe(1)
    await screenshot(owner, 'calendar')

    await phone.goto(`${e2e.base}${workspacePath}/compose`)
    await phone.getByLabel('Post text').fill('b'.repeat(301))
    await expect
      .poll(() => phone.locator(`[data-counter="${channelId}"]`).textContent())
      .toBe('301 / 300')
    await screenshot(phone, 'compose')
  })

  test('a chip dragged to the next day moves the post there, at the same time of day', async () => {
    const before = await deliveryOf('Fresh croissants until noon #bakery')
    const from = dayIn(Date.parse(before.scheduled_at ?? ''))
    const to = nextDay(from)
    const target = owner.locator(`li[data-day="${to}"]`)
    if ((await target.count()) === 0) {
      // The post is on the grid's very last day (1 day in 42): nowhere to drop it here.
      console.warn(`[skip] ${from} is the last day on the grid; the drag was not tried.`)
      return
    }
    await owner.locator(`[data-delivery="${before.id}"]`).dragTo(target)
    await seeText(owner, 'Moved')
    await target.locator(`[data-delivery="${before.id}"]`).waitFor()
    const after = Date.parse(
      (await deliveryOf('Fresh croissants until noon #bakery')).scheduled_at ?? '',
    )
    expect(dayIn(after)).toBe(to)
    const clock = (instant: number) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: TIME_ZONE,
        hour: '2-digit',
        minute: '2-digit',
      }).format(instant)
    expect(clock(after)).toBe(clock(Date.parse(before.scheduled_at ?? '')))
  })

  test('publish now reaches Bluesky; a failure shows the reason and Retry publishes again', async () => {
    const text = 'Sourdough class this Saturday, two places left'
    await owner.goto(`${e2e.base}${workspacePath}/compose`)
    await owner.getByLabel('Post text').fill(text)
    await expect
      .poll(() => owner.locator(`[data-counter="${channelId}"]`).textContent())
      .toBe(`${text.length} / 300`)
    await owner.getByRole('button', { name: 'Publish now' }).click()
    await seeText(owner, 'On its way')
    await waitForState(text, 'published')

    // The network refused it after all (as a rejected image would): the calendar says why.
    const delivery = await deliveryOf(text)
    await e2e.server.murmur.storage.db
      .updateTable('deliveries')
      .set({
        state: 'failed',
        last_error:
          'Bluesky refused the post: the image is too large. Use a smaller one and retry.',
        last_error_kind: 'content_rejected',
      })
      .where('id', '=', delivery.id)
      .execute()
    await owner.goto(`${e2e.base}${workspacePath}/calendar?view=list`)
    await seeText(owner, /1 post failed/)
    await owner.locator(`button[aria-label*="${text}"]`).click()
    await seeText(owner, 'Bluesky refused the post: the image is too large.')
    await screenshot(owner, 'calendar-failed')
    await owner.getByRole('button', { name: 'Retry now' }).click()
    await seeText(owner, 'Publishing again')
    await waitForState(text, 'published')
    await owner.keyboard.press('Escape')
  })

  test('an unconfirmed post explains itself and can be recorded as published', async () => {
    const text = 'Sourdough class this Saturday, two places left'
    const delivery = await deliveryOf(text)
    await e2e.server.murmur.storage.db
      .updateTable('deliveries')
      .set({
        state: 'unconfirmed',
        last_error: 'The connection dropped after Bluesky received it.',
        last_error_kind: 'outcome_unknown',
      })
      .where('id', '=', delivery.id)
      .execute()
    await owner.goto(`${e2e.base}${workspacePath}/calendar?view=list`)
    await owner.locator(`button[aria-label*="${text}"]`).click()
    await seeText(owner, 'Was it published?')
    await owner.getByRole('button', { name: 'Publish again' }).waitFor()
    await owner.getByRole('button', { name: 'It was published' }).click()
    await seeText(owner, 'Recorded as published')
    await waitForState(text, 'published')
    await owner.keyboard.press('Escape')
  })

  test('a channel that needs reconnecting shows a banner everywhere until it is reconnected', async () => {
    await e2e.server.murmur.storage.db
      .updateTable('channels')
      .set({ status: 'needs_reconnect', status_reason: 'The app password was revoked.' })
      .where('id', '=', channelId)
      .execute()
    await owner.goto(`${e2e.base}${workspacePath}/links`)
    const banner = owner.getByRole('alert').filter({ hasText: 'needs reconnecting' })
    await banner.waitFor()
    await screenshot(owner, 'reconnect-banner')
    await banner.getByRole('link', { name: /Reconnect/ }).click()
    await owner.waitForURL('**/settings/channels')
    await owner.getByRole('button', { name: 'Reconnect now' }).click()
    const dialog = owner.getByRole('dialog', { name: `Reconnect @${account.handle}` })
    await dialog.getByLabel('App password', { exact: true }).fill(account.appPassword)
    await dialog.getByRole('button', { name: 'Reconnect', exact: true }).click()
    await seeText(owner, 'Reconnected')
    await banner.waitFor({ state: 'detached' })
  })

  test('the checklist ticks the channel, the scheduled post and the tracked link by itself', async () => {
    await owner.goto(`${e2e.base}${workspacePath}`)
    await seeText(owner, '4 of 5 done')
    for (const step of [
      'Connect a channel',
      'Write and schedule your first post',
      'Add a tracked link',
    ]) {
      await owner.getByText(`${step} (done)`).waitFor({ state: 'attached' })
    }
    expect(e2e.pageErrors).toEqual([])
  })
})
