import { describe, expect, it } from 'vitest'
import { createNetwork, isNetworkAvailable, NETWORK_IDS, networkFactories } from './index.js'

describe('network registry', () => {
  it('creates every available network from its id, on the v1 spec', () => {
    for (const id of NETWORK_IDS) {
      if (!isNetworkAvailable(id)) continue
      const network = createNetwork(id)
      expect(network).toMatchObject({ specificationVersion: 'v1', id })
    }
    expect(Object.keys(networkFactories)).toEqual([
      'bluesky',
      'x',
      'mastodon',
      'facebook',
      'instagram',
      'threads',
      'linkedin',
    ])
  })

  it('has every network Murmur knows', () => {
    expect(NETWORK_IDS.filter((id) => !isNetworkAvailable(id))).toEqual([])
  })

  it('passes settings to the factory', async () => {
    const requests: string[] = []
    const network = createNetwork('bluesky', {
      baseUrl: 'http://127.0.0.1:1',
      fetch: async (input) => {
        requests.push(String(input))
        return new Response(JSON.stringify({ error: 'AuthenticationRequired' }), { status: 401 })
      },
    })
    expect(network.id).toBe('bluesky')
    const bluesky = networkFactories.bluesky({
      baseUrl: 'http://127.0.0.1:1/',
      fetch: async (input) => {
        requests.push(String(input))
        return new Response(JSON.stringify({ error: 'AuthenticationRequired' }), { status: 401 })
      },
    })
    await expect(bluesky.signIn({ identifier: 'a.test', password: 'x' })).rejects.toMatchObject({
      kind: 'auth_expired',
    })
    expect(requests).toEqual(['http://127.0.0.1:1/xrpc/com.atproto.server.createSession'])
  })
})
