import { afterEach, describe, expect, test } from 'vitest'
import { createBluesky } from '../../src/networks/bluesky/index.js'
import { apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'

/**
 * A Bluesky service address is whatever someone types: Murmur refuses private, loopback and cloud
 * metadata addresses (SSRF) before sending any password, and its Bluesky client fetches through the
 * safe fetcher, unless the operator names the host in MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS.
 */
for (const dialect of await testDialects()) {
  describe(`${dialect}: a Bluesky service on a private address`, () => {
    let t: TestMurmur
    afterEach(() => t?.cleanup())

    async function connect(serviceUrl: string, overrides = {}) {
      t = await createTestMurmur(dialect, overrides)
      const api = apiFor(t.murmur)
      const { owner, workspace } = await setUpOwner(api)
      return owner.post(`/api/v1/workspaces/${workspace.id}/channels/bluesky`, {
        handle: 'bakery.test',
        app_password: 'abcd-efgh-ijkl-mnop',
        service_url: serviceUrl,
      })
    }

    test.each([
      ['http://127.0.0.1:2583', '127.0.0.1 is a loopback address'],
      ['http://10.0.0.1', '10.0.0.1 is a private address'],
      ['http://[::1]:2583', '::1 is a loopback address'],
      ['http://169.254.169.254', '169.254.169.254 is a cloud metadata address'],
    ])('%s is refused with a 400 that says why and what to do', async (url, why) => {
      const response = await connect(url)
      expect(response.status).toBe(400)
      expect(response.body.error.message).toContain(why)
      expect(response.body.error.message).toContain('MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS')
      expect(response.body.error.details).toEqual([
        { path: 'service_url', message: response.body.error.message },
      ])
    })

    test('a host the operator named is let through (nothing listens there: the sign-in fails)', async () => {
      const response = await connect('http://127.0.0.1:9', {
        allowPrivateNetworkHosts: ['127.0.0.1'],
      })
      expect(response.status).not.toBe(201)
      expect(response.text).not.toContain('MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS')
    })
  })
}

describe('the Bluesky adapter fetches through the safe fetcher', () => {
  const signIn = (settings: Parameters<typeof createBluesky>[0]) =>
    createBluesky(settings).signIn({
      identifier: 'bakery.test',
      password: 'abcd-efgh-ijkl-mnop',
      service: 'http://10.0.0.1',
    })

  test('a private PDS is refused before any connection', async () => {
    await expect(signIn({})).rejects.toThrow(/did not connect: refused: 10\.0\.0\.1 is/)
  })

  test('a PDS the DID document points at is vetted too', async () => {
    // The session answer names a private PDS: the next call (publishing) must not reach it.
    const refused = createBluesky({}).publish(
      {
        did: 'did:plc:bakery',
        handle: 'bakery.test',
        service: 'https://bsky.social',
        pdsUrl: 'http://192.168.1.20',
        accessJwt: 'a.b.c',
        refreshJwt: 'a.b.c',
      },
      { parts: [{ text: 'hello', media: [] }] } as never,
    )
    await expect(refused).rejects.toMatchObject({
      kind: 'content_rejected',
      code: 'refused_address',
      message: expect.stringMatching(
        /refused: 192\.168\.1\.20 is .*MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS/,
      ),
    })
  })
})
