/**
 * The inbox and contacts, walked in a real browser: two people write to the business on a fake
 * Bluesky, "Sync now" brings them in, j/k move through the list, e marks one done, r replies
 * (the reply reaches the network, in the thread), a assigns, the contact moves to lead on the
 * board with a reason, and their page shows the timeline. Also the one-pane layout at 360 px.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { connectWithAppPassword } from '../../src/services/channels.js'
import { installNetworks, networksOf } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { FakeInboxNetwork } from '../engagement/fake-inbox-network.js'
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
const BUSINESS = 'cornerbakery.bsky.social'

describe.runIf(hasChromium)('inbox and contacts in the browser', { timeout: 120_000 }, () => {
  let e2e: WebE2e
  let fake: FakeInboxNetwork
  let owner: Page
  let phoneContext: BrowserContext
  let phone: Page
  let workspacePath: string
  let questionId: string
  let praiseId: string

  const selectedName = () =>
    owner.locator('[role="option"][aria-selected="true"]').first().textContent()

  beforeAll(async () => {
    e2e = await startWebE2e()
    fake = new FakeInboxNetwork()
    // The server's background inbox sync and scheduler took the networks at start-up: point
    // that same object at the fake, so no background job reaches (or fails on) a real network.
    Object.assign(networksOf(e2e.server.murmur), fake.asNetworks())
    installNetworks(e2e.server.murmur, fake.asNetworks())
    ;[, owner] = await e2e.newPage({ width: 1280, height: 900 })
    ;[phoneContext, phone] = await e2e.newPage({ width: 360, height: 780 })

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
    const answer = (await setup.json()) as { user: { id: string }; workspace: { id: string } }
    workspacePath = `/w/${answer.workspace.id}`
    const signIn = await phoneContext.request.post(`${e2e.base}/api/v1/session`, {
      data: { email: OWNER.email, password: OWNER.password },
    })
    expect(signIn.ok()).toBe(true)

    fake.addAccount(BUSINESS, 'abcd-efgh-ijkl-mnop')
    await connectWithAppPassword(
      e2e.server.murmur,
      new WorkspaceScope(e2e.server.murmur.db, answer.workspace.id),
      {
        network: 'bluesky',
        handle: BUSINESS,
        appPassword: 'abcd-efgh-ijkl-mnop',
        createdBy: answer.user.id,
      },
    )
  }, 240_000)

  afterAll(async () => {
    await e2e?.close()
  })

  test('an empty inbox explains itself; Sync now brings the mentions in', async () => {
    await owner.goto(`${e2e.base}${workspacePath}/inbox`)
    await seeText(owner, 'Nothing to answer')
    await screenshot(owner, 'inbox-empty')
    const now = Date.now()
    questionId = fake.receive({
      to: BUSINESS,
      from: 'mia.bsky.social',
      displayName: 'Mia Rossi',
      text: `@${BUSINESS} how much is the big sourdough loaf?`,
      at: now - 20 * 60_000,
    }).id
    praiseId = fake.receive({
      to: BUSINESS,
      from: 'tom.bsky.social',
      displayName: 'Tom Becker',
      text: `@${BUSINESS} your croissants are delicious, thank you!`,
      at: now - 5 * 60_000,
    }).id
    await owner.getByRole('button', { name: 'Sync now' }).click()
    await owner.getByRole('option', { name: /Tom Becker/ }).waitFor({ timeout: 60_000 })
    await owner.getByRole('option', { name: /Mia Rossi/ }).waitFor()
    // Unread conversations are bold; the purchase question carries its label and reason.
    expect(await owner.locator('[role="option"][data-unread]').count()).toBe(2)
    await owner
      .getByRole('option', { name: /Mia Rossi/ })
      .getByText('purchase')
      .waitFor()
  })

  test('j/k move through the list and e marks the selected conversation done', async () => {
    await owner.keyboard.press('j')
    await expect.poll(selectedName).toContain('Tom Becker') // newest first
    await owner.keyboard.press('j')
    await expect.poll(selectedName).toContain('Mia Rossi')
    await owner.keyboard.press('k')
    await expect.poll(selectedName).toContain('Tom Becker')
    await owner.keyboard.press('j')
    // The conversation shows the thread; the contact pane her stage (purchase intent: lead).
    await owner.getByLabel('Thread').getByText('how much is the big sourdough loaf?').waitFor()
    await expect
      .poll(() => owner.getByLabel('Contact').getByLabel('Stage').inputValue())
      .toBe('lead')
    await screenshot(owner, 'inbox-conversation')
    await owner.keyboard.press('e')
    await seeText(owner, 'Marked done.')
    await owner.getByRole('option', { name: /Mia Rossi/ }).waitFor({ state: 'detached' })
    await expect.poll(selectedName).toContain('Tom Becker')
  })

  test('r replies: the reply is published on the network in the thread', async () => {
    await owner.getByLabel('Thread').getByText('croissants are delicious').waitFor()
    await owner.keyboard.press('r')
    await owner.keyboard.type('Thank you {first_name}, see you soon!')
    await owner.getByRole('button', { name: 'Reply', exact: true }).click()
    await seeText(owner, 'Reply sent.')
    await owner.getByLabel('Thread').getByText('Thank you Tom, see you soon!').waitFor()
    const published = [...fake.posts.values()].find((post) => post.replyParentId === praiseId)
    expect(published?.text).toBe('Thank you Tom, see you soon!')
    expect([...fake.posts.values()].some((post) => post.replyParentId === questionId)).toBe(false)
  })

  test('a assigns the conversation', async () => {
    await owner.locator('body').click({ position: { x: 5, y: 5 } })
    await owner.keyboard.press('a')
    await owner.getByRole('option', { name: OWNER.name }).click()
    await seeText(owner, `Assigned to ${OWNER.name}.`)
    await owner
      .getByRole('option', { name: /Tom Becker/ })
      .getByText(`→ ${OWNER.name}`)
      .waitFor()
  })

  test('the board moves Tom to lead with a reason; his page shows the timeline', async () => {
    await owner.goto(`${e2e.base}${workspacePath}/contacts`)
    await owner.getByRole('link', { name: 'Tom Becker' }).waitFor()
    await screenshot(owner, 'contacts-table')
    await owner.locator('label', { hasText: 'Board' }).click()
    const card = owner.locator('[data-stage-column="engaged"] [data-contact-card]')
    await card.waitFor()
    await card.dragTo(owner.locator('[data-stage-column="lead"]'))
    await owner.getByLabel('Why').fill('Asked for a catering quote')
    await owner.getByRole('button', { name: 'Move to lead' }).click()
    await seeText(owner, 'Tom Becker is now lead.')
    await owner.locator('[data-stage-column="lead"] [data-contact-card]').nth(1).waitFor()
    await screenshot(owner, 'contacts-board')

    await owner
      .locator('[data-stage-column="lead"]')
      .getByRole('link', { name: 'Tom Becker' })
      .click()
    await owner.getByRole('heading', { name: 'Tom Becker' }).waitFor()
    const timeline = owner.getByLabel('Timeline')
    await timeline.getByText('Why: Asked for a catering quote').waitFor()
    await timeline.getByText('Stage engaged → lead').waitFor()
    await timeline.getByText('Thank you Tom, see you soon!').waitFor()
    await timeline.getByText('your croissants are delicious', { exact: false }).first().waitFor()
    await screenshot(owner, 'contact-page')
  })

  test('saved replies and intent rules are listed and edited in the Settings tab', async () => {
    await owner.goto(`${e2e.base}${workspacePath}/inbox?tab=settings`)
    await owner.getByRole('heading', { name: 'Intent rules' }).waitFor()
    await owner.getByText('Price', { exact: true }).waitFor()
    await owner.getByRole('button', { name: 'New saved reply' }).click()
    await owner.getByLabel('Name').fill('Opening hours')
    await owner.getByLabel('Text').fill('Hi {first_name}, we open at 7 every day.')
    await owner.getByRole('button', { name: 'Save', exact: true }).click()
    await seeText(owner, 'Saved reply “Opening hours” saved.')
    await owner.getByLabel('Try a message').fill('How much is the cake?')
    await owner.getByRole('button', { name: 'Try', exact: true }).click()
    await seeText(owner, /Rule "Price" \(purchase\)/)
    await screenshot(owner, 'inbox-settings')
  })

  test('at 360 px one pane shows at a time, with a way back', async () => {
    await phone.goto(`${e2e.base}${workspacePath}/inbox`)
    await phone.getByRole('option', { name: /Tom Becker/ }).click()
    await phone.getByLabel('Thread').getByText('Thank you Tom, see you soon!').waitFor()
    expect(await phone.getByRole('listbox', { name: 'Conversations' }).count()).toBe(0)
    await screenshot(phone, 'inbox-conversation')
    await phone.getByRole('button', { name: 'Show the contact' }).click()
    await phone.getByRole('heading', { name: 'Tom Becker' }).waitFor()
    await phone.getByRole('button', { name: 'Back to the conversation' }).click()
    await phone.getByRole('button', { name: 'Back to the list' }).click()
    await phone.getByRole('listbox', { name: 'Conversations' }).waitFor()
    await screenshot(phone, 'inbox-list')
    await phone.goto(`${e2e.base}${workspacePath}/contacts?view=board`)
    await phone.locator('[data-stage-column="lead"]').waitFor()
    await screenshot(phone, 'contacts-board')
    expect(e2e.pageErrors).toEqual([])
  })
})
