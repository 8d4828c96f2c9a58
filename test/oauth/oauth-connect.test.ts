/**
 * Connecting channels with OAuth through the API, against the X and Mastodon fakes: start, the
 * fake's consent page, the callback, the channel stored with sealed credentials; then what can
 * go wrong (state mismatch, access denied, expiry, reuse, someone else's browser, no app), the
 * workspace's own app carried through token renewal, reconnect, Mastodon's per-instance limits,
 * and choosing Pages.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { Scheduler } from '../../src/jobs/scheduler.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { openCredentials } from '../../src/services/channels.js'
import { installNetworkSettings } from '../../src/services/network-settings.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { FakeMastodon } from '../fakes/mastodon/fake-mastodon.js'
import { FakeX } from '../fakes/x/fake-x.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'
import { consentAt, insertChoosingSignIn, SAMPLE_PAGES } from './oauth-support.js'

const PUBLIC_URL = 'http://murmur.test'
const X_CALLBACK = `${PUBLIC_URL}/api/v1/oauth/x/callback`
const WORKSPACE_APP = {
  clientId: 'workspace-own-client',
  clientSecret: 'workspace-own-secret',
  redirectUris: [X_CALLBACK],
}

let x: FakeX
let mastodon: FakeMastodon
beforeAll(async () => {
  x = await FakeX.start({
    app: { clientId: 'env-client', clientSecret: 'env-secret', redirectUris: [X_CALLBACK] },
  })
  x.state.apps.set(WORKSPACE_APP.clientId, WORKSPACE_APP)
  mastodon = await FakeMastodon.start({ limits: { maxCharacters: 1000 } })
})
afterAll(async () => {
  await x?.close()
  await mastodon?.close()
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: connecting channels with OAuth`, () => {
    let t: TestMurmur
    let owner: ApiClient
    let api: ReturnType<typeof apiFor>
    let base: string
    let workspaceId: string
    let scope: WorkspaceScope

    async function setUp(networkApps: TestMurmur['murmur']['config']['networkApps']) {
      t = await createTestMurmur(dialect, { publicUrl: PUBLIC_URL, networkApps })
      installNetworkSettings(t.murmur, {
        x: {
          apiBaseUrl: x.url,
          authorizeUrl: `${x.url}/i/oauth2/authorize`,
          tokenManager: new OAuthTokenManager(),
        },
        mastodon: { allowLocalInstances: true, mediaPollIntervalMs: 10 },
      })
      api = apiFor(t.murmur)
      const setUp = await setUpOwner(api)
      owner = setUp.owner
      workspaceId = setUp.workspace.id
      base = `/api/v1/workspaces/${workspaceId}`
      scope = new WorkspaceScope(t.murmur.db, workspaceId)
    }
    afterEach(() => t?.cleanup())

    const start = async (network: string, body: Record<string, unknown> = {}) => {
      const started = await owner.post(`${base}/channels/oauth/${network}/start`, body)
      expect(started.status, started.text).toBe(200)
      return started.body.authorize_url as string
    }
    /** The browser's round trip: consent page, then the callback; returns where Murmur sent it. */
    const roundTrip = async (network: string, body: Record<string, unknown> = {}) => {
      const callback = await consentAt(await start(network, body), PUBLIC_URL)
      const answer = await owner.get(callback)
      return { callback, answer, location: answer.headers.get('location') ?? '' }
    }
    const channels = async () =>
      (await owner.get(`${base}/channels`)).body.data as Array<{
        id: string
        network: string
        handle: string
        status: string
        status_reason: string | null
      }>
    const channelRow = (id: string) =>
      t.murmur.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

    describe('with the environment’s X app', () => {
      beforeEach(() => setUp({ x: { clientId: 'env-client', clientSecret: 'env-secret' } }))

      test('start, consent, callback: the channel is stored with sealed credentials, then publishes', async () => {
        const user = x.createUser(`bakery${dialect}`, 'Corner Bakery')
        x.consent.userId = user.id
        const authorizeUrl = new URL(await start('x'))
        expect(authorizeUrl.origin).toBe(x.url)
        expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(X_CALLBACK)
        expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256')

        const callback = await consentAt(authorizeUrl.toString(), PUBLIC_URL)
        const answer = await owner.get(callback)
        expect(answer.status, answer.text).toBe(302)
        const location = new URL(answer.headers.get('location') ?? '', PUBLIC_URL)
        expect(location.pathname).toBe(`/w/${workspaceId}/settings/channels`)
        expect(location.searchParams.get('network')).toBe('x')
        const channelId = location.searchParams.get('connected') ?? ''

        const [channel] = await channels()
        expect(channel).toMatchObject({
          id: channelId,
          network: 'x',
          handle: user.username,
          status: 'active',
        })
        const row = await channelRow(channelId)
        expect(row.account_id).toBe(user.id)
        expect(row.credentials).toMatch(/^v1\./)
        const credentials = await openCredentials(t.murmur, scope, channelId)
        expect(row.credentials).not.toContain(credentials.accessToken as string)
        expect(credentials).toMatchObject({ userId: user.id, username: user.username })
        // The environment's app is not copied into the channel: it follows the environment.
        expect(credentials.murmurApp).toBeUndefined()
        // The pending sign-in is spent.
        const pending = await t.murmur.db.selectFrom('oauth_pending').selectAll().execute()
        expect(pending.map((item) => item.status)).toEqual(['finished'])

        const capabilities = await owner.get(`${base}/channels/${channelId}/capabilities`)
        expect(capabilities.status).toBe(200)
        expect(capabilities.body).toMatchObject({
          network: 'x',
          text: { max_length: 280, counted_as: 'weighted characters' },
          media: { max_count: 4 },
          alt_text: { max_length: 1000 },
          threads: { max_parts: 25 },
          first_comment: true,
        })

        const created = await owner.post(`${base}/posts`, {
          content: { parts: [{ text: 'Fresh bagels at 7 🥯', media: [] }] },
          channels: [{ channel_id: channelId }],
          schedule: { type: 'now' },
        })
        expect(created.status, created.text).toBe(201)
        const scheduler = new Scheduler(t.murmur, { tickMs: 20 })
        await scheduler.drain()
        await scheduler.stop()
        const post = (await owner.get(`${base}/posts/${created.body.id}`)).body
        expect(post.deliveries[0].state, JSON.stringify(post.deliveries[0].error)).toBe('published')
        const published = x.state.tweets.get(post.deliveries[0].remote.parts[0].id)
        expect(published).toMatchObject({ authorId: user.id, text: 'Fresh bagels at 7 🥯' })
      })

      test('a state Murmur never issued is refused with 400, as JSON or as a page', async () => {
        const forged = await owner.get('/api/v1/oauth/x/callback?code=abc&state=forged-state')
        expect(forged.status).toBe(400)
        expect(forged.body.error).toMatchObject({
          code: 'bad_request',
          details: { reason: 'state_mismatch' },
        })
        const page = await owner.request('GET', '/api/v1/oauth/x/callback?code=abc', undefined, {
          accept: 'text/html',
        })
        expect(page.status).toBe(400)
        expect(page.headers.get('content-type')).toMatch(/text\/html/)
        expect(page.text).toContain('stale or was not started here')
        expect(await channels()).toEqual([])
      })

      test('access denied on the consent page comes back as a friendly redirect', async () => {
        x.consent.deny = true
        const { answer, location } = await roundTrip('x')
        expect(answer.status).toBe(302)
        expect(location).toBe(`/w/${workspaceId}/settings/channels?network=x&error=access_denied`)
        expect(await channels()).toEqual([])
      })

      test('a sign-in older than 10 minutes is expired; a callback used twice is refused', async () => {
        x.consent.userId = x.createUser(`late${dialect}`).id
        const callback = await consentAt(await start('x'), PUBLIC_URL)
        await t.murmur.db
          .updateTable('oauth_pending')
          .set({ expires_at: t.murmur.now() - 1 })
          .execute()
        const late = await owner.get(callback)
        expect(late.headers.get('location')).toBe(
          `/w/${workspaceId}/settings/channels?network=x&error=expired`,
        )
        expect(await channels()).toEqual([])

        const fresh = await roundTrip('x')
        expect(fresh.location).toContain('connected=')
        const again = await owner.get(fresh.callback)
        expect(again.status).toBe(400)
        expect(again.body.error.details.reason).toBe('state_reused')
        // Even replaying the expired one again: spent.
        expect((await owner.get(callback)).body.error.details.reason).toBe('state_reused')
        expect(await channels()).toHaveLength(1)
      })

      test('a callback opened in another browser (no session, or another user) connects nothing', async () => {
        x.consent.userId = x.createUser(`victim${dialect}`).id
        const callback = await consentAt(await start('x'), PUBLIC_URL)
        const stranger = api.client()
        const answer = await stranger.get(callback)
        expect(answer.status).toBe(400)
        expect(answer.body.error.details.reason).toBe('other_user')
        // And the sign-in is spent: the owner cannot finish it afterwards either.
        expect((await owner.get(callback)).status).toBe(400)
        expect(await channels()).toEqual([])
      })

      test('reconnect re-runs the sign-in and renews the same channel; another account is refused', async () => {
        const user = x.createUser(`again${dialect}`)
        x.consent.userId = user.id
        const first = await roundTrip('x')
        const channelId = new URL(first.location, PUBLIC_URL).searchParams.get('connected') ?? ''
        await t.murmur.db
          .updateTable('channels')
          .set({ status: 'needs_reconnect', status_reason: 'X refused the refresh token' })
          .execute()
        const before = await openCredentials(t.murmur, scope, channelId)

        const renewed = await roundTrip('x', { channel_id: channelId })
        expect(renewed.location).toBe(
          `/w/${workspaceId}/settings/channels?network=x&reconnected=${channelId}`,
        )
        const [channel] = await channels()
        expect(channel).toMatchObject({ id: channelId, status: 'active', status_reason: null })
        const after = await openCredentials(t.murmur, scope, channelId)
        expect(after.accessToken).not.toBe(before.accessToken)

        x.consent.userId = x.createUser(`someoneelse${dialect}`).id
        const wrong = await roundTrip('x', { channel_id: channelId })
        expect(wrong.location).toBe(
          `/w/${workspaceId}/settings/channels?network=x&error=wrong_account`,
        )
        expect(await channels()).toHaveLength(1)
      })

      test('a refresh X refuses marks the channel needs_reconnect with the reason', async () => {
        const user = x.createUser(`revoked${dialect}`)
        x.consent.userId = user.id
        const { location } = await roundTrip('x')
        const channelId = new URL(location, PUBLIC_URL).searchParams.get('connected') ?? ''
        x.revokeAccess(user.id)
        const created = await owner.post(`${base}/posts`, {
          content: { parts: [{ text: 'Will not go out', media: [] }] },
          channels: [{ channel_id: channelId }],
          schedule: { type: 'now' },
        })
        expect(created.status, created.text).toBe(201)
        const scheduler = new Scheduler(t.murmur, { tickMs: 20 })
        await scheduler.drain()
        await scheduler.stop()
        const [channel] = await channels()
        expect(channel?.status).toBe('needs_reconnect')
        expect(channel?.status_reason).toMatch(/could not renew the connection to @revoked/)
      })
    })

    describe('without any X app', () => {
      beforeEach(() => setUp({}))

      test('start answers 409 pointing at the docs; the workspace’s own app then connects and renews', async () => {
        const refused = await owner.post(`${base}/channels/oauth/x/start`, {})
        expect(refused.status).toBe(409)
        expect(refused.body.error.message).toBe(
          'App credentials not configured: see docs/networks/x.md',
        )
        expect(refused.body.error.details).toMatchObject({ reason: 'app_not_configured' })
        const apps = await owner.get(`${base}/network-apps`)
        expect(apps.body.data.find((app: { network: string }) => app.network === 'x')).toEqual({
          network: 'x',
          available: true,
          configured: false,
          source: null,
          client_id: null,
          has_secret: false,
          redirect_uri: X_CALLBACK,
          docs: 'docs/networks/x.md',
        })

        const saved = await owner.request('PUT', `${base}/network-apps/x`, {
          client_id: WORKSPACE_APP.clientId,
          client_secret: WORKSPACE_APP.clientSecret,
        })
        expect(saved.status, saved.text).toBe(200)
        expect(saved.body).toMatchObject({
          configured: true,
          source: 'workspace',
          has_secret: true,
        })
        expect(saved.text).not.toContain(WORKSPACE_APP.clientSecret)
        const stored = await t.murmur.db.selectFrom('network_apps').selectAll().execute()
        expect(stored[0]?.client_secret).toMatch(/^v1\./)

        const user = x.createUser(`ownapp${dialect}`)
        x.consent.userId = user.id
        const authorizeUrl = new URL(await start('x'))
        expect(authorizeUrl.searchParams.get('client_id')).toBe(WORKSPACE_APP.clientId)
        const answer = await owner.get(await consentAt(authorizeUrl.toString(), PUBLIC_URL))
        const channelId =
          new URL(answer.headers.get('location') ?? '', PUBLIC_URL).searchParams.get('connected') ??
          ''
        const connected = await openCredentials(t.murmur, scope, channelId)
        expect(connected.murmurApp).toEqual({
          clientId: WORKSPACE_APP.clientId,
          clientSecret: WORKSPACE_APP.clientSecret,
        })

        // The access token dies early: the publish renews it with the workspace's app (X checks
        // the client), and the rotated tokens are stored still carrying that app.
        x.expireAccessToken(connected.accessToken as string)
        const created = await owner.post(`${base}/posts`, {
          content: { parts: [{ text: 'Renewed with our own app', media: [] }] },
          channels: [{ channel_id: channelId }],
          schedule: { type: 'now' },
        })
        const scheduler = new Scheduler(t.murmur, { tickMs: 20 })
        await scheduler.drain()
        await scheduler.stop()
        const post = (await owner.get(`${base}/posts/${created.body.id}`)).body
        expect(post.deliveries[0].state, JSON.stringify(post.deliveries[0].error)).toBe('published')
        const renewed = await openCredentials(t.murmur, scope, channelId)
        expect(renewed.accessToken).not.toBe(connected.accessToken)
        expect(renewed.refreshToken).not.toBe(connected.refreshToken)
        expect(renewed.murmurApp).toEqual(connected.murmurApp)

        const removed = await owner.delete(`${base}/network-apps/x`)
        expect(removed.status).toBe(204)
        expect((await owner.delete(`${base}/network-apps/x`)).status).toBe(404)
        expect((await owner.post(`${base}/channels/oauth/x/start`, {})).status).toBe(409)
      })

      test('an API key cannot start a sign-in; Bluesky and networks not in this version say why', async () => {
        const key = await owner.post(`${base}/api-keys`, { name: 'script', role: 'admin' })
        const script = api.client()
        script.bearer = key.body.key
        const byKey = await script.post(`${base}/channels/oauth/mastodon/start`, {
          instance: mastodon.url,
        })
        expect(byKey.status).toBe(403)
        const bluesky = await owner.post(`${base}/channels/oauth/bluesky/start`, {})
        expect(bluesky.status).toBe(400)
        expect(bluesky.body.error.message).toContain('app password')
        const unknown = await owner.post(`${base}/channels/oauth/myspace/start`, {})
        expect(unknown.status).toBe(400)
      })

      test('Mastodon: registers once per instance, connects, and the channel has the instance’s limits', async () => {
        const account = mastodon.createAccount(`bakery${dialect}`)
        mastodon.consent.accountId = account.id
        const appsBefore = mastodon.state.apps.size
        const first = await roundTrip('mastodon', { instance: mastodon.url })
        expect(first.answer.status, first.answer.text).toBe(302)
        const channelId = new URL(first.location, PUBLIC_URL).searchParams.get('connected') ?? ''
        const [channel] = await channels()
        expect(channel).toMatchObject({
          id: channelId,
          network: 'mastodon',
          handle: `${account.username}@${new URL(mastodon.url).host}`,
          status: 'active',
        })
        const capabilities = await owner.get(`${base}/channels/${channelId}/capabilities`)
        expect(capabilities.body).toMatchObject({
          network: 'mastodon',
          text: { max_length: 1000, counted_as: 'graphemes' },
        })
        const check = await owner.post(`${base}/posts/validate`, {
          content: { parts: [{ text: 'a'.repeat(800), media: [] }] },
          channels: [{ channel_id: channelId }],
        })
        expect(check.status, check.text).toBe(200)
        expect(check.body.channels[0].counters[0]).toMatchObject({ length: 800, max: 1000 })
        expect(check.body.ok).toBe(true)

        // Reconnect uses the stored server and the same registration.
        const again = await roundTrip('mastodon', { channel_id: channelId })
        expect(again.location).toContain(`reconnected=${channelId}`)
        expect(mastodon.state.apps.size).toBe(appsBefore + 1)
        const missing = await owner.post(`${base}/channels/oauth/mastodon/start`, {})
        expect(missing.status).toBe(400)
        const local = await owner.post(`${base}/channels/oauth/mastodon/start`, {
          instance: 'not a server',
        })
        expect(local.status).toBe(400)
      })

      test('choosing Pages: list, connect the chosen ones once, only for the person who signed in', async () => {
        const me = (await owner.get('/api/v1/session')).body.user.id as string
        const pendingId = await insertChoosingSignIn(t.murmur, {
          workspaceId,
          userId: me,
          network: 'facebook',
          accounts: SAMPLE_PAGES,
        })
        const listed = await owner.get(`${base}/channels/oauth/pending/${pendingId}`)
        expect(listed.status, listed.text).toBe(200)
        expect(listed.body).toMatchObject({
          id: pendingId,
          network: 'facebook',
          accounts: [
            { id: '104857600000001', display_name: 'Corner Bakery', connected: false },
            { id: '104857600000002', display_name: 'Corner Bakery Café', connected: false },
            { id: '104857600000003', problem: expect.stringContaining('does not allow') },
          ],
          warnings: [],
        })
        expect(listed.text).not.toContain('page-token')

        const unknown = await owner.post(`${base}/channels/oauth/pending/${pendingId}/complete`, {
          page_ids: ['999'],
        })
        expect(unknown.status).toBe(400)
        const cannot = await owner.post(`${base}/channels/oauth/pending/${pendingId}/complete`, {
          page_ids: ['104857600000003'],
        })
        expect(cannot.status).toBe(400)
        expect(cannot.body.error.message).toContain('Corner Bakery Fans')
        const done = await owner.post(`${base}/channels/oauth/pending/${pendingId}/complete`, {
          page_ids: ['104857600000002'],
        })
        expect(done.status, done.text).toBe(201)
        expect(done.body.data).toEqual([
          expect.objectContaining({ network: 'facebook', handle: 'cornerbakerycafe' }),
        ])
        const twice = await owner.post(`${base}/channels/oauth/pending/${pendingId}/complete`, {
          page_ids: ['104857600000001'],
        })
        expect(twice.status).toBe(404)
        expect(await channels()).toHaveLength(1)

        const expired = await insertChoosingSignIn(t.murmur, {
          workspaceId,
          userId: me,
          network: 'facebook',
          accounts: SAMPLE_PAGES,
          expiresAt: t.murmur.now() - 1,
        })
        expect((await owner.get(`${base}/channels/oauth/pending/${expired}`)).status).toBe(409)
        const someoneElses = await insertChoosingSignIn(t.murmur, {
          workspaceId,
          userId: 'usr_someone_else',
          network: 'facebook',
          accounts: SAMPLE_PAGES,
        })
        expect((await owner.get(`${base}/channels/oauth/pending/${someoneElses}`)).status).toBe(404)
      })
    })
  })
}
