/**
 * The OAuth round trip for Instagram, Threads and LinkedIn against their fakes: each is one table
 * entry, so one test walks them all (start, consent, callback, channel with sealed credentials),
 * plus Instagram's refusal of personal accounts and LinkedIn's "cancel".
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { MetaUsageGate } from '../../src/networks/meta/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { openCredentials } from '../../src/services/channels.js'
import { installNetworkSettings } from '../../src/services/network-settings.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { FakeInstagram } from '../fakes/instagram/fake-instagram.js'
import { FakeLinkedIn } from '../fakes/linkedin/fake-linkedin.js'
import { FakeThreads } from '../fakes/threads/fake-threads.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'
import { consentAt } from './oauth-support.js'

const PUBLIC_URL = 'http://murmur.test'
const callbackOf = (network: string) => `${PUBLIC_URL}/api/v1/oauth/${network}/callback`

let instagram: FakeInstagram
let threads: FakeThreads
let linkedin: FakeLinkedIn
beforeAll(async () => {
  instagram = await FakeInstagram.start()
  instagram.state.app.redirectUris.push(callbackOf('instagram'))
  threads = await FakeThreads.start()
  threads.state.app.redirectUris.push(callbackOf('threads'))
  linkedin = await FakeLinkedIn.start({ app: { redirectUris: [callbackOf('linkedin')] } })
})
afterAll(async () => {
  await instagram?.close()
  await threads?.close()
  await linkedin?.close()
})

const appOf = (fake: { state: { app: { clientId: string; clientSecret: string } } }) => ({
  clientId: fake.state.app.clientId,
  clientSecret: fake.state.app.clientSecret,
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: connecting Instagram, Threads and LinkedIn`, () => {
    let t: TestMurmur
    let owner: ApiClient
    let base: string
    let workspaceId: string

    async function setUp() {
      t = await createTestMurmur(dialect, {
        publicUrl: PUBLIC_URL,
        networkApps: {
          instagram: appOf(instagram),
          threads: appOf(threads),
          linkedin: appOf(linkedin),
        },
      })
      installNetworkSettings(t.murmur, {
        instagram: {
          graphUrl: instagram.url,
          tokenUrl: `${instagram.url}/oauth/access_token`,
          authorizeUrl: `${instagram.url}/oauth/authorize`,
          usageGate: new MetaUsageGate(),
          tokenManager: new OAuthTokenManager(),
        },
        threads: {
          graphUrl: threads.url,
          authorizeUrl: `${threads.url}/oauth/authorize`,
          usageGate: new MetaUsageGate(),
          tokenManager: new OAuthTokenManager(),
        },
        linkedin: {
          apiUrl: linkedin.url,
          oauthUrl: `${linkedin.url}/oauth/v2`,
          tokenManager: new OAuthTokenManager(),
        },
      })
      const setUp = await setUpOwner(apiFor(t.murmur))
      owner = setUp.owner
      workspaceId = setUp.workspace.id
      base = `/api/v1/workspaces/${workspaceId}`
    }
    afterEach(() => t?.cleanup())

    async function connect(network: string) {
      const started = await owner.post(`${base}/channels/oauth/${network}/start`, {})
      expect(started.status, started.text).toBe(200)
      const answer = await owner.get(await consentAt(started.body.authorize_url, PUBLIC_URL))
      expect(answer.status, answer.text).toBe(302)
      return new URL(answer.headers.get('location') ?? '', PUBLIC_URL)
    }

    test('each network: start, consent, callback, a channel with sealed credentials', async () => {
      await setUp()
      const gram = instagram.createUser(`bakery_${dialect}`)
      instagram.consent.userId = gram.id
      const thread = threads.createUser(`bakery.${dialect}`)
      threads.consent.userId = thread.id
      const member = linkedin.createMember(`Ada Baker ${dialect}`)
      linkedin.consent.sub = member.sub

      const expected = {
        instagram: { account_id: gram.id, handle: gram.username },
        threads: { account_id: thread.id, handle: thread.username },
        linkedin: { account_id: `urn:li:person:${member.sub}`, handle: member.name },
      }
      const scope = new WorkspaceScope(t.murmur.db, workspaceId)
      for (const [network, account] of Object.entries(expected)) {
        const location = await connect(network)
        const channelId = location.searchParams.get('connected') ?? ''
        expect(channelId, location.toString()).toMatch(/^ch_/)
        const channel = await owner.get(`${base}/channels/${channelId}`)
        expect(channel.body).toMatchObject({ network, status: 'active', ...account })
        const row = await t.murmur.db
          .selectFrom('channels')
          .select('credentials')
          .where('id', '=', channelId)
          .executeTakeFirstOrThrow()
        const credentials = await openCredentials(t.murmur, scope, channelId)
        expect(row.credentials).toMatch(/^v1\./)
        expect(row.credentials).not.toContain(credentials.accessToken as string)
        const capabilities = await owner.get(`${base}/channels/${channelId}/capabilities`)
        expect(capabilities.body.network).toBe(network)
      }
      expect((await owner.get(`${base}/channels`)).body.data).toHaveLength(3)
    })

    test('Instagram refuses a personal account plainly; LinkedIn’s cancel is access denied', async () => {
      await setUp()
      const personal = instagram.createUser(`me_${dialect}`, 'PERSONAL')
      instagram.consent.userId = personal.id
      const refused = await connect('instagram')
      expect(refused.searchParams.get('error')).toBe('not_professional')

      linkedin.consent.cancel = true
      const cancelled = await connect('linkedin')
      expect(cancelled.searchParams.get('error')).toBe('access_denied')
      expect((await owner.get(`${base}/channels`)).body.data).toEqual([])
    })
  })
}
