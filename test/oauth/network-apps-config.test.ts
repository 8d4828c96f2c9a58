import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../src/config.js'

describe('network apps from the environment', () => {
  test('MURMUR_<NETWORK>_CLIENT_ID / _SECRET, trimmed; a secret without an id is no app', () => {
    const config = loadConfig({
      MURMUR_X_CLIENT_ID: ' x-id ',
      MURMUR_X_CLIENT_SECRET: 'x-secret',
      MURMUR_LINKEDIN_CLIENT_ID: 'li-id',
      MURMUR_FACEBOOK_CLIENT_ID: '  ',
      MURMUR_FACEBOOK_CLIENT_SECRET: 'orphan-secret',
      MURMUR_MASTODON_CLIENT_ID: 'ignored: Mastodon registers itself',
    })
    expect(config.networkApps).toEqual({
      x: { clientId: 'x-id', clientSecret: 'x-secret' },
      linkedin: { clientId: 'li-id' },
    })
  })
})
