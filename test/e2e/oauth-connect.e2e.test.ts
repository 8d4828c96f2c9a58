/**
 * Connecting X with OAuth in a real browser, against the X fake: the Channels screen says the
 * app is missing, an admin adds the workspace's own app, a refusal on X's consent page comes back
 * as a message, then Connect X goes to X's consent page and back with the channel connected; the
 * composer shows X's limits before anything is typed, and a post published now reaches the fake.
 * Then Facebook: Login, and the Page picker of a sign-in that reached several Pages.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MetaUsageGate } from '../../src/networks/meta/index.js'
import { installNetworkSettings } from '../../src/services/network-settings.js'
import { FakeFacebook } from '../fakes/facebook/fake-facebook.js'
import { FakeX } from '../fakes/x/fake-x.js'
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

describe.runIf(hasChromium)('connecting X with OAuth in the browser', { timeout: 90_000 }, () => {
  let e2e: WebE2e
  let x: FakeX
  let facebook: FakeFacebook
  let owner: Page
  let workspaceId: string
  let channelsUrl: string

  async function csrfToken(): Promise<string> {
    const session = await owner.request.get(`${e2e.base}/api/v1/session`)
    return ((await session.json()) as { csrf_token: string }).csrf_token
  }

  async function api<T>(path: string): Promise<T> {
    const response = await owner.request.get(`${e2e.base}/api/v1/workspaces/${workspaceId}${path}`)
    expect(response.ok()).toBe(true)
    return (await response.json()) as T
  }

  beforeAll(async () => {
    e2e = await startWebE2e()
    // The fake only knows the workspace's app, registered with this server's callback URL.
    x = await FakeX.start({
      app: {
        clientId: 'corner-bakery-x-app',
        clientSecret: 'corner-bakery-x-secret',
        redirectUris: [`${e2e.base}/api/v1/oauth/x/callback`],
      },
    })
    facebook = await FakeFacebook.start({
      app: { redirectUris: [`${e2e.base}/api/v1/oauth/facebook/callback`] },
    })
    installNetworkSettings(e2e.server.murmur, {
      x: { apiBaseUrl: x.url, authorizeUrl: `${x.url}/i/oauth2/authorize` },
      facebook: { graphUrl: facebook.url, dialogUrl: facebook.url, usageGate: new MetaUsageGate() },
    })
    ;[, owner] = await e2e.newPage({ width: 1280, height: 900 })
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
    const body = (await setup.json()) as { workspace: { id: string } }
    workspaceId = body.workspace.id
    channelsUrl = `${e2e.base}/w/${workspaceId}/settings/channels`
  }, 240_000)

  afterAll(async () => {
    await x?.close()
    await facebook?.close()
    await e2e?.close()
  })

  test('without an app the X card says so; an admin adds the workspace’s own app', async () => {
    await owner.goto(channelsUrl)
    await seeText(owner, 'App credentials not configured: see docs/networks/x.md')
    expect(await owner.getByRole('button', { name: 'Connect X' }).isDisabled()).toBe(true)

    await owner.getByRole('button', { name: 'Use your own X app' }).click()
    const dialog = owner.getByRole('dialog', { name: 'X app credentials' })
    expect(await dialog.getByRole('textbox', { name: 'Callback URL' }).inputValue()).toBe(
      `${e2e.base}/api/v1/oauth/x/callback`,
    )
    await dialog.getByLabel('Client ID').fill('corner-bakery-x-app')
    await dialog.getByLabel('Client secret').fill('corner-bakery-x-secret')
    await dialog.getByRole('button', { name: 'Save app' }).click()
    await seeText(owner, 'App saved')
    await owner.getByRole('button', { name: 'Connect X' }).and(owner.locator(':enabled')).waitFor()
    await screenshot(owner, 'channels-x-app')
  })

  test('saying no on X’s consent page comes back as a message, and nothing is connected', async () => {
    x.consent.deny = true
    await owner.getByRole('button', { name: 'Connect X' }).click()
    await owner.waitForURL(/\/settings\/channels/)
    await seeText(owner, 'X was not connected')
    await seeText(owner, /X access was not granted/)
    // The codes are gone from the address: a reload says nothing again.
    expect(new URL(owner.url()).search).toBe('')
    expect((await api<{ data: unknown[] }>('/channels')).data).toEqual([])
  })

  test('Connect X: X’s consent page, back to Murmur, the channel is connected', async () => {
    const account = x.createUser('cornerbakery', 'Corner Bakery')
    x.consent.userId = account.id
    const visited: string[] = []
    owner.on('request', (request) => {
      if (request.isNavigationRequest()) visited.push(request.url())
    })
    await owner.getByRole('button', { name: 'Connect X' }).click()
    await seeText(owner, 'Channel connected')
    await owner.getByText('X · @cornerbakery').waitFor()
    // X's consent page, then Murmur's callback, then back to Settings > Channels.
    expect(visited.some((url) => url.startsWith(`${x.url}/i/oauth2/authorize?`))).toBe(true)
    expect(visited.some((url) => url.startsWith(`${e2e.base}/api/v1/oauth/x/callback?`))).toBe(true)
    expect(new URL(owner.url()).pathname).toBe(`/w/${workspaceId}/settings/channels`)
    const channels = await api<{ data: Array<{ network: string; handle: string }> }>('/channels')
    expect(channels.data).toEqual([
      expect.objectContaining({ network: 'x', handle: 'cornerbakery' }),
    ])
    await screenshot(owner, 'channels-x-connected')
  })

  test('Compose shows X’s limits before typing, and Publish now reaches X', async () => {
    await owner.goto(`${e2e.base}/w/${workspaceId}/compose`)
    const limits = owner.getByTestId('channel-limits')
    await limits.getByText(/@cornerbakery: 280 weighted characters · 4 images up to 5 MB/).waitFor()

    const text = 'Fresh bagels at 7 🥯 https://cornerbakery.com/menu'
    await owner.getByLabel('Post text').fill(text)
    const channelId = (await api<{ data: Array<{ id: string }> }>('/channels')).data[0]?.id ?? ''
    // X counts the URL as 23 and the emoji as 2.
    await expect
      .poll(() => owner.locator(`[data-counter="${channelId}"]`).textContent())
      .toBe(`${'Fresh bagels at 7 '.length + 2 + 1 + 23} / 280`)
    await screenshot(owner, 'compose-x')
    await owner.getByRole('button', { name: 'Publish now' }).click()
    await seeText(owner, 'On its way')

    let published: { authorId: string; text: string } | undefined
    for (let attempt = 0; attempt < 60 && !published; attempt++) {
      published = [...x.state.tweets.values()].find((tweet) => tweet.text === text)
      if (!published) await new Promise((resolve) => setTimeout(resolve, 500))
    }
    expect(published?.authorId).toBe(x.consent.userId)
  })

  test('Connect Facebook: Login, then choose which Pages become channels', async () => {
    const person = facebook.createUser('Ada Baker')
    const bakery = facebook.createPage('Corner Bakery Café', {
      [person.id]: ['CREATE_CONTENT', 'MODERATE', 'ANALYZE'],
    })
    facebook.createPage('Corner Bakery Fans', { [person.id]: ['ANALYZE'] })
    facebook.consent.userId = person.id
    facebook.consent.decline = ['read_insights']
    // The workspace brings its own Facebook app, through the API this time.
    const saved = await owner.request.put(
      `${e2e.base}/api/v1/workspaces/${workspaceId}/network-apps/facebook`,
      {
        data: {
          client_id: facebook.state.app.clientId,
          client_secret: facebook.state.app.clientSecret,
        },
        headers: { 'x-csrf-token': await csrfToken() },
      },
    )
    expect(saved.status()).toBe(200)

    await owner.goto(channelsUrl)
    await owner.getByRole('button', { name: 'Connect Facebook' }).click()
    const dialog = owner.getByRole('dialog', { name: 'Choose the Pages to connect' })
    await dialog.getByText('You declined read_insights').waitFor()
    await dialog.getByText(/does not allow creating posts/).waitFor()
    expect(await dialog.getByRole('checkbox', { name: 'Corner Bakery Fans' }).isDisabled()).toBe(
      true,
    )
    // Nothing is a channel until the person chooses.
    expect((await api<{ data: unknown[] }>('/channels')).data).toHaveLength(1)
    await dialog.getByRole('checkbox', { name: 'Corner Bakery Café' }).check()
    await screenshot(owner, 'page-picker')
    await dialog.getByRole('button', { name: 'Connect Page' }).click()
    await seeText(owner, 'Corner Bakery Café is connected.')
    await owner.getByText('Facebook · @Corner Bakery Café').waitFor()
    const channels = await api<{ data: Array<{ network: string; account_id: string }> }>(
      '/channels',
    )
    expect(channels.data.map((channel) => channel.network).sort()).toEqual(['facebook', 'x'])
    expect(channels.data.find((channel) => channel.network === 'facebook')?.account_id).toBe(
      bakery.id,
    )
    expect(e2e.pageErrors).toEqual([])
  })
})
