import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createUser } from '../../src/services/accounts.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import type { ApiClient } from '../support/api.js'
import { testDialects } from '../support/databases.js'
import { trafficWorld } from './support.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: links API`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    let viewer: ApiClient
    beforeAll(async () => {
      w = await trafficWorld(dialect)
      const key = await w.owner.post(`${w.base}/api-keys`, { name: 'viewer', role: 'viewer' })
      viewer = w.api.client()
      viewer.bearer = key.body.key
    })
    afterAll(() => w.cleanup())

    test('create, read, list and edit a link', async () => {
      const created = await w.owner.post(`${w.base}/links`, {
        destination: 'cornerbakery.example/menu',
        title: 'Spring menu',
        campaign: 'Spring 2027',
        utm_campaign: 'spring',
      })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({
        code: expect.stringMatching(/^[a-z2-9]{7}$/),
        destination: 'https://cornerbakery.example/menu',
        final_url: 'https://cornerbakery.example/menu?utm_campaign=spring',
        title: 'Spring menu',
        campaign: 'Spring 2027',
        track_conversions: true,
        expires_at: null,
        archived_at: null,
        clicks: 0,
      })
      expect(created.body.short_url).toBe(`http://murmur.test/l/${created.body.code}`)
      const id = created.body.id
      expect((await w.owner.get(`${w.base}/links/${id}`)).body.title).toBe('Spring menu')

      const edited = await w.owner.patch(`${w.base}/links/${id}`, {
        title: null,
        code: 'Spring',
        expires_at: '2027-06-01T00:00:00+02:00',
      })
      expect(edited.status).toBe(200)
      expect(edited.body).toMatchObject({
        title: null,
        code: 'spring',
        expires_at: '2027-05-31T22:00:00.000Z',
      })
      const cleared = await w.owner.patch(`${w.base}/links/${id}`, { expires_at: null })
      expect(cleared.body.expires_at).toBeNull()
    })

    test('validation errors say what to fix', async () => {
      const cases: Array<[Record<string, unknown>, number, RegExp]> = [
        [{ destination: 'javascript:alert(1)' }, 400, /Only http:\/\/ and https:\/\//],
        [{ destination: 'ftp://x.example/file' }, 400, /not ftp:/],
        [{ destination: '' }, 400, /Enter the address/],
        [{ destination: 'https://example.com', code: 'no spaces' }, 400, /" " is not allowed/],
        [{ destination: 'https://example.com', code: '-x' }, 400, /start and end/],
        [{ destination: 'https://example.com', image_url: 'javascript:x' }, 400, /preview image/],
        [
          { destination: 'https://example.com', expires_at: '2020-01-01T00:00:00Z' },
          400,
          /in the past/,
        ],
        [{ destination: 'https://example.com', expires_at: 'tomorrow' }, 400, /ISO 8601/],
        [{ destination: 'https://example.com', surprise: 1 }, 400, /surprise/],
        [{ destination: 'http://murmur.test/l/abc' }, 400, /itself a tracked link/],
      ]
      for (const [body, status, message] of cases) {
        const response = await w.owner.post(`${w.base}/links`, body)
        expect(response.status, JSON.stringify(body)).toBe(status)
        expect(response.body.error.code).toBe('validation_failed')
        expect(response.body.error.message).toMatch(message)
      }
      await w.createLink(w.owner, { destination: 'https://example.com/a', code: 'taken' })
      const twin = await w.owner.post(`${w.base}/links`, {
        destination: 'https://example.com/b',
        code: 'TAKEN',
      })
      expect(twin.status).toBe(409)
      expect(twin.body.error.message).toMatch(/already in use/)
    })

    test('viewers read, editors write', async () => {
      const link = await w.createLink(w.owner, { destination: 'https://example.com/roles' })
      expect((await viewer.get(`${w.base}/links/${link.id}`)).status).toBe(200)
      expect((await viewer.get(`${w.base}/links/${link.id}/stats`)).status).toBe(200)
      const refused = await viewer.post(`${w.base}/links`, {
        destination: 'https://example.com/no',
      })
      expect(refused.status).toBe(403)
      expect((await viewer.patch(`${w.base}/links/${link.id}`, { archived: true })).status).toBe(
        403,
      )
    })

    test('Idempotency-Key: the same create twice makes one link', async () => {
      const body = { destination: 'https://example.com/once' }
      const headers = { 'idempotency-key': 'create-once-1' }
      const first = await w.owner.post(`${w.base}/links`, body, headers)
      const second = await w.owner.post(`${w.base}/links`, body, headers)
      expect(second.status).toBe(201)
      expect(second.headers.get('idempotent-replayed')).toBe('true')
      expect(second.body.id).toBe(first.body.id)
    })

    test('cursor pagination in SQL, newest first, with filters', async () => {
      const ids: string[] = []
      for (let i = 0; i < 7; i++) {
        w.clock.now += 1 // ids sort by creation time, to the millisecond
        ids.push(
          (
            await w.createLink(w.owner, {
              destination: `https://example.com/page/${i}`,
              campaign: 'paging',
            })
          ).id,
        )
      }
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const query: string = `?campaign=paging&limit=3${cursor ? `&cursor=${cursor}` : ''}`
        const page = await w.owner.get(`${w.base}/links${query}`)
        expect(page.status).toBe(200)
        expect(page.body.data.length).toBeLessThanOrEqual(3)
        seen.push(...page.body.data.map((l: { id: string }) => l.id))
        cursor = page.body.next_cursor
      } while (cursor)
      expect(seen).toEqual([...ids].reverse())
      await w.owner.patch(`${w.base}/links/${ids[0]}`, { archived: true })
      const active = await w.owner.get(`${w.base}/links?campaign=paging&limit=50`)
      expect(active.body.data).toHaveLength(6)
      const archived = await w.owner.get(`${w.base}/links?campaign=paging&state=archived`)
      expect(archived.body.data.map((l: { id: string }) => l.id)).toEqual([ids[0]])
      const found = await w.owner.get(`${w.base}/links?q=${encodeURIComponent('page/3')}`)
      expect(found.body.data.map((l: { id: string }) => l.id)).toEqual([ids[3]])
      const literal = await w.owner.get(`${w.base}/links?q=${encodeURIComponent('%')}`)
      expect(literal.body.data).toEqual([]) // % is searched for, not a wildcard
    })

    test('QR codes as SVG and PNG encode the short link', async () => {
      const link = await w.createLink(w.owner, {
        destination: 'https://example.com/qr',
        code: 'qr-demo',
      })
      const svg = await w.owner.request('GET', `${w.base}/links/${link.id}/qr.svg`)
      expect(svg.status).toBe(200)
      expect(svg.headers.get('content-type')).toContain('image/svg+xml')
      expect(svg.text).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
      const png = await w.api.app.request(`${w.base}/links/${link.id}/qr.png?size=256&download=1`, {
        headers: { cookie: w.owner.cookie ?? '' },
      })
      expect(png.status).toBe(200)
      expect(png.headers.get('content-type')).toBe('image/png')
      expect(png.headers.get('content-disposition')).toContain(
        'attachment; filename="qr-demo-qr.png"',
      )
      const bytes = new Uint8Array(await png.arrayBuffer())
      expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG')
    })

    test('another workspace cannot see, change or chart these links (404)', async () => {
      const link = await w.createLink(w.owner, { destination: 'https://example.com/mine' })
      const bob = await createUser(w.t.murmur, {
        email: 'bob@elsewhere.example',
        password: 'correct horse battery',
      })
      const theirs = await createWorkspace(w.t.murmur, {
        name: 'Elsewhere',
        timeZone: 'UTC',
        ownerId: bob.id,
      })
      const client = w.api.client()
      await client.post('/api/v1/session', {
        email: 'bob@elsewhere.example',
        password: 'correct horse battery',
      })
      const other = `/api/v1/workspaces/${theirs.id}`
      for (const path of [
        `${other}/links/${link.id}`,
        `${other}/links/${link.id}/stats`,
        `${other}/links/${link.id}/qr.svg`,
        `${w.base}/links/${link.id}`,
        `${w.base}/links`,
      ]) {
        const response = await client.get(path)
        expect(response.status, path).toBe(404)
        expect(response.body.error.code).toBe('not_found')
      }
      expect((await client.patch(`${other}/links/${link.id}`, { archived: true })).status).toBe(404)
      expect((await client.get(`${other}/links`)).body.data).toEqual([])
      expect((await w.owner.get(`${w.base}/links/${link.id}`)).body.archived_at).toBeNull()
    })
  })
}
