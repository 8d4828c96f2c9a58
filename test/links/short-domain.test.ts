import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { linkTraffic } from '../../src/links/traffic.js'
import { WorkerClickStore } from '../../src/links/worker-click-store.js'
import { createLogger } from '../../src/logger.js'
import { type RunningServer, startServer } from '../../src/server.js'
import { createUser } from '../../src/services/accounts.js'
import { createLink } from '../../src/services/links.js'
import { updateTrafficSettings } from '../../src/services/site-settings.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { testDialects } from '../support/databases.js'
import { IPHONE, trafficWorld } from './support.js'

const DOMAIN = 'go.cornerbakery.example'

for (const dialect of await testDialects()) {
  describe(`${dialect}: custom short domain`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    let mine: { id: string; code: string; short_url: string }
    let theirs: { code: string }
    beforeAll(async () => {
      w = await trafficWorld(dialect)
      const other = await createWorkspace(w.t.murmur, {
        name: 'Other Shop',
        timeZone: 'UTC',
        ownerId: (await w.owner.get('/api/v1/session')).body.user.id,
      })
      const otherScope = new WorkspaceScope(w.t.murmur.db, other.id)
      theirs = await createLink(w.t.murmur, otherScope, {
        destination: 'https://other.example/',
        createdBy: null,
      })
      await updateTrafficSettings(w.t.murmur, otherScope, { short_domain: 'go.other.example' })
    })
    afterAll(() => w.cleanup())

    const get = (url: string, method = 'GET') =>
      w.api.app.request(url, {
        method,
        headers: { 'user-agent': IPHONE, 'x-forwarded-for': '203.0.113.5' },
      })

    test('the setting: host names only, not Murmur’s own, not taken', async () => {
      const path = `${w.base}/traffic/settings`
      for (const bad of ['https://go.shop.example/x', 'not a domain', 'localhost']) {
        const response = await w.owner.patch(path, { short_domain: bad })
        expect(response.status, bad).toBe(400)
        expect(response.body.error.details[0].path).toBe('short_domain')
      }
      const own = new URL(w.t.murmur.config.publicUrl).hostname
      if (own.includes('.')) {
        expect((await w.owner.patch(path, { short_domain: own })).status).toBe(400)
      }
      const taken = await w.owner.patch(path, { short_domain: 'GO.other.example' })
      expect(taken.status).toBe(409)
      expect(taken.body.error.message).toMatch(/another workspace/)
      const set = await w.owner.patch(path, { short_domain: 'Go.CornerBakery.example.' })
      expect(set.status).toBe(200)
      expect(set.body.short_domain).toBe(DOMAIN)
    })

    test('/CODE and /l/CODE redirect on the domain; only this workspace’s links; nothing else', async () => {
      mine = await w.createLink(w.owner, { destination: 'https://cornerbakery.example/menu' })
      expect(mine.short_url).toBe(`https://${DOMAIN}/${mine.code}`)
      for (const path of [`/${mine.code}`, `/l/${mine.code}`, `/${mine.code.toUpperCase()}?qr=1`]) {
        const response = await get(`http://${DOMAIN}${path}`)
        expect(response.status, path).toBe(302)
        expect(response.headers.get('location')).toMatch(
          /^https:\/\/cornerbakery\.example\/menu\?mm=/,
        )
      }
      // Another workspace's code is unknown here, and the domain serves nothing but links.
      expect((await get(`http://${DOMAIN}/${theirs.code}`)).status).toBe(404)
      expect((await get(`http://${DOMAIN}/`)).status).toBe(404)
      expect((await get(`http://${DOMAIN}/api/v1/session`)).status).toBe(404)
      expect((await get(`http://${DOMAIN}/${mine.code}`, 'POST')).status).toBe(404)
      const notFound = await get(`http://${DOMAIN}/nope-nope`)
      expect(notFound.headers.get('content-type')).toMatch(/text\/html/)

      // Other hosts are unaffected: /l/CODE works everywhere, /CODE is not a redirect elsewhere.
      expect((await get(`/l/${mine.code}`)).status).toBe(302)
      expect((await get(`http://elsewhere.example/l/${theirs.code}`)).status).toBe(302)
      expect((await get(`http://elsewhere.example/${mine.code}`)).status).not.toBe(302)
      await w.settle()
      const clicks = await w.owner.get(`${w.base}/links/${mine.id}/stats`)
      expect(clicks.body.totals.clicks).toBe(4) // three on the domain, one on Murmur’s host
    })

    test('removing the domain stops it serving links', async () => {
      const other = await createLink(
        w.t.murmur,
        new WorkspaceScope(w.t.murmur.db, w.workspace.id),
        {
          destination: 'https://cornerbakery.example/',
          createdBy: null,
        },
      )
      await w.owner.patch(`${w.base}/traffic/settings`, { short_domain: null })
      expect((await get(`http://${DOMAIN}/${other.code}`)).status).not.toBe(302)
      const link = await w.owner.get(`${w.base}/links/${other.id}`)
      expect(link.body.short_url).toBe(`${w.t.murmur.config.publicUrl}/l/${other.code}`)
      await w.owner.patch(`${w.base}/traffic/settings`, { short_domain: DOMAIN })
    })
  })
}

describe('the server: the redirect listener in front of the app answers the short domain', () => {
  let server: RunningServer
  let port = 0
  let code = ''
  let dataDir = ''
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'murmur-short-domain-'))
    const config = loadConfig(
      {},
      {
        port: 0,
        host: '127.0.0.1',
        dataDir,
        publicUrl: 'http://127.0.0.1:1',
        secret: 'short-domain-secret-short-domain-0000',
        serveWebApp: false,
        logLevel: 'silent',
      },
    )
    server = await startServer(config, createLogger('silent', false))
    port = Number(new URL(server.url).port)
    const murmur = server.murmur
    const user = await createUser(murmur, {
      email: 'ada@cornerbakery.example',
      password: 'flour and water 1',
    })
    const workspace = await createWorkspace(murmur, {
      name: 'Corner Bakery',
      timeZone: 'UTC',
      ownerId: user.id,
    })
    const scope = new WorkspaceScope(murmur.db, workspace.id)
    await updateTrafficSettings(murmur, scope, { short_domain: DOMAIN })
    code = (
      await createLink(murmur, scope, {
        destination: 'https://cornerbakery.example/',
        createdBy: null,
      })
    ).code
  })
  afterAll(async () => {
    await server?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const ask = (host: string, path: string) =>
    new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path, headers: { host, 'user-agent': IPHONE } },
        (res) => {
          res.resume()
          resolve({ status: res.statusCode ?? 0, location: res.headers.location })
        },
      )
      req.on('error', reject)
      req.end()
    })

  test('it listens only once the click writer has opened the database', async () => {
    // Answering before that kept clicks in memory only for the first seconds (lost on a crash).
    const store = await linkTraffic(server.murmur).store
    expect(store).toBeInstanceOf(WorkerClickStore)
    expect((store as WorkerClickStore).started).toBe(true)
  })

  test('/CODE on the domain, /l/CODE on any host, and the app elsewhere', async () => {
    const onDomain = await ask(`${DOMAIN}:443`, `/${code}`)
    expect(onDomain.status).toBe(302)
    expect(onDomain.location).toMatch(/^https:\/\/cornerbakery\.example\/\?mm=/)
    expect((await ask(DOMAIN, `/l/${code}`)).status).toBe(302)
    expect((await ask(DOMAIN, '/healthz')).status).toBe(404)
    expect((await ask('127.0.0.1', `/l/${code}`)).status).toBe(302)
    expect((await ask('127.0.0.1', `/${code}`)).status).not.toBe(302)
    const health = await ask('127.0.0.1', '/healthz')
    expect(health.status).toBe(200)
  })
})
