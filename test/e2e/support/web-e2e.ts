/**
 * What a browser test of the web app needs: the built app, a real server in-process on a free
 * port with a fresh data dir, and Debian's Chromium through playwright-core.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { type Config, loadConfig } from '../../../src/config.js'
import { createLogger } from '../../../src/logger.js'
import { type RunningServer, startServer } from '../../../src/server.js'

export const CHROMIUM = '/usr/bin/chromium'
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

/** Whether browser tests can run; outside CI a missing Chromium skips them with one line. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true
  if (process.env.CI === 'true') {
    throw new Error(
      `${CHROMIUM} is missing; CI must run the browser tests (apt-get install chromium).`,
    )
  }
  console.warn(`[skip] Browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium).`)
  return false
}

const repoRoot = join(import.meta.dirname, '..', '..', '..')

export async function freePort(): Promise<number> {
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

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/**
 * Builds the web app unless dist/web is newer than every source file, so browser test files that
 * run one after the other build it once.
 */
export function buildWebAppIfStale(): void {
  const index = join(repoRoot, 'dist/web/index.html')
  if (existsSync(index) && statSync(index).mtimeMs > newestMtime(join(repoRoot, 'web'))) return
  execFileSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    // vitest sets NODE_ENV=test, which would give React's development build.
    { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  )
}

export interface WebE2e {
  server: RunningServer
  base: string
  browser: Browser
  /** Page errors seen by any page: a test ends by expecting none. */
  pageErrors: string[]
  newPage(viewport: { width: number; height: number }): Promise<[BrowserContext, Page]>
  close(): Promise<void>
}

export async function startWebE2e(overrides: Partial<Config> = {}): Promise<WebE2e> {
  buildWebAppIfStale()
  const dataDir = mkdtempSync(join(tmpdir(), 'murmur-e2e-'))
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
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
      ...overrides,
    },
  )
  const server = await startServer(config, createLogger('silent', false))
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  const pageErrors: string[] = []
  return {
    server,
    base,
    browser,
    pageErrors,
    async newPage(viewport) {
      const context = await browser.newContext({ viewport, timezoneId: 'UTC', locale: 'en-US' })
      context.setDefaultTimeout(15_000)
      const page = await context.newPage()
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`))
      return [context, page]
    },
    async close() {
      await browser.close()
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Waits for the toast (or any text) that confirms an action. */
export async function seeText(page: Page, text: string | RegExp): Promise<void> {
  await page.getByText(text).first().waitFor({ state: 'visible' })
}

/**
 * Saves a screenshot when MURMUR_E2E_SCREENSHOTS names a folder, so people can look at the
 * screens at 1280 and 360 px without the test depending on pixels.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.MURMUR_E2E_SCREENSHOTS
  if (!folder) return
  mkdirSync(folder, { recursive: true })
  const width = page.viewportSize()?.width ?? 0
  await page.screenshot({ path: join(folder, `${name}-${width}.png`), fullPage: true })
}
