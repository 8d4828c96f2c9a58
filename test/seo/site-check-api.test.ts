import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { newId } from '../../src/core/ids.js'
import { installSiteCheckOptions, stopSiteChecks } from '../../src/services/site-check-runner.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'
import { type FixtureSite, serveFixture } from './fixture-server.js'

/** Asks until `check` passes (or 20 s pass): runs finish in the background. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const value = await read()
    if (check(value)) return value
    if (Date.now() > deadline) throw new Error(`still not there: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A two-page site whose second page answers only when the test lets it: a run caught mid-way. */
async function heldSite() {
  let release: () => void = () => undefined
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><title>${title}</title></head><body>${body}</body></html>`
  const server: Server = createServer((request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8')
    if (request.url === '/slow.html')
      void released.then(() => response.end(page('Slow page of the held site', '<h1>Slow</h1>')))
    else if (request.url === '/')
      response.end(page('Home of the held site', '<h1>Home</h1><a href="/slow.html">Slow</a>'))
    else response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    release,
    close: () =>
      new Promise<void>((resolve) => {
        release()
        server.close(() => resolve())
      }),
  }
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: site checks in the API`, () => {
    let t: TestMurmur
    let owner: ApiClient
    let viewer: ApiClient
    let base: string
    let workspaceId: string
    let clean: FixtureSite
    let planted: FixtureSite

    const runOf = (id: string) => owner.get(`${base}/site-checks/${id}`)
    const finished = (id: string) =>
      eventually(
        () => runOf(id),
        (r) => r.body?.status !== 'running',
      ).then((r) => r.body)

    beforeAll(async () => {
      t = await createTestMurmur(dialect)
      installSiteCheckOptions(t.murmur, { allowLoopback: true, progressEveryMs: 0 })
      const api = apiFor(t.murmur)
      const setUp = await setUpOwner(api)
      owner = setUp.owner
      workspaceId = setUp.workspace.id
      base = `/api/v1/workspaces/${workspaceId}`
      viewer = api.client()
      viewer.bearer = (
        await owner.post(`${base}/api-keys`, { name: 'viewer', role: 'viewer' })
      ).body.key
      clean = await serveFixture('clean')
      planted = await serveFixture('planted')
    })
    afterAll(async () => {
      await stopSiteChecks(t.murmur)
      await clean.close()
      await planted.close()
      await t.cleanup()
    })

    test('without an address, or with one that is not http(s), a clear 400', async () => {
      const none = await owner.post(`${base}/site-checks`, {})
      expect(none.status).toBe(400)
      expect(none.body.error.message).toMatch(/Enter your website’s address/)
      const ftp = await owner.post(`${base}/site-checks`, { url: 'ftp://cornerbakery.example/' })
      expect(ftp.status).toBe(400)
      expect(ftp.body.error.message).toMatch(/^url: .*https:\/\/cornerbakery\.example/)
      const pages = await owner.post(`${base}/site-checks`, { url: clean.origin, max_pages: 501 })
      expect(pages.status).toBe(400)
    })

    test('a clean site: one run in the background, then its score, pages and findings', async () => {
      const started = await owner.post(`${base}/site-checks`, { url: `${clean.origin}/` })
      expect(started.status).toBe(202)
      expect(started.body).toMatchObject({
        status: 'running',
        site_url: `${clean.origin}/`,
        score: null,
        max_pages: 50,
      })
      const run = await finished(started.body.id)
      expect(run.status).toBe('done')
      expect(run.failure).toBeNull()
      // A test server speaks plain HTTP: the only thing to fix on the clean fixture.
      expect(run.findings.map((item: { rule_id: string }) => item.rule_id)).toEqual(['not-https'])
      expect(run.findings[0]).toMatchObject({
        severity: 'error',
        is_new: false,
        why: expect.stringMatching(/Not secure/),
        fix: expect.stringMatching(/certificate/),
      })
      expect(run.counts).toEqual({ error: 1, warning: 0, info: 0 })
      expect(run.pages.length).toBe(run.pages_checked)
      expect(run.pages.length).toBeGreaterThan(1)
      expect(run.progress).toEqual({ done: run.pages.length, total: run.pages.length })
      expect(run.score).toBeGreaterThan(80)
      expect(run.score).toBeLessThan(100)
      expect(run.comparison).toBeNull()
      expect(run.finished_at).not.toBeNull()
    })

    test('the website saved on the home page is checked when no address is given', async () => {
      const saved = await owner.request('PUT', `${base}/page`, {
        contact: { website: `${clean.origin}/` },
      })
      expect(saved.status).toBe(200)
      const started = await owner.post(`${base}/site-checks`, {})
      expect(started.status).toBe(202)
      expect(started.body.site_url).toBe(`${clean.origin}/`)
      const run = await finished(started.body.id)
      expect(run.status).toBe('done')
      // Second run of the same site: compared with the first, nothing new, nothing fixed.
      expect(run.comparison).toMatchObject({ added: 0, fixed: [] })
      expect(run.findings.every((item: { is_new: boolean }) => !item.is_new)).toBe(true)
    })

    test('a site with planted problems scores lower; findings ranked, each with why and fix', async () => {
      const started = await owner.post(`${base}/site-checks`, { url: planted.origin })
      const run = await finished(started.body.id)
      expect(run.status).toBe('done')
      const rules = new Set(run.findings.map((item: { rule_id: string }) => item.rule_id))
      for (const rule of ['broken-link', 'noindex', 'title-missing', 'redirect-chain'])
        expect(rules.has(rule)).toBe(true)
      const ranks = { error: 0, warning: 1, info: 2 } as const
      const order = run.findings.map(
        (item: { severity: keyof typeof ranks }) => ranks[item.severity],
      )
      expect(order).toEqual([...order].sort((a: number, b: number) => a - b))
      expect(run.counts.error).toBeGreaterThan(3)
      expect(run.not_checked).toBeGreaterThan(0)
      const history = await owner.get(`${base}/site-checks`)
      const cleanScore = history.body.data.find(
        (item: { site_url: string }) => item.site_url === `${clean.origin}/`,
      ).score
      expect(run.score).toBeLessThan(cleanScore)
    })

    test('after a fix, the next run lists what was fixed and marks what is new', async () => {
      let fixed = false
      const page = (title: string, body: string) =>
        `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`
      const server = createServer((request, response) => {
        response.setHeader('content-type', 'text/html; charset=utf-8')
        if (request.url === '/')
          response.end(page('Home of the changing site', '<a href="/menu.html">Menu</a>'))
        else if (request.url === '/menu.html')
          // Before: links to a missing page. After: the link works, but the title is gone.
          response.end(
            fixed
              ? '<!doctype html><html lang="en"><body><h1>Menu</h1></body></html>'
              : page('Menu of the changing site', '<a href="/gone.html">Old</a>'),
          )
        else response.writeHead(404).end()
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
      try {
        const before = await finished(
          (await owner.post(`${base}/site-checks`, { url: origin })).body.id,
        )
        expect(before.findings.map((item: { rule_id: string }) => item.rule_id)).toContain(
          'broken-link',
        )
        fixed = true
        const after = await finished(
          (await owner.post(`${base}/site-checks`, { url: origin })).body.id,
        )
        expect(after.comparison).toMatchObject({
          previous_id: before.id,
          previous_score: before.score,
          added: 1,
          fixed: [
            expect.objectContaining({ rule_id: 'broken-link', page_url: `${origin}menu.html` }),
          ],
        })
        const isNew = after.findings.filter((item: { is_new: boolean }) => item.is_new)
        expect(isNew.map((item: { rule_id: string }) => item.rule_id)).toEqual(['title-missing'])
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()))
      }
    })

    test('progress while it runs; a second start meanwhile is a conflict naming the run', async () => {
      const site = await heldSite()
      try {
        const started = await owner.post(`${base}/site-checks`, { url: site.origin })
        expect(started.status).toBe(202)
        const midway = await eventually(
          () => runOf(started.body.id),
          (r) => r.body.progress.total >= 2 && r.body.progress.done >= 1,
        )
        expect(midway.body).toMatchObject({ status: 'running', score: null, findings: [] })
        expect(midway.body.progress.done).toBeLessThan(midway.body.progress.total)
        const again = await owner.post(`${base}/site-checks`, { url: clean.origin })
        expect(again.status).toBe(409)
        expect(again.body.error.details).toEqual({ site_check_id: started.body.id })
        expect((await owner.delete(`${base}/site-checks/${started.body.id}`)).status).toBe(409)
        site.release()
        const run = await finished(started.body.id)
        expect(run.status).toBe('done')
        expect(run.pages.map((page: { url: string }) => page.url)).toEqual([
          `${site.origin}/`,
          `${site.origin}/slow.html`,
        ])
      } finally {
        await site.close()
      }
    })

    test('private, link-local and metadata addresses are refused: the run fails and says why', async () => {
      for (const [url, reason] of [
        ['http://10.0.0.5/', /10\.0\.0\.5 is a private address/],
        ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254/],
        ['http://192.168.1.1/', /192\.168\.1\.1 is a private address/],
      ] as const) {
        const started = await owner.post(`${base}/site-checks`, { url })
        expect(started.status).toBe(202)
        const run = await finished(started.body.id)
        expect(run.status).toBe('failed')
        expect(run.failure).toMatch(reason)
        expect(run.score).toBeNull()
        expect(run.findings).toEqual([])
      }
    })

    test('a run orphaned by a stopped process shows as failed and does not block a new one', async () => {
      const long = t.murmur.now() - 60 * 60_000
      const id = newId('sck', long)
      await new WorkspaceScope(t.murmur.db, workspaceId)
        .insertInto('site_checks', {
          id,
          site_url: 'https://gone.example/',
          home_url: null,
          status: 'running',
          max_pages: 50,
          pages_done: 3,
          pages_total: 9,
          score: null,
          error_count: 0,
          warning_count: 0,
          info_count: 0,
          pages_checked: 0,
          not_checked: 0,
          failure: null,
          report: null,
          started_by: null,
          created_at: long,
          updated_at: long,
          finished_at: null,
        })
        .execute()
      expect((await runOf(id)).body).toMatchObject({
        status: 'failed',
        failure: expect.stringMatching(/stopped/),
      })
      const started = await owner.post(`${base}/site-checks`, { url: clean.origin })
      expect(started.status).toBe(202)
      await finished(started.body.id)
    })

    test('history newest first, paginated; viewers read, only editors start and delete', async () => {
      const all = await owner.get(`${base}/site-checks?limit=200`)
      expect(all.status).toBe(200)
      const ids = all.body.data.map((item: { id: string }) => item.id)
      expect(ids).toEqual([...ids].sort().reverse())
      expect(all.body.data.every((item: object) => !('findings' in item))).toBe(true)
      const first = await owner.get(`${base}/site-checks?limit=2`)
      const second = await owner.get(`${base}/site-checks?limit=2&cursor=${first.body.next_cursor}`)
      expect(
        [...first.body.data, ...second.body.data].map((item: { id: string }) => item.id),
      ).toEqual(ids.slice(0, 4))
      expect((await viewer.get(`${base}/site-checks`)).status).toBe(200)
      expect((await viewer.get(`${base}/site-checks/${ids[0]}`)).status).toBe(200)
      expect((await viewer.post(`${base}/site-checks`, { url: clean.origin })).status).toBe(403)
      expect((await viewer.delete(`${base}/site-checks/${ids[0]}`)).status).toBe(403)
      expect((await owner.delete(`${base}/site-checks/${ids[0]}`)).status).toBe(204)
      expect((await runOf(ids[0])).status).toBe(404)
      const rules = await viewer.get(`${base}/site-check-rules`)
      expect(rules.body.data.find((rule: { id: string }) => rule.id === 'noindex')).toMatchObject({
        severity: 'error',
        fix: expect.any(String),
      })
    })
  })
}
