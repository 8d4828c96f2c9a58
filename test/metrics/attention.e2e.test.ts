/**
 * Attention in a real browser: the Analytics screen with its charts, the top posts table and the
 * best-time heat map, then the CSV and PDF downloads; the PDF is read back and must carry the
 * numbers the screen shows.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runningInboxSync } from '../../src/engagement/inbox-sync.js'
import { installNetworks } from '../../src/services/publishing-networks.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { chromiumAvailable, seeText, startWebE2e, type WebE2e } from '../e2e/support/web-e2e.js'
import type { TestMurmur } from '../support/databases.js'
import { FakeMetricsNetwork } from './fake-metrics-network.js'
import { addChannel, DAY, HOUR, seedPublished } from './world.js'

const hasChromium = chromiumAvailable()

describe.runIf(hasChromium)('attention in the browser', { timeout: 120_000 }, () => {
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
    // The channel below lives on a fake network the inbox sync of this server cannot reach: stop
    // it, or it would mark the channel for reconnecting before the metrics are read.
    await runningInboxSync(murmur)?.stop()
    const fake = new FakeMetricsNetwork('bluesky')
    installNetworks(murmur, fake.asNetworks())
    const t = { murmur } as TestMurmur
    const scope = new WorkspaceScope(murmur.db, workspaceId)
    const channel = await addChannel(t, scope, 'cornerbakery.bsky.social', 'bluesky')
    const now = murmur.now()
    const posts = [
      ['Rye loaves are back', 41],
      ['Sourdough class on Saturday', 17],
      ['Closed on Monday', 3],
    ] as const
    for (const [index, [text, likes]] of posts.entries()) {
      const published = await seedPublished(t, scope, {
        channelId: channel,
        publishedAt: now - (index + 2) * DAY - 3 * HOUR,
        text,
        network: 'bluesky',
      })
      fake.setMetrics(published.remoteId, { likes, reposts: 2, replies: 1, quotes: 0 })
    }
  })
  afterAll(async () => {
    await e2e?.close()
  })

  test('the dashboard, the heat map, a sync by hand, and CSV and PDF exports', async () => {
    await owner.goto(`${e2e.base}/w/${workspaceId}/analytics`)
    // Nothing was read yet: the screen is ready when it says so.
    await seeText(owner, 'No post published in this period.')
    const [syncAnswer] = await Promise.all([
      owner.waitForResponse((r) => r.url().includes('/metrics/sync')),
      owner.getByRole('button', { name: 'Sync metrics now' }).click(),
    ])
    expect(await syncAnswer.json()).toMatchObject({ channels: [{ status: 'synced', fetched: 3 }] })
    const table = owner.getByTestId('top-posts')
    await table.getByText('Rye loaves are back').waitFor()
    await seeText(owner, 'Engagement rate (÷ impressions)')
    // Bluesky has no impressions: the screen says so instead of showing 0.
    await owner.getByTestId('stat-Impressions').getByText('not available from Bluesky').waitFor()
    const engagementsStat = owner.getByTestId('stat-Engagements').locator('p').nth(1)
    // The sync's answer refreshes the screen: wait for the numbers it read.
    await expect.poll(() => engagementsStat.textContent()).toBe('70')
    const engagements = await engagementsStat.textContent()
    const firstRow = table.locator('tbody tr').first()
    expect(await firstRow.textContent()).toContain('Rye loaves are back')
    await owner.locator('input[aria-label="Sort top posts by"]').click()
    await owner.getByRole('option', { name: 'Newest' }).click()
    await expect
      .poll(async () => table.locator('tbody tr').first().textContent())
      .toContain('Rye loaves are back')
    await owner.getByTestId('best-time').getByText('Not enough history yet').waitFor()
    await seeText(owner, /General recommendation for Bluesky, not from your data/)
    expect(await owner.locator('canvas').count()).toBeGreaterThanOrEqual(4)

    const [csv] = await Promise.all([
      owner.waitForEvent('download'),
      owner.getByRole('link', { name: 'CSV', exact: true }).click(),
    ])
    const csvText = await streamText(await csv.createReadStream())
    expect(csvText).toContain('Rye loaves are back')
    expect(csvText).toContain('not available from Bluesky')

    const [pdf] = await Promise.all([
      owner.waitForEvent('download'),
      owner.getByRole('link', { name: 'PDF' }).click(),
    ])
    const bytes = new Uint8Array(
      Buffer.from(await streamText(await pdf.createReadStream(), 'binary'), 'binary'),
    )
    const document = await getDocument({ data: bytes }).promise
    expect(document.numPages).toBeGreaterThanOrEqual(1)
    let text = ''
    for (let n = 1; n <= document.numPages; n++) {
      const content = await (await document.getPage(n)).getTextContent()
      text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ')
    }
    expect(text).toContain('Corner Bakery: attention report')
    expect(text).toMatch(new RegExp(`Engagements\\s+${engagements}`))
    expect(text).toContain('Rye loaves are back')
    expect(e2e.pageErrors).toEqual([])
  })
})

async function streamText(
  stream: NodeJS.ReadableStream,
  encoding: BufferEncoding = 'utf8',
): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks).toString(encoding)
}
