import { closeLinkTraffic, linkTraffic } from '../../src/links/traffic.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type Dialect, type TestMurmur } from '../support/databases.js'

export const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
export const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'

/** A Murmur on a fresh database with a settable clock, an owner signed in, and their workspace. */
export async function trafficWorld(dialect: Dialect, start = Date.UTC(2027, 2, 1, 9, 0, 0)) {
  const clock = { now: start }
  const t: TestMurmur = await createTestMurmur(dialect, {}, { now: () => clock.now })
  const api = apiFor(t.murmur)
  const { owner, workspace } = await setUpOwner(api)
  const base = `/api/v1/workspaces/${workspace.id}`
  return {
    t,
    api,
    clock,
    owner,
    workspace,
    base,
    traffic: () => linkTraffic(t.murmur),
    /** Stores every buffered click and sums all of them into the rollups. */
    settle: () => linkTraffic(t.murmur).settle(),
    async createLink(client: ApiClient, body: Record<string, unknown>) {
      const response = await client.post(`${base}/links`, body)
      if (response.status !== 201) throw new Error(`link: ${response.status} ${response.text}`)
      return response.body as { id: string; code: string; short_url: string }
    },
    /** A visit through /l/CODE, as a browser behind the given address would make it. */
    visit(
      code: string,
      options: { ua?: string; ip?: string; method?: string; referer?: string; query?: string } = {},
    ) {
      const headers: Record<string, string> = { 'x-forwarded-for': options.ip ?? '203.0.113.7' }
      const ua = options.ua ?? IPHONE
      if (ua) headers['user-agent'] = ua
      if (options.referer) headers.referer = options.referer
      return api.app.request(`/l/${code}${options.query ?? ''}`, {
        method: options.method ?? 'GET',
        headers,
      })
    },
    async cleanup() {
      await closeLinkTraffic(t.murmur)
      await t.cleanup()
    },
  }
}
