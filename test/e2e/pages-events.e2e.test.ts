/**
 * Be found, walked in a real browser: the owner edits the home page and watches the live preview
 * follow, publishes it and opens it; creates an event and publishes it; a visitor with no session
 * joins it on its public page; the owner sees the attendee in the event's list and as a contact.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
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
const VISITOR = { name: 'Grace Hopper', email: 'Grace@Example.org' }
const DESCRIPTION = 'Sourdough, croissants and coffee in the 7th since 1998.'
const EVENT_TITLE = 'Winter bread tasting'

/** A week from now at 18:00, as typed in a datetime-local field. */
const nextWeekEvening = () =>
  `${new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)}T18:00`

describe.runIf(hasChromium)('pages and events in the browser', { timeout: 120_000 }, () => {
  let e2e: WebE2e
  let owner: Page
  let phone: Page
  let phoneContext: BrowserContext
  let workspaceId: string
  let workspacePath: string
  let eventUrl: string
  let eventPath: string

  async function api<T>(path: string): Promise<T> {
    const response = await owner.request.get(`${e2e.base}/api/v1/workspaces/${workspaceId}${path}`)
    expect(response.ok()).toBe(true)
    return (await response.json()) as T
  }

  beforeAll(async () => {
    e2e = await startWebE2e()
    ;[, owner] = await e2e.newPage({ width: 1280, height: 900 })
    ;[phoneContext, phone] = await e2e.newPage({ width: 360, height: 780 })

    // Set-up itself is the foundation test's subject: here it is one request.
    const setup = await owner.request.post(`${e2e.base}/api/v1/setup`, {
      data: {
        email: OWNER.email,
        password: OWNER.password,
        name: OWNER.name,
        workspace_name: 'Corner Bakery',
        time_zone: 'Europe/Paris',
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
    await e2e?.close()
  })

  test('the owner edits the home page, sees the preview follow, publishes it and opens it', async () => {
    await owner.goto(`${e2e.base}${workspacePath}`)
    await owner.getByRole('navigation', { name: 'Workspace' }).getByText('Home page').click()
    await owner.waitForURL(`**${workspacePath}/page`)

    const preview = owner.locator('iframe[title="Preview of the home page"]')
    const previewHtml = () => preview.getAttribute('srcdoc').then((html) => html ?? '')
    await expect.poll(previewHtml, { timeout: 15_000 }).toContain('Corner Bakery')

    await owner.getByLabel('Description').fill(DESCRIPTION)
    await owner.getByLabel('Town or city').fill('Paris')
    await owner.getByRole('button', { name: 'Add opening hours' }).click()
    await owner.getByRole('button', { name: 'Add a link' }).click()
    await owner.getByLabel('Label of link 1').fill('Our menu')
    await owner.getByLabel('Address of link 1').fill('https://cornerbakery.example/menu')
    await owner.getByLabel('Accent colour').fill('#1d4ed8')
    // The preview is made by the server from the unsaved settings.
    await expect.poll(previewHtml, { timeout: 15_000 }).toContain('Sourdough, croissants')
    await expect.poll(previewHtml).toContain('Our menu')
    await expect.poll(async () => (await previewHtml()).toLowerCase()).toContain('1d4ed8')
    expect(await preview.contentFrame().getByText('Sourdough, croissants').count()).toBeGreaterThan(
      0,
    )

    // A refused value is shown next to its field.
    await owner.getByLabel('Address of link 1').fill('not a web address')
    await owner.getByLabel('Published').check()
    await owner.getByRole('button', { name: 'Save page' }).first().click()
    await seeText(owner, 'The page was not saved')
    // The problem sits under the field it is about (links.0.url).
    const linkField = owner.getByLabel('Address of link 1')
    await expect.poll(() => linkField.getAttribute('aria-invalid'), { timeout: 5_000 }).toBe('true')
    await owner.getByLabel('Address of link 1').fill('https://cornerbakery.example/menu')
    await owner.getByRole('button', { name: 'Save page' }).first().click()
    await seeText(owner, 'Your page is saved and public.')
    await screenshot(owner, 'page-editor')

    const publicUrl = await owner.getByRole('textbox', { name: 'Public address' }).inputValue()
    expect(publicUrl).toBe(`${e2e.base}/p/corner-bakery`)
    const visitor = await (await e2e.browser.newContext()).newPage()
    await visitor.goto(publicUrl)
    await visitor.getByRole('heading', { level: 1, name: 'Corner Bakery' }).waitFor()
    await seeText(visitor, 'Sourdough, croissants')
    await visitor.getByRole('link', { name: 'Our menu' }).waitFor()
    await visitor.context().close()

    await phone.goto(`${e2e.base}${workspacePath}/page`)
    await phone.getByLabel('Description').waitFor()
    await screenshot(phone, 'page-editor')
  })

  test('the owner creates an event, sees its preview and publishes it', async () => {
    await owner.goto(`${e2e.base}${workspacePath}/events`)
    await seeText(owner, 'Bring people together')
    await screenshot(owner, 'events-empty')
    await owner.getByRole('link', { name: 'New event' }).first().click()
    await owner.waitForURL(`**${workspacePath}/events/new`)

    await owner.getByLabel('Title', { exact: true }).fill(EVENT_TITLE)
    await owner
      .getByLabel('Description', { exact: true })
      .fill('Taste five winter breads with our bakers.')
    await owner.getByLabel('Starts (Europe/Paris)').fill(nextWeekEvening())
    await owner.getByLabel('Place name').fill('Corner Bakery')
    await owner.getByLabel('Street').fill('12 Rue Cler')
    await owner.getByLabel('Town or city').fill('Paris')
    await owner.getByLabel('Capacity').fill('20')
    const preview = owner.locator('iframe[title="Preview of the event page"]')
    await expect
      .poll(() => preview.getAttribute('srcdoc').then((html) => html ?? ''), { timeout: 15_000 })
      .toContain('Taste five winter breads')

    await owner.getByRole('button', { name: 'Create event' }).click()
    await seeText(owner, 'Event created as a draft')
    await owner.waitForURL(/\/events\/(?!new)[^/]+$/)
    eventPath = new URL(owner.url()).pathname

    await owner.getByRole('button', { name: 'Publish' }).click()
    await seeText(owner, 'The event is published')
    await owner.getByRole('button', { name: 'Announce' }).waitFor()
    eventUrl = await owner.getByRole('textbox', { name: 'Event page' }).inputValue()
    expect(eventUrl).toBe(`${e2e.base}/p/corner-bakery/events/winter-bread-tasting`)
    await screenshot(owner, 'event')

    await phone.goto(`${e2e.base}${eventPath}`)
    await phone.getByLabel('Title', { exact: true }).waitFor()
    await screenshot(phone, 'event')
    await phone.goto(`${e2e.base}${workspacePath}/events`)
    await phone.getByRole('link', { name: EVENT_TITLE }).waitFor()
    await screenshot(phone, 'events')
  })

  test('a visitor joins on the public page; the owner sees the attendee and the contact', async () => {
    const [visitorContext, visitor] = await e2e.newPage({ width: 360, height: 780 })
    await visitor.goto(eventUrl)
    await visitor.getByRole('heading', { level: 1, name: EVENT_TITLE }).waitFor()
    await visitor.getByLabel('Your name').fill(VISITOR.name)
    await visitor.getByLabel('Your email').fill(VISITOR.email)
    await visitor.getByRole('checkbox').check()
    await visitor.getByRole('button', { name: 'Join this event' }).click()
    await seeText(visitor, 'You are on the list')
    await visitorContext.close()

    await owner.goto(`${e2e.base}${eventPath}`)
    await owner.getByRole('tab', { name: 'Attendees (1)' }).click()
    const table = owner.getByRole('table', { name: 'Attendees' })
    await table.getByRole('cell', { name: VISITOR.name, exact: true }).waitFor()
    await owner.getByRole('link', { name: 'Download CSV' }).waitFor()
    await screenshot(owner, 'event-attendees')

    const contacts = await api<{
      data: Array<{ name: string | null; email: string | null; stage: string; tags: string[] }>
    }>(`/contacts?q=${encodeURIComponent('grace@example.org')}`)
    const contact = contacts.data.find((item) => item.email?.toLowerCase() === 'grace@example.org')
    expect(contact).toBeDefined()
    expect(contact?.stage).toBe('lead')
    expect(contact?.tags).toContain('event:winter-bread-tasting')

    expect(e2e.pageErrors).toEqual([])
  })
})
