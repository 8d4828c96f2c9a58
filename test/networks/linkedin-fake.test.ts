/**
 * The LinkedIn adapter against the LinkedIn fake (test/fakes/linkedin: built from LinkedIn's
 * documented versioned REST API, not LinkedIn itself): the shared network contract.
 */
import { afterAll, beforeAll } from 'vitest'
import { createLinkedIn, type LinkedInCredentials } from '../../src/networks/linkedin/index.js'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { runNetworkContract } from '../../src/networks/testkit/run-network-contract.js'
import { FakeLinkedIn } from '../fakes/linkedin/fake-linkedin.js'
import {
  expiredLinkedInChannel,
  LINKEDIN_TEST_SCOPES,
  newLinkedInChannel,
} from '../fakes/linkedin/fake-linkedin-channels.js'
import { samplePng } from '../fakes/x/fake-x-channels.js'

let fake: FakeLinkedIn

beforeAll(async () => {
  fake = await FakeLinkedIn.start()
})

afterAll(async () => {
  await fake?.close()
})

const linkedin = () =>
  createLinkedIn({
    apiUrl: fake.url,
    oauthUrl: `${fake.url}/oauth/v2`,
    app: { clientId: fake.state.app.clientId, clientSecret: fake.state.app.clientSecret },
    imagePolling: { intervalMs: 5 },
    tokenManager: new OAuthTokenManager(),
  })

runNetworkContract<LinkedInCredentials>({
  name: 'LinkedIn against the LinkedIn fake',
  createNetwork: linkedin,
  createCredentials: async () => newLinkedInChannel(fake),
  readBack: async (_credentials, id) => fake.readBack(id),
  sampleImage: async () => ({ data: await samplePng(), mimeType: 'image/png' }),
  createExpiredCredentials: async () => expiredLinkedInChannel(fake),
  // LinkedIn counts followers of Pages only: the member administers one, with the Community
  // Management scope (a member's own profile gives none: linkedin-adapter.test.ts).
  async giveFollowers(credentials, count) {
    if (credentials.author.startsWith('urn:li:organization:')) {
      fake.setOrganizationFollowers(credentials.author, count)
      return credentials
    }
    const admin = newLinkedInChannel(fake, {
      scopes: [...LINKEDIN_TEST_SCOPES, 'r_organization_social'],
    })
    const page = fake.createOrganization(admin.author.replace('urn:li:person:', ''), count)
    return { ...admin, author: page }
  },
  async provokeRateLimit() {
    const credentials = newLinkedInChannel(fake)
    fake.injectRateLimit({ match: 'POST /rest/posts' })
    await linkedin().publish(credentials, { parts: [{ text: 'One too many', media: [] }] })
  },
})
