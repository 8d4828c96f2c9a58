/**
 * Connecting Facebook Pages through the API, against the Facebook fake: start, Facebook Login,
 * the callback hands over the Pages to choose from (nothing stored yet), the chosen Page becomes
 * a channel with its Page token sealed, and a post published to it reaches the fake.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { Scheduler } from '../../src/jobs/scheduler.js'
import { MetaUsageGate } from '../../src/networks/meta/index.js'
import { openCredentials } from '../../src/services/channels.js'
import { installNetworkSettings } from '../../src/services/network-settings.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { FakeFacebook } from '../fakes/facebook/fake-facebook.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'
import { consentAt } from './oauth-support.js'

const PUBLIC_URL = 'http://murmur.test'

let facebook: FakeFacebook
beforeAll(async () => {
  facebook = await FakeFacebook.start({
    app: { redirectUris: [`${PUBLIC_URL}/api/v1/oauth/facebook/callback`] },
  })
})
afterAll(async () => {
  await facebook?.close()
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: connecting Facebook Pages`, () => {
    let t: TestMurmur
    let owner: ApiClient
    let base: string
    let workspaceId: string

    beforeEach(async () => {
      t = await createTestMurmur(dialect, {
        publicUrl: PUBLIC_URL,
        networkApps: {
          facebook: {
            clientId: facebook.state.app.clientId,
            clientSecret: facebook.state.app.clientSecret,
          },
        },
      })
      installNetworkSettings(t.murmur, {
        facebook: {
          graphUrl: facebook.url,
          dialogUrl: facebook.url,
          usageGate: new MetaUsageGate(),
        },
      })
      const setUp = await setUpOwner(apiFor(t.murmur))
      owner = setUp.owner
      workspaceId = setUp.workspace.id
      base = `/api/v1/workspaces/${workspaceId}`
    })
    afterEach(() => t?.cleanup())

    test('Login, choose a Page, the Page is a channel that publishes', async () => {
      const person = facebook.createUser(`Ada ${dialect}`)
      const bakery = facebook.createPage(`Corner Bakery ${dialect}`, {
        [person.id]: ['CREATE_CONTENT', 'MODERATE', 'ANALYZE'],
      })
      const fans = facebook.createPage(`Bakery Fans ${dialect}`, { [person.id]: ['ANALYZE'] })
      facebook.consent.userId = person.id

      const started = await owner.post(`${base}/channels/oauth/facebook/start`, {})
      expect(started.status, started.text).toBe(200)
      const answer = await owner.get(await consentAt(started.body.authorize_url, PUBLIC_URL))
      expect(answer.status, answer.text).toBe(302)
      const location = new URL(answer.headers.get('location') ?? '', PUBLIC_URL)
      expect(location.pathname).toBe(`/w/${workspaceId}/settings/channels`)
      const pendingId = location.searchParams.get('pending') ?? ''
      expect(pendingId).toMatch(/^oauth_/)
      // Nothing is a channel until the person chooses.
      expect((await owner.get(`${base}/channels`)).body.data).toEqual([])

      const pending = await owner.get(`${base}/channels/oauth/pending/${pendingId}`)
      expect(pending.status, pending.text).toBe(200)
      expect(pending.body.accounts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: bakery.id, display_name: bakery.name, problem: null }),
          expect.objectContaining({
            id: fans.id,
            problem: expect.stringContaining('does not allow creating posts'),
          }),
        ]),
      )
      expect(pending.text).not.toContain('accessToken')

      const done = await owner.post(`${base}/channels/oauth/pending/${pendingId}/complete`, {
        page_ids: [bakery.id],
      })
      expect(done.status, done.text).toBe(201)
      const channelId = done.body.data[0].id as string
      expect(done.body.data[0]).toMatchObject({
        network: 'facebook',
        account_id: bakery.id,
        display_name: bakery.name,
        status: 'active',
      })
      const row = await t.murmur.db
        .selectFrom('channels')
        .select('credentials')
        .where('id', '=', channelId)
        .executeTakeFirstOrThrow()
      const scope = new WorkspaceScope(t.murmur.db, workspaceId)
      const credentials = await openCredentials(t.murmur, scope, channelId)
      expect(credentials).toMatchObject({ pageId: bakery.id })
      expect(row.credentials).not.toContain(credentials.accessToken as string)

      const capabilities = await owner.get(`${base}/channels/${channelId}/capabilities`)
      expect(capabilities.body).toMatchObject({ network: 'facebook', first_comment: true })

      const created = await owner.post(`${base}/posts`, {
        content: { parts: [{ text: 'Open Sunday 8–12 🥐', media: [] }] },
        channels: [{ channel_id: channelId }],
        schedule: { type: 'now' },
      })
      expect(created.status, created.text).toBe(201)
      const scheduler = new Scheduler(t.murmur, { tickMs: 20 })
      await scheduler.drain()
      await scheduler.stop()
      const post = (await owner.get(`${base}/posts/${created.body.id}`)).body
      expect(post.deliveries[0].state, JSON.stringify(post.deliveries[0].error)).toBe('published')
      expect(facebook.readBack(post.deliveries[0].remote.parts[0].id)).toMatchObject({
        text: 'Open Sunday 8–12 🥐',
      })
    })

    test('saying no on Facebook Login comes back as access_denied', async () => {
      facebook.consent.deny = true
      const started = await owner.post(`${base}/channels/oauth/facebook/start`, {})
      const answer = await owner.get(await consentAt(started.body.authorize_url, PUBLIC_URL))
      expect(answer.headers.get('location')).toBe(
        `/w/${workspaceId}/settings/channels?network=facebook&error=access_denied`,
      )
    })

    test('a Facebook app without its secret is not enough', async () => {
      await owner.request('PUT', `${base}/network-apps/facebook`, { client_id: 'only-an-id' })
      const started = await owner.post(`${base}/channels/oauth/facebook/start`, {})
      expect(started.status).toBe(409)
      expect(started.body.error.message).toContain('needs the app')
    })
  })
}
