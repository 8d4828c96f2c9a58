import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: set-up, sessions, invitations, roles`, () => {
    let t: TestMurmur
    let api: ReturnType<typeof apiFor>
    beforeAll(async () => {
      t = await createTestMurmur(dialect)
      api = apiFor(t.murmur)
    })
    afterAll(() => t.cleanup())

    test('set-up is offered once, then refused', async () => {
      const anonymous = api.client()
      expect((await anonymous.get('/api/v1/setup')).body).toEqual({ needed: true })
      const bad = await anonymous.post('/api/v1/setup', {
        email: 'owner@cornerbakery.example',
        password: 'short',
        workspace_name: 'Corner Bakery',
      })
      expect(bad.status).toBe(400)
      expect(bad.body.error.code).toBe('validation_failed')
      expect(bad.body.error.details).toContainEqual({
        path: 'password',
        message: 'At least 10 characters',
      })

      const badZone = await anonymous.post('/api/v1/setup', {
        email: 'owner@cornerbakery.example',
        password: 'correct horse battery',
        workspace_name: 'Corner Bakery',
        time_zone: 'Mars/Olympus',
      })
      expect(badZone.status).toBe(400)
      expect((await anonymous.get('/api/v1/setup')).body).toEqual({ needed: true }) // nothing half-created

      const { owner, workspace } = await setUpOwner(api)
      expect(workspace.slug).toBe('corner-bakery')
      expect((await owner.get('/api/v1/session')).body.workspaces).toHaveLength(1)
      expect((await anonymous.get('/api/v1/setup')).body).toEqual({ needed: false })
      const again = await api.client().post('/api/v1/setup', {
        email: 'intruder@example.com',
        password: 'correct horse battery',
        workspace_name: 'Takeover',
      })
      expect(again.status).toBe(409)
    })

    test('sign-in, CSRF on cookie writes, sign-out and sign-out everywhere', async () => {
      const browser = api.client()
      const wrong = await browser.post('/api/v1/session', {
        email: 'owner@cornerbakery.example',
        password: 'nope nope nope',
      })
      expect(wrong.status).toBe(401)
      expect(wrong.body.error.message).toBe('Email or password is wrong.')
      const ok = await browser.post('/api/v1/session', {
        email: 'OWNER@cornerbakery.example',
        password: 'correct horse battery',
      })
      expect(ok.status).toBe(200)
      expect(browser.cookie).toMatch(/^murmur_session=/)

      const workspaceId = (await browser.get('/api/v1/session')).body.workspaces[0].id
      const csrf = browser.csrf
      browser.csrf = undefined
      const forged = await browser.patch(`/api/v1/workspaces/${workspaceId}`, { name: 'Hacked' })
      expect(forged.status).toBe(403)
      expect(forged.body.error.code).toBe('csrf_failed')
      browser.csrf = csrf
      expect(
        (await browser.patch(`/api/v1/workspaces/${workspaceId}`, { name: 'Corner Bakery' }))
          .status,
      ).toBe(200)

      const second = api.client()
      await second.post('/api/v1/session', {
        email: 'owner@cornerbakery.example',
        password: 'correct horse battery',
      })
      expect((await second.delete('/api/v1/session')).status).toBe(204)
      expect((await second.get('/api/v1/session')).status).toBe(401)
      expect((await browser.get('/api/v1/session')).status).toBe(200)

      const third = api.client()
      await third.post('/api/v1/session', {
        email: 'owner@cornerbakery.example',
        password: 'correct horse battery',
      })
      expect((await third.delete('/api/v1/sessions')).status).toBe(204)
      expect((await browser.get('/api/v1/session')).status).toBe(401)
    })

    test('cross-site sign-in attempts are refused', async () => {
      const response = await api
        .client()
        .post(
          '/api/v1/session',
          { email: 'owner@cornerbakery.example', password: 'correct horse battery' },
          { origin: 'https://evil.example', host: 'murmur.test' },
        )
      expect(response.status).toBe(403)
    })

    test('sign-in attempts are rate limited', async () => {
      const attacker = api.client()
      let last = 0
      for (let i = 0; i < 11; i++) {
        last = (
          await attacker.post('/api/v1/session', {
            email: 'victim@example.com',
            password: `guess-${i}`,
          })
        ).status
      }
      expect(last).toBe(429)
      const blocked = await attacker.post('/api/v1/session', {
        email: 'victim@example.com',
        password: 'guess',
      })
      expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/)
      expect(blocked.body.error.code).toBe('rate_limited')
    })

    test('invitation by link, role changes and the last owner rule', async () => {
      const owner = api.client()
      await owner.post('/api/v1/session', {
        email: 'owner@cornerbakery.example',
        password: 'correct horse battery',
      })
      const session = (await owner.get('/api/v1/session')).body
      const ws = session.workspaces[0].id
      const ownerId = session.user.id

      const invite = await owner.post(`/api/v1/workspaces/${ws}/invitations`, { role: 'editor' })
      expect(invite.status).toBe(201)
      expect(invite.body.url).toBe(`http://murmur.test/invite/${invite.body.token}`)
      const preview = await api.client().get(`/api/v1/invitations/${invite.body.token}`)
      expect(preview.body).toMatchObject({ workspace: { name: 'Corner Bakery' }, role: 'editor' })

      const sam = api.client()
      const joined = await sam.post(`/api/v1/invitations/${invite.body.token}/accept`, {
        email: 'sam@cornerbakery.example',
        password: 'another long passphrase',
        name: 'Sam',
      })
      expect(joined.status).toBe(200)
      expect(joined.body.workspace).toMatchObject({ id: ws, role: 'editor' })
      const reused = await api.client().post(`/api/v1/invitations/${invite.body.token}/accept`, {
        email: 'eve@example.com',
        password: 'another long passphrase',
      })
      expect(reused.status).toBe(404)

      const samId = joined.body.user.id
      // An editor cannot manage members.
      expect(
        (await sam.patch(`/api/v1/workspaces/${ws}/members/${ownerId}`, { role: 'viewer' })).status,
      ).toBe(403)
      expect(
        (await owner.patch(`/api/v1/workspaces/${ws}/members/${samId}`, { role: 'viewer' })).body
          .role,
      ).toBe('viewer')
      expect((await sam.get(`/api/v1/workspaces/${ws}`)).body.role).toBe('viewer')
      expect((await sam.patch(`/api/v1/workspaces/${ws}`, { name: 'Mine now' })).status).toBe(403)

      const lastOwner = await owner.patch(`/api/v1/workspaces/${ws}/members/${ownerId}`, {
        role: 'admin',
      })
      expect(lastOwner.status).toBe(409)
      expect((await owner.delete(`/api/v1/workspaces/${ws}/members/${samId}`)).status).toBe(204)
      expect((await sam.get(`/api/v1/workspaces/${ws}`)).status).toBe(404)
    })

    test('API keys: shown once, stored hashed, scoped to one workspace, revocable', async () => {
      const owner = api.client()
      await owner.post('/api/v1/session', {
        email: 'owner@cornerbakery.example',
        password: 'correct horse battery',
      })
      const ws = (await owner.get('/api/v1/session')).body.workspaces[0].id
      const created = await owner.post(`/api/v1/workspaces/${ws}/api-keys`, {
        name: 'Zapier',
        role: 'viewer',
      })
      expect(created.status).toBe(201)
      const key: string = created.body.key
      expect(key).toMatch(/^mur_/)
      const rows = await t.murmur.db.selectFrom('api_keys').selectAll().execute()
      expect(JSON.stringify(rows)).not.toContain(key)
      expect(
        (await owner.get(`/api/v1/workspaces/${ws}/api-keys`)).body.data[0],
      ).not.toHaveProperty('key')

      const script = api.client()
      script.bearer = key
      expect((await script.get(`/api/v1/workspaces/${ws}/members`)).status).toBe(200)
      expect((await script.patch(`/api/v1/workspaces/${ws}`, { name: 'x' })).status).toBe(403) // viewer key
      expect(
        (await owner.delete(`/api/v1/workspaces/${ws}/api-keys/${created.body.id}`)).status,
      ).toBe(204)
      const revoked = await script.get(`/api/v1/workspaces/${ws}/members`)
      expect(revoked.status).toBe(401)
      expect(revoked.body.error.code).toBe('unauthenticated')
    })

    test('Idempotency-Key replays the first answer and refuses a different body', async () => {
      const owner = api.client()
      await owner.post('/api/v1/session', {
        email: 'owner@cornerbakery.example',
        password: 'correct horse battery',
      })
      const ws = (await owner.get('/api/v1/session')).body.workspaces[0].id
      const first = await owner.post(
        `/api/v1/workspaces/${ws}/api-keys`,
        { name: 'Once' },
        { 'idempotency-key': 'abc-1' },
      )
      const second = await owner.post(
        `/api/v1/workspaces/${ws}/api-keys`,
        { name: 'Once' },
        { 'idempotency-key': 'abc-1' },
      )
      expect(second.status).toBe(201)
      expect(second.body.id).toBe(first.body.id)
      expect(second.headers.get('idempotent-replayed')).toBe('true')
      const clash = await owner.post(
        `/api/v1/workspaces/${ws}/api-keys`,
        { name: 'Other' },
        { 'idempotency-key': 'abc-1' },
      )
      expect(clash.status).toBe(409)
      const names = (await owner.get(`/api/v1/workspaces/${ws}/api-keys`)).body.data.map(
        (k: { name: string }) => k.name,
      )
      expect(names.filter((n: string) => n === 'Once')).toHaveLength(1)
    })

    test('lists are paginated by cursor', async () => {
      const owner = api.client()
      await owner.post('/api/v1/session', {
        email: 'owner@cornerbakery.example',
        password: 'correct horse battery',
      })
      for (let i = 0; i < 3; i++)
        await owner.post('/api/v1/workspaces', { name: `Shop ${i}`, time_zone: 'UTC' })
      const first = await owner.get('/api/v1/workspaces?limit=2')
      expect(first.body.data).toHaveLength(2)
      const second = await owner.get(`/api/v1/workspaces?limit=2&cursor=${first.body.next_cursor}`)
      expect(second.body.data).toHaveLength(2)
      expect(second.body.next_cursor).toBeNull()
      const ids = [...first.body.data, ...second.body.data].map((w: { id: string }) => w.id)
      expect(new Set(ids).size).toBe(4)
    })
  })
}
