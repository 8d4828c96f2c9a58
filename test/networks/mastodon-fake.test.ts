/**
 * The Mastodon adapter against the Mastodon fake (test/fakes/mastodon: built from Mastodon's
 * documented API, not Mastodon itself): the shared network contract.
 */
import { afterAll, beforeAll } from 'vitest'
import { createMastodon, type MastodonCredentials } from '../../src/networks/mastodon/index.js'
import { runNetworkContract } from '../../src/networks/testkit/run-network-contract.js'
import { FakeMastodon } from '../fakes/mastodon/fake-mastodon.js'
import {
  newMastodonChannel,
  revokedMastodonChannel,
} from '../fakes/mastodon/fake-mastodon-channels.js'
import { samplePng } from '../fakes/x/fake-x-channels.js'

let fake: FakeMastodon

beforeAll(async () => {
  fake = await FakeMastodon.start()
})

afterAll(async () => {
  await fake?.close()
})

const mastodon = () => createMastodon({ allowLocalInstances: true, mediaPollIntervalMs: 10 })

runNetworkContract<MastodonCredentials>({
  name: 'Mastodon against the Mastodon fake',
  createNetwork: mastodon,
  createCredentials: async () => newMastodonChannel(fake),
  readBack: async (_credentials, id) => fake.readBack(id),
  sampleImage: async () => ({ data: await samplePng(), mimeType: 'image/png' }),
  createExpiredCredentials: async () => revokedMastodonChannel(fake),
  async giveFollowers(credentials, count) {
    fake.setFollowers(credentials.accountId, count)
    return credentials
  },
  async reshare(_credentials, postId) {
    const fan = newMastodonChannel(fake, 'fan')
    fake.boost(fan.accountId, postId)
    return { handle: fan.username }
  },
  async provokeRateLimit() {
    const credentials = newMastodonChannel(fake)
    fake.injectRateLimit({ match: 'POST /api/v1/statuses', resetInSeconds: 300 })
    await mastodon().publish(credentials, { parts: [{ text: 'One too many', media: [] }] })
  },
})
