/**
 * The X adapter against the X fake (test/fakes/x: built from X's documented API v2, not X itself):
 * the shared network contract.
 */
import { afterAll, beforeAll } from 'vitest'
import { OAuthTokenManager } from '../../src/networks/oauth/index.js'
import { runNetworkContract } from '../../src/networks/testkit/run-network-contract.js'
import { createX, type XCredentials } from '../../src/networks/x/index.js'
import { FakeX } from '../fakes/x/fake-x.js'
import { expiredXChannel, newXChannel, samplePng } from '../fakes/x/fake-x-channels.js'

let fake: FakeX

beforeAll(async () => {
  fake = await FakeX.start()
})

afterAll(async () => {
  await fake?.close()
})

const x = () =>
  createX({
    apiBaseUrl: fake.url,
    authorizeUrl: `${fake.url}/i/oauth2/authorize`,
    app: { clientId: fake.app.clientId, clientSecret: fake.app.clientSecret },
    tokenManager: new OAuthTokenManager(),
  })

runNetworkContract<XCredentials>({
  name: 'X against the X fake',
  createNetwork: x,
  createCredentials: async () => newXChannel(fake),
  readBack: async (_credentials, id) => fake.readBack(id),
  sampleImage: async () => ({ data: await samplePng(), mimeType: 'image/png' }),
  createExpiredCredentials: async () => expiredXChannel(fake),
  async giveFollowers(credentials, count) {
    fake.setFollowers(credentials.userId, count)
    return credentials
  },
  async provokeRateLimit() {
    const credentials = newXChannel(fake)
    fake.injectRateLimit({ match: 'POST /2/tweets', resetInSeconds: 600 })
    await x().publish(credentials, { parts: [{ text: 'One too many', media: [] }] })
  },
})
