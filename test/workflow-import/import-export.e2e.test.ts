/**
 * Importing posts in a real browser: a CSV file with a bad row is uploaded, the preview shows the
 * row's number and reason, the good rows are imported without it while a progress bar runs to
 * the end, and the export link downloads them. The Feeds page opens with its form.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { connectWithAppPassword } from '../../src/services/channels.js'
import { installNetworks, networksOf } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { chromiumAvailable, seeText, startWebE2e, type WebE2e } from '../e2e/support/web-e2e.js'
import { FakeNetwork } from '../publishing/fake-network.js'

const hasChromium = chromiumAvailable()
const HANDLE = 'cornerbakery.bsky.social'

describe.runIf(hasChromium)(
  'importing and exporting posts in the browser',
  { timeout: 120_000 },
  () => {
    let e2e: WebE2e
    let owner: Page
    let workspacePath: string

    beforeAll(async () => {
      e2e = await startWebE2e()
      const fake = new FakeNetwork()
      // The background jobs took the networks at start-up: point them at the fake as well.
      Object.assign(networksOf(e2e.server.murmur), fake.asNetworks())
      installNetworks(e2e.server.murmur, fake.asNetworks())
      ;[, owner] = await e2e.newPage({ width: 1280, height: 900 })
      const setup = await owner.request.post(`${e2e.base}/api/v1/setup`, {
        data: {
          email: 'ada@cornerbakery.example',
          password: 'flour and water 1',
          workspace_name: 'Corner Bakery',
          time_zone: 'Europe/Paris',
        },
      })
      expect(setup.status()).toBe(201)
      const answer = (await setup.json()) as { user: { id: string }; workspace: { id: string } }
      workspacePath = `/w/${answer.workspace.id}`
      fake.addAccount(HANDLE, 'abcd-efgh-ijkl-mnop')
      await connectWithAppPassword(
        e2e.server.murmur,
        new WorkspaceScope(e2e.server.murmur.db, answer.workspace.id),
        {
          network: 'bluesky',
          handle: HANDLE,
          appPassword: 'abcd-efgh-ijkl-mnop',
          createdBy: answer.user.id,
        },
      )
    }, 240_000)

    afterAll(async () => {
      await e2e?.close()
    })

    test('upload, see the bad row, import the good ones with a progress bar, export', async () => {
      await owner.goto(`${e2e.base}${workspacePath}/import`)
      await seeText(owner, 'Import posts from CSV')
      const csv = [
        'text,channels,time,labels',
        '"Fresh sourdough, still warm",bluesky,2099-12-01 09:30,bread',
        'Nowhere to go,mastodon,2099-12-01 09:30,',
        'A draft for later,bluesky,,',
      ].join('\r\n')
      await owner
        .locator('input[type="file"]')
        .setInputFiles({ name: 'december.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
      await seeText(owner, '1 with problems')
      const bad = owner.locator('tr[data-status="bad"]')
      await expect(bad.locator('td').first().textContent()).resolves.toBe('3')
      await expect(bad.textContent()).resolves.toContain('Channel "mastodon" is not one of')

      await owner
        .getByRole('button', { name: /Import the 2 good rows without the 1 with problems/ })
        .click()
      await seeText(owner, 'Done: 2 posts created.')
      await expect(
        owner.getByRole('progressbar', { name: 'Import progress' }).getAttribute('aria-valuenow'),
      ).resolves.toBe('100')

      const exportLink = owner.getByRole('link', { name: 'Export', exact: true })
      const href = await exportLink.getAttribute('href')
      expect(href).toContain('/post-export?format=csv')
      const download = await owner.request.get(`${e2e.base}${href}`)
      expect(download.status()).toBe(200)
      const text = await download.text()
      expect(text).toContain('"Fresh sourdough, still warm"')
      expect(text).toContain('A draft for later')
      expect(e2e.pageErrors).toEqual([])
    })

    test('the Feeds page explains itself and offers the form', async () => {
      await owner.goto(`${e2e.base}${workspacePath}/feeds`)
      await seeText(owner, 'No feed yet.')
      await seeText(owner, 'Follow a feed')
      await expect(owner.getByRole('button', { name: 'Follow feed' }).isDisabled()).resolves.toBe(
        true,
      )
      expect(e2e.pageErrors).toEqual([])
    })
  },
)
