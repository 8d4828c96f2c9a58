/** Channels on the Mastodon fake, as Murmur would hold them after connecting. */
import type { MastodonCredentials } from '../../../src/networks/mastodon/index.js'
import type { FakeMastodon } from './fake-mastodon.js'

let channelCount = 0

export function newMastodonChannel(fake: FakeMastodon, label = 'bakery'): MastodonCredentials {
  channelCount++
  const account = fake.createAccount(`${label}${channelCount}`)
  return {
    instanceUrl: fake.url,
    accountId: account.id,
    username: account.username,
    accessToken: fake.issueToken(account.id),
    scopes: [
      'read:accounts',
      'read:statuses',
      'read:notifications',
      'write:statuses',
      'write:media',
      'write:favourites',
    ],
  }
}

/** Mastodon tokens do not expire: the only way to lose one is a revocation. */
export function revokedMastodonChannel(fake: FakeMastodon): MastodonCredentials {
  const credentials = newMastodonChannel(fake, 'revoked')
  fake.revokeToken(credentials.accessToken)
  return credentials
}
