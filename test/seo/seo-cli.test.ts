import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type FixtureSite, fixtureCertPath, serveFixture } from './fixture-server.js'

const run = promisify(execFile)

/** Runs `murmur` from source, like ./bin/murmur does from the build. */
async function murmur(args: string[], extraEnv: Record<string, string> = {}) {
  const env = {
    ...process.env,
    MURMUR_PUBLIC_URL: 'https://murmur.test',
    LOG_LEVEL: 'silent',
    NO_COLOR: '1',
    ...extraEnv,
  }
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { env },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

let planted: FixtureSite
let clean: FixtureSite
beforeAll(async () => {
  planted = await serveFixture('planted')
  clean = await serveFixture('clean', { https: true })
})
afterAll(async () => {
  await planted.close()
  await clean.close()
})

// Each test starts the CLI from source (about 1.5 s each on a busy machine).
describe('murmur seo check', { timeout: 60_000 }, () => {
  test('--json prints only the report, findings with rule id, page, severity and message; exit 1 on errors', async () => {
    const result = await murmur([
      'seo',
      'check',
      `${planted.origin}/`,
      '--json',
      '--allow-loopback',
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    const report = JSON.parse(result.stdout)
    expect(report.counts.error).toBeGreaterThan(0)
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'broken-link',
        pageUrl: `${planted.origin}/`,
        severity: 'error',
        message: `Links to ${planted.origin}/gone.html, which answers 404.`,
      }),
    )
    for (const item of report.findings)
      expect(Object.keys(item)).toEqual(
        expect.arrayContaining(['ruleId', 'pageUrl', 'severity', 'message', 'fix']),
      )
    expect(planted.requests.at(-1)?.userAgent).toBe('MurmurBot/0.1 (+https://murmur.test)')
  })

  test('--max-pages limits the crawl', async () => {
    const result = await murmur([
      'seo',
      'check',
      `${planted.origin}/`,
      '--json',
      '--allow-loopback',
      '--max-pages',
      '2',
    ])
    expect(JSON.parse(result.stdout).pages.length).toBeLessThanOrEqual(3)
  })

  test('a clean site: nothing found, exit 0; the human report by default', async () => {
    const env = { NODE_EXTRA_CA_CERTS: fixtureCertPath }
    const json = await murmur(
      ['seo', 'check', `${clean.origin}/`, '--json', '--allow-loopback'],
      env,
    )
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout).findings).toEqual([])
    const human = await murmur(['seo', 'check', `${clean.origin}/`, '--allow-loopback'], env)
    expect(human.code).toBe(0)
    expect(human.stdout).toContain('4 pages checked, 0 errors, 0 warnings, 0 infos')
    expect(human.stdout).toContain('Nothing stands in the way of search')
  })

  test('the human report lists findings page by page with how to fix them', async () => {
    const result = await murmur(['seo', 'check', `${planted.origin}/`, '--allow-loopback'])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      `\n${planted.origin}/no-title.html\n  error    title-missing: This page has no <title>.\n             fix: Add a <title>`,
    )
  })

  test('refuses private and loopback addresses with a plain message', async () => {
    const [loopback, localhost, metadata] = await Promise.all([
      murmur(['seo', 'check', `${planted.origin}/`]),
      murmur(['seo', 'check', 'http://localhost/']),
      murmur(['seo', 'check', 'http://169.254.169.254/', '--allow-loopback']),
    ])
    expect(loopback.code).toBe(1)
    expect(loopback.stderr).toContain('refused: 127.0.0.1 is a loopback address')
    expect(loopback.stdout).toBe('')
    expect(localhost.stderr).toMatch(
      /refused: .* is a loopback address \(localhost resolves to it\)/,
    )
    expect(metadata.code).toBe(1)
    expect(metadata.stderr).toContain('refused: 169.254.169.254 is a cloud metadata address')
  })

  test('bad usage exits 2', async () => {
    const [missing, scheme, pages, help] = await Promise.all([
      murmur(['seo', 'check']),
      murmur(['seo', 'check', 'ftp://example.com/']),
      murmur(['seo', 'check', 'https://example.com/', '--max-pages', 'lots']),
      murmur(['--help']),
    ])
    expect([missing.code, scheme.code, pages.code]).toEqual([2, 2, 2])
    expect(scheme.stderr).toContain('only http and https addresses can be checked')
    expect(help.stdout).toContain('seo')
  })
})
