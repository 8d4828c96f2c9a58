/**
 * The foundation, walked in a real browser: set-up, settings, an invitation
 * accepted in a second browser, a role change seen by the member, signing out
 * and in again, and signing out everywhere. Runs the built web app against the
 * real server (in-process, fresh data dir, free port) with Debian's Chromium.
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { type RunningServer, startServer } from '../../src/server.js'
import { buildWebAppIfStale } from './support/web-e2e.js'

const CHROMIUM = '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const hasChromium = existsSync(CHROMIUM)

if (!hasChromium) {
  if (process.env.CI === 'true') {
    throw new Error(
      `${CHROMIUM} is missing; CI must run the browser tests (apt-get install chromium).`,
    )
  }
  console.warn(`[skip] Browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium).`)
}

const OWNER = {
  name: 'Ada Baker',
  email: 'ada@cornerbakery.example',
  password: 'flour and water 1',
}
const MEMBER = {
  name: 'Sam Editor',
  email: 'sam@cornerbakery.example',
  password: 'sourdough rises 2',
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/** Waits for the toast (or any text) that confirms an action. */
async function seeText(page: Page, text: string | RegExp) {
  await page.getByText(text).first().waitFor({ state: 'visible' })
}

async function pickOption(
  page: Page,
  field: ReturnType<Page['getByRole']>,
  search: string | null,
  option: RegExp,
) {
  await field.click()
  if (search !== null) await field.fill(search)
  await page.getByRole('option', { name: option }).click()
}

describe.runIf(hasChromium)('foundation in the browser', { timeout: 60_000 }, () => {
  let server: RunningServer
  let dataDir: string
  let base: string
  let browser: Browser
  let owner: Page
  let member: Page
  let workspacePath: string
  let invitationUrl: string
  const pageErrors: string[] = []

  async function newPage(viewport: {
    width: number
    height: number
  }): Promise<[BrowserContext, Page]> {
    const context = await browser.newContext({ viewport, timezoneId: 'UTC', locale: 'en-US' })
    context.setDefaultTimeout(15_000)
    const page = await context.newPage()
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`))
    return [context, page]
  }

  beforeAll(async () => {
    buildWebAppIfStale()
    dataDir = mkdtempSync(join(tmpdir(), 'murmur-e2e-'))
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    const config = loadConfig(
      {},
      {
        port,
        host: '127.0.0.1',
        dataDir,
        publicUrl: base,
        secret: 'e2e-secret-e2e-secret-e2e-secret-0000',
        serveWebApp: true,
        logLevel: 'silent',
      },
    )
    server = await startServer(config, createLogger('silent', false))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    ;[, owner] = await newPage({ width: 1280, height: 860 })
    // The invited teammate is on a phone: the same flows must work at 360 px.
    ;[, member] = await newPage({ width: 360, height: 780 })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  test('a fresh Murmur asks for set-up, and set-up lands in the new workspace', async () => {
    await owner.goto(`${base}/`)
    await owner.waitForURL('**/setup')
    await owner.getByRole('button', { name: 'Create my workspace' }).click()
    await seeText(owner, 'Enter your email address')

    await owner.getByLabel('Your name (optional)').fill(OWNER.name)
    await owner.getByLabel('Email', { exact: true }).fill(OWNER.email)
    await owner.getByLabel('Password', { exact: true }).fill(OWNER.password)
    await owner.getByLabel('Business name').fill('Corner Bakery')
    expect(await owner.getByRole('combobox', { name: 'Time zone' }).inputValue()).toBe('UTC')
    await owner.getByRole('button', { name: 'Create my workspace' }).click()

    await owner.waitForURL(/\/w\/[^/]+$/)
    workspacePath = new URL(owner.url()).pathname
    await owner.getByRole('heading', { name: 'Hello, Ada' }).waitFor()
    await seeText(owner, '0 of 5 done')
  })

  test('the owner changes the time zone, and the checklist ticks it', async () => {
    await owner.getByRole('link', { name: 'Settings', exact: true }).click()
    await owner.waitForURL('**/settings/general')
    await pickOption(
      owner,
      owner.getByRole('combobox', { name: 'Time zone' }),
      'Tokyo',
      /Asia\/Tokyo/,
    )
    await owner.getByRole('button', { name: 'Save changes' }).click()
    await seeText(owner, 'Workspace settings saved.')

    await owner.getByRole('link', { name: 'Home', exact: true }).click()
    await seeText(owner, '1 of 5 done')
    await seeText(owner, 'Asia/Tokyo')
  })

  test('the owner creates an invitation link for an editor', async () => {
    await owner.goto(`${base}${workspacePath}/settings/members`)
    await owner.getByRole('button', { name: 'Invite' }).click()
    const dialog = owner.getByRole('dialog', { name: 'Invite a teammate' })
    expect(await dialog.getByRole('combobox', { name: 'Role' }).inputValue()).toBe('Editor')
    await dialog.getByRole('button', { name: 'Create invitation link' }).click()

    const link = owner.getByRole('textbox', { name: 'Invitation link' })
    invitationUrl = await link.inputValue()
    expect(invitationUrl).toMatch(new RegExp(`^${base}/invite/[\\w-]+$`))
    await owner.getByRole('button', { name: 'Done' }).click()
    await owner.getByRole('heading', { name: 'Pending invitations' }).waitFor()
    await seeText(owner, 'Anyone with the link')
  })

  test('a teammate opens the link on a phone, creates an account and lands as editor', async () => {
    await member.goto(invitationUrl)
    await member.getByRole('heading', { name: 'Join Corner Bakery' }).waitFor()
    await member.getByLabel('Your name (optional)').fill(MEMBER.name)
    await member.getByLabel('Email', { exact: true }).fill(MEMBER.email)
    await member.getByLabel('Choose a password', { exact: true }).fill(MEMBER.password)
    await member.getByRole('button', { name: 'Create account and join' }).click()

    await member.waitForURL(`**${workspacePath}`)
    await member.getByRole('heading', { name: 'Hello, Sam' }).waitFor()

    // On a phone the navigation sits behind the burger.
    await member.getByRole('button', { name: 'Open navigation' }).click()
    await member.getByRole('link', { name: 'Settings', exact: true }).click()
    await member.waitForURL('**/settings/general')
    await seeText(member, 'You are an editor here')
    expect(await member.getByLabel('Workspace name').getAttribute('readonly')).not.toBeNull()
    expect(await member.getByRole('button', { name: 'Save changes' }).count()).toBe(0)
  })

  test('the owner makes the teammate a viewer, and the teammate sees it after a reload', async () => {
    await owner.reload()
    await owner.getByRole('heading', { name: 'Members' }).waitFor()
    await pickOption(
      owner,
      owner.getByRole('combobox', { name: `Role of ${MEMBER.name}` }),
      null,
      /^Viewer$/,
    )
    await seeText(owner, `${MEMBER.name} is now viewer.`)

    await member.reload()
    await seeText(member, 'You are a viewer here')
  })

  test('the owner signs out, and signs in again', async () => {
    await owner.getByRole('button', { name: `Account menu for ${OWNER.name}` }).click()
    await owner.getByRole('menuitem', { name: 'Sign out', exact: true }).click()
    await owner.waitForURL('**/login')
    await seeText(owner, 'You are signed out.')

    // A signed-in page now sends the visitor to sign in, and back afterwards.
    await owner.goto(`${base}${workspacePath}/settings/members`)
    await owner.waitForURL(/\/login\?next=/)
    await owner.getByLabel('Email', { exact: true }).fill(OWNER.email)
    await owner.getByLabel('Password', { exact: true }).fill('not the password')
    await owner.getByRole('button', { name: 'Sign in' }).click()
    await owner.getByRole('alert').waitFor()

    await owner.getByLabel('Password', { exact: true }).fill(OWNER.password)
    await owner.getByRole('button', { name: 'Sign in' }).click()
    await owner.waitForURL(`**${workspacePath}/settings/members`)
    await owner.getByRole('heading', { name: 'Members' }).waitFor()
  })

  test('signing out everywhere ends the owner’s other sessions too', async () => {
    const [laptopContext, laptop] = await newPage({ width: 1280, height: 860 })
    try {
      await laptop.goto(`${base}/login`)
      await laptop.getByLabel('Email', { exact: true }).fill(OWNER.email)
      await laptop.getByLabel('Password', { exact: true }).fill(OWNER.password)
      await laptop.getByRole('button', { name: 'Sign in' }).click()
      await laptop.waitForURL(`**${workspacePath}`)

      await owner.getByRole('button', { name: `Account menu for ${OWNER.name}` }).click()
      await owner.getByRole('menuitem', { name: 'Sign out everywhere' }).click()
      await owner.waitForURL('**/login')
      await seeText(owner, 'You are signed out on every device.')

      await laptop.reload()
      await laptop.waitForURL(/\/login/)
      await laptop.getByRole('button', { name: 'Sign in' }).waitFor()
    } finally {
      await laptopContext.close()
    }
  })

  test('no page threw an error along the way', () => {
    expect(pageErrors).toEqual([])
  })
})
