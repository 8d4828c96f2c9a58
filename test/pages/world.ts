import { readPage } from '../../src/seo/page-facts.js'
import { type ApiClient, apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type Dialect, type TestMurmur } from '../support/databases.js'

export const START = Date.UTC(2026, 10, 27, 9, 0)
export const DAY = 86_400_000

/** A full home page's settings, as the editor would save them. */
export const BAKERY_SETTINGS = {
  published: true,
  description:
    'Sourdough, croissants and coffee in the 7th arrondissement since 1998. Baked every morning from organic flour, with a seat by the window.',
  business_type: 'Bakery',
  contact: {
    email: 'hello@cornerbakery.example',
    phone: '+33 1 23 45 67 89',
    website: 'https://cornerbakery.example',
    street: '12 Rue Cler',
    locality: 'Paris',
    postal_code: '75007',
    country: 'FR',
  },
  opening_hours: [
    { days: ['tue', 'wed', 'thu', 'fri'], opens: '07:30', closes: '19:00' },
    { days: ['sat', 'sun'], opens: '08:00', closes: '13:00' },
  ],
  hours_note: 'Closed on public holidays',
  theme: { palette: 'warm', font: 'serif', layout: 'centered', accent: '#c2410c' },
  links: [
    { label: 'Order a birthday cake', url: 'https://cornerbakery.example/cakes' },
    { label: 'Follow us on Instagram', url: 'https://instagram.com/cornerbakery' },
  ],
}

export const TASTING = {
  title: 'Winter bread tasting',
  description: 'Taste five breads of the season with our bakers, and take the recipes home.',
  starts_at: '2026-12-05T18:00',
  ends_at: '2026-12-05T20:00',
  place: {
    name: 'Corner Bakery',
    street: '12 Rue Cler',
    locality: 'Paris',
    postal_code: '75007',
    country: 'FR',
  },
  capacity: 30,
  status: 'published',
}

export interface PageResponse {
  status: number
  text: string
  headers: Headers
}

/** A Murmur with a settable clock and a signed-in owner of "Corner Bakery" (Europe/Paris). */
export async function pagesWorld(dialect: Dialect, overrides: { publicUrl?: string } = {}) {
  const clock = { now: START }
  const t: TestMurmur = await createTestMurmur(dialect, overrides, { now: () => clock.now })
  const api = apiFor(t.murmur)
  const { owner, workspace, user } = await setUpOwner(api)
  const base = `/api/v1/workspaces/${workspace.id}`
  const ok = async <T = Record<string, unknown>>(
    response: Promise<{ status: number; body: T; text: string }>,
    expected = 200,
  ): Promise<T> => {
    const r = await response
    if (r.status !== expected) throw new Error(`expected ${expected}, got ${r.status}: ${r.text}`)
    return r.body
  }
  const get = async (path: string, headers: Record<string, string> = {}): Promise<PageResponse> => {
    const response = await api.app.request(path, { headers })
    return { status: response.status, text: await response.text(), headers: response.headers }
  }
  const world = {
    t,
    murmur: t.murmur,
    api,
    clock,
    owner,
    workspace,
    user,
    base,
    ok,
    get,
    savePage: (body: Record<string, unknown>, client: ApiClient = owner) =>
      ok(client.request('PUT', `${base}/page`, body)),
    createEvent: (body: Record<string, unknown>) =>
      ok<{ id: string; slug: string; url: string }>(owner.post(`${base}/events`, body), 201),
    /** The path of a public address (the app is called in-process). */
    path: (url: string) => new URL(url).pathname,
    /** Posts the join form as a browser would: the token from the page, then the fields. */
    async join(
      eventPath: string,
      fields: Record<string, string>,
      headers: Record<string, string> = {},
    ): Promise<PageResponse> {
      const page = await get(eventPath)
      const token = /name="token" value="([^"]*)"/.exec(page.text)?.[1] ?? ''
      const body = new URLSearchParams({ token, website: '', ...fields }).toString()
      const response = await api.app.request(`${eventPath}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      })
      return { status: response.status, text: await response.text(), headers: response.headers }
    },
    facts: (html: string, url: string) => readPage(html, url),
    cleanup: () => t.cleanup(),
  }
  return world
}

export type PagesWorld = Awaited<ReturnType<typeof pagesWorld>>
