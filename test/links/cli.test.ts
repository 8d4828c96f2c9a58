import { execFile } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { closeLinkTraffic, linkTraffic } from '../../src/links/traffic.js'
import { apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur } from '../support/databases.js'
import { IPHONE } from './support.js'

const SECRET = 'test-secret-test-secret-test-secret-000'

// Each case starts the CLI from source; on a busy machine that takes a while.
describe('murmur link', { timeout: 120_000 }, () => {
  let t: TestMurmur
  let slug: string
  beforeAll(async () => {
    // Clicks made a minute ago, so the CLI's lagging rollup (safe beside a server) includes them.
    t = await createTestMurmur('sqlite', { secret: SECRET }, { now: () => Date.now() - 60_000 })
    slug = (await setUpOwner(apiFor(t.murmur))).workspace.slug
  })
  afterAll(async () => {
    await closeLinkTraffic(t.murmur)
    await t.cleanup()
  })

  const murmur = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        MURMUR_DATA_DIR: t.dataDir,
        MURMUR_SECRET: SECRET,
        MURMUR_PUBLIC_URL: 'http://murmur.test',
        LOG_LEVEL: 'silent',
        NO_COLOR: '1',
      }
      delete env.DATABASE_URL
      execFile(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', ...args],
        { env },
        (error, stdout, stderr) => {
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
        },
      )
    })

  test('create prints the short URL; stats prints clicks, unique clicks, bot hits and days', async () => {
    const created = await murmur([
      'link',
      'create',
      '--workspace',
      slug,
      '--url',
      'https://cornerbakery.example/menu',
      '--code',
      'Menu',
    ])
    expect(created.stderr).toBe('')
    expect(created.stdout.trim()).toBe('http://murmur.test/l/menu')

    const app = apiFor(t.murmur).app
    for (const ip of ['8.8.8.8', '8.8.8.8', '1.1.1.1'])
      await app.request('/l/menu', { headers: { 'user-agent': IPHONE, 'x-forwarded-for': ip } })
    await app.request('/l/menu', { headers: { 'user-agent': 'curl/8.0' } })
    await linkTraffic(t.murmur).flush() // stored; the CLI sums them itself

    const stats = await murmur(['link', 'stats', '--workspace', slug, 'menu', '--days', '7'])
    expect(stats.stderr).toBe('')
    const report = JSON.parse(stats.stdout)
    expect(report).toMatchObject({ code: 'menu', clicks: 3, unique_clicks: 2, bot_hits: 1 })
    // Seven days back from the end of this hour: 8 local dates, or 7 when this hour ends at local
    // midnight (the first day then starts at midnight too).
    expect([7, 8]).toContain(report.days.length)
    expect(report.days.at(-1)).toMatchObject({ clicks: 3, unique_clicks: 2, bot_hits: 1 })
  })

  test('mistakes are one line on stderr and exit 1', async () => {
    const bad = await murmur([
      'link',
      'create',
      '--workspace',
      slug,
      '--url',
      'javascript:alert(1)',
    ])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^error: Only http:\/\/ and https:\/\//)
    const missing = await murmur(['link', 'stats', '--workspace', slug, 'nothing'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/No link "nothing"/)
  })
})
