/**
 * The composer aimed at all seven networks at once, in a real browser: every channel's counter
 * counts the network's way (X weighs a link as 23, Bluesky counts it whole), every channel's
 * problems show together (too long for X and Bluesky, fine for Mastodon; Instagram refuses a post
 * without an image), and a LinkedIn connection at day 55 of its 60 shows "reconnect soon".
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { NetworkId } from '../../src/networks/spec/index.js'
import { installNetworkSettings } from '../../src/services/network-settings.js'
import { saveConnectedChannel } from '../../src/services/oauth-channels.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import {
  chromiumAvailable,
  screenshot,
  seeText,
  startWebE2e,
  type WebE2e,
} from './support/web-e2e.js'

const hasChromium = chromiumAvailable()
const DAY = 24 * 3_600_000
/** A closed port on this machine: calls fail at once as "network unavailable". */
const NOWHERE = 'http://127.0.0.1:9'

const URL_IN_POST = 'https://cornerbakery.com/menu/autumn-specials-2026'
/** 270 plain characters, a space and a 50-character link: 294 for X and Mastodon, 321 elsewhere. */
const FILLER = 'Fresh rye and spelt loaves today. '.repeat(8).slice(0, 270)
const TEXT = `${FILLER} ${URL_IN_POST}`

describe.runIf(hasChromium)('the composer for all seven networks', { timeout: 120_000 }, () => {
  let e2e: WebE2e
  let owner: Page
  let workspaceId: string
  const channelIds = new Map<NetworkId, string>()

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
    const { murmur } = e2e.server
    const scope = new WorkspaceScope(murmur.db, workspaceId)
    const now = murmur.now()
    // The background work (inbox, numbers) reaches no network: a closed port answers nothing.
    installNetworkSettings(murmur, {
      x: { apiBaseUrl: NOWHERE },
      threads: { graphUrl: NOWHERE },
      facebook: { graphUrl: NOWHERE },
      instagram: { graphUrl: NOWHERE },
      linkedin: { apiUrl: NOWHERE },
    })
    // Channels as connecting leaves them; composing calls no network, so the tokens are inert.
    const accounts: Array<[NetworkId, string, Record<string, unknown>]> = [
      ['x', 'cornerbakery', { userId: '1001', username: 'cornerbakery', accessToken: 't' }],
      [
        'bluesky',
        'cornerbakery.bsky.social',
        { did: 'did:plc:corner', service: NOWHERE, accessJwt: 't', refreshJwt: 't' },
      ],
      [
        'mastodon',
        'cornerbakery@mastodon.example',
        { instanceUrl: NOWHERE, accountId: '1', accessToken: 't' },
      ],
      ['threads', 'cornerbakery', { userId: '2001', username: 'cornerbakery', accessToken: 't' }],
      ['facebook', 'Corner Bakery', { pageId: '3001', accessToken: 't' }],
      ['instagram', 'cornerbakery', { userId: '4001', username: 'cornerbakery', accessToken: 't' }],
      [
        'linkedin',
        'Ada Baker',
        {
          author: 'urn:li:person:ada',
          name: 'Ada Baker',
          accessToken: 't',
          // Connected 55 days ago: the 60-day connection ends in 5 days.
          expiresAt: new Date(now + 5 * DAY).toISOString(),
        },
      ],
    ]
    for (const [network, handle, credentials] of accounts) {
      const { channel } = await saveConnectedChannel(murmur, scope, {
        network,
        account: { accountId: `${network}-account`, handle, credentials },
        createdBy: null,
      })
      channelIds.set(network, channel.id)
    }
  }, 240_000)

  afterAll(async () => {
    await e2e?.close()
  })

  test('LinkedIn’s connection ending in 5 days shows "reconnect soon" in the banner and the list', async () => {
    await owner.goto(`${e2e.base}/w/${workspaceId}/settings/channels`)
    await seeText(owner, 'Reconnect LinkedIn @Ada Baker soon')
    await seeText(owner, /This connection ends in 5 days/)
    await screenshot(owner, 'channels-reconnect-soon')
  })

  test('every network’s counter and every problem, at once', async () => {
    await owner.goto(`${e2e.base}/w/${workspaceId}/compose`)
    await owner.getByText('Post to').waitFor()
    for (const name of [
      'X @cornerbakery',
      'Bluesky @cornerbakery.bsky.social',
      'Mastodon @cornerbakery@mastodon.example',
      'Threads @cornerbakery',
      'Facebook @Corner Bakery',
      'Instagram @cornerbakery',
      'LinkedIn @Ada Baker',
    ]) {
      await owner.getByText(name, { exact: true }).click()
    }
    await owner.getByLabel('Post text').fill(TEXT)
    const counter = (network: NetworkId) =>
      owner.locator(`[data-counter="${channelIds.get(network)}"]`).first()
    const expected: Record<NetworkId, string> = {
      x: '294 / 280',
      mastodon: '294 / 500',
      bluesky: '321 / 300',
      threads: '321 / 500',
      facebook: '321 / 63,206',
      instagram: '321 / 2,200',
      linkedin: '321 / 3,000',
    }
    for (const [network, shown] of Object.entries(expected) as Array<[NetworkId, string]>) {
      await expect.poll(() => counter(network).textContent(), { timeout: 30_000 }).toBe(shown)
    }
    const problems = owner.getByTestId('problems')
    await expect
      .poll(() => problems.textContent(), { timeout: 30_000 })
      .toMatch(/X @cornerbakery: text is 294 \/ 280 characters/)
    const listed = (await problems.textContent()) ?? ''
    expect(listed).toMatch(/Bluesky @cornerbakery.bsky.social: text is 321 \/ 300 characters/)
    expect(listed).toMatch(/needs an image or a video on Instagram/)
    // Mastodon, Threads, Facebook and LinkedIn take this text as it is.
    expect(listed).not.toMatch(/\/ 500|\/ 63,206|\/ 3,000/)
    await screenshot(owner, 'compose-all-networks')
    expect(e2e.pageErrors).toEqual([])
  })
})
