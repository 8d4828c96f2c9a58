import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createUser } from '../../src/services/accounts.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { fakeNetworkOf } from '../publishing/fixtures.js'
import type { ApiClient } from '../support/api.js'
import { testDialects } from '../support/databases.js'
import { htmlProblems } from './validate.js'
import { BAKERY_SETTINGS, type PagesWorld, pagesWorld, TASTING } from './world.js'

const HANDLE = 'cornerbakery.bsky.social'
const APP_PASSWORD = 'abcd-efgh-ijkl-mnop'

for (const dialect of await testDialects()) {
  describe(`${dialect}: pages and events API`, () => {
    let w: PagesWorld
    let viewer: ApiClient
    let editor: ApiClient

    beforeAll(async () => {
      w = await pagesWorld(dialect)
      const keyFor = async (role: string) => {
        const client = w.api.client()
        client.bearer = (await w.owner.post(`${w.base}/api-keys`, { name: role, role })).body.key
        return client
      }
      viewer = await keyFor('viewer')
      editor = await keyFor('editor')
    })
    afterAll(() => w.cleanup())

    test('before the first save: defaults, unpublished, at /p/{slug}', async () => {
      const settings = await w.ok(w.owner.get(`${w.base}/page`))
      expect(settings).toMatchObject({
        published: false,
        slug: 'corner-bakery',
        url: 'http://murmur.test/p/corner-bakery',
        language: 'en',
        business_type: 'LocalBusiness',
        links: [],
        opening_hours: [],
        theme: { palette: 'light', font: 'system', layout: 'centered' },
        updated_at: null,
      })
      expect((await w.get('/p/corner-bakery')).status).toBe(404)
    })

    test('roles: viewers read, editors manage events, admins save page settings', async () => {
      expect((await viewer.get(`${w.base}/page`)).status).toBe(200)
      expect((await viewer.request('PUT', `${w.base}/page`, { published: true })).status).toBe(403)
      expect((await editor.request('PUT', `${w.base}/page`, { published: true })).status).toBe(403)
      expect((await editor.post(`${w.base}/page/preview`, {})).status).toBe(403)
      expect((await viewer.post(`${w.base}/events`, TASTING)).status).toBe(403)
      const created = await editor.post(`${w.base}/events`, { ...TASTING, title: 'Editor event' })
      expect(created.status).toBe(201)
      expect((await viewer.get(`${w.base}/events/${created.body.id}`)).status).toBe(200)
      expect((await viewer.get(`${w.base}/events/${created.body.id}/attendees`)).status).toBe(200)
      expect((await viewer.delete(`${w.base}/events/${created.body.id}`)).status).toBe(403)
      expect((await editor.delete(`${w.base}/events/${created.body.id}`)).status).toBe(204)
      expect((await w.get(w.path(created.body.url))).status).toBe(404)
    })

    test('saving: every link becomes a tracked link; unchanged addresses keep theirs', async () => {
      const saved = await w.savePage(BAKERY_SETTINGS)
      const links = saved.links as Array<{
        id: string
        label: string
        url: string
        link_id: string
        short_url: string
      }>
      expect(links.map((l) => l.label)).toEqual(['Order a birthday cake', 'Follow us on Instagram'])
      expect(links[0]?.short_url).toMatch(/^http:\/\/murmur\.test\/l\/[0-9a-z]+$/)
      const cake = (await w.owner.get(`${w.base}/links/${links[0]?.link_id}`)).body
      // The business's own site gets UTM tags for its analytics; other sites do not.
      expect(cake).toMatchObject({
        campaign: 'home page',
        utm_source: 'murmur',
        utm_medium: 'link-in-bio',
      })
      const instagram = (await w.owner.get(`${w.base}/links/${links[1]?.link_id}`)).body
      expect(instagram.utm_source).toBeNull()

      const again = await w.savePage({
        links: [
          { label: 'Instagram', url: 'https://instagram.com/cornerbakery' },
          { label: 'Our menu', url: 'https://cornerbakery.example/menu' },
        ],
      })
      const after = again.links as Array<{ label: string; link_id: string }>
      expect(after[0]).toMatchObject({ label: 'Instagram', link_id: links[1]?.link_id })
      expect(after[1]?.link_id).not.toBe(links[0]?.link_id)
      // The dropped link still works for anyone who kept it.
      const visit = await w.api.app.request(`/l/${links[0]?.short_url.split('/l/')[1]}`, {
        headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0' },
      })
      expect(visit.status).toBe(302)
      // An archived tracked link leaves the public page (its short address answers 410).
      await w.owner.patch(`${w.base}/links/${after[1]?.link_id}`, { archived: true })
      const home = await w.get('/p/corner-bakery')
      expect(home.text).toContain('>Instagram</a>')
      expect(home.text).not.toContain('>Our menu</a>')
      await w.owner.patch(`${w.base}/links/${after[1]?.link_id}`, { archived: false })
      // Fields left out kept their values.
      expect(again.description).toBe(BAKERY_SETTINGS.description)
      expect(again.updated_at).toMatch(/^\d{4}-/)
    })

    test('invalid settings are refused field by field, and nothing changes', async () => {
      const before = await w.ok(w.owner.get(`${w.base}/page`))
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [
          { theme: { palette: 'warm', font: 'serif', layout: 'centered', accent: 'red' } },
          400,
          'theme.accent',
        ],
        [{ language: 'not a language!' }, 400, 'language'],
        [{ custom_domain: 'https://shop.example/' }, 400, 'custom_domain'],
        [{ custom_domain: 'murmur.test' }, 400, 'custom_domain'],
        [
          { opening_hours: [{ days: ['mon'], opens: '9:00', closes: '17:00' }] },
          400,
          'opening_hours.0.opens',
        ],
        [
          { opening_hours: [{ days: ['mon'], opens: '09:00', closes: '09:00' }] },
          400,
          'opening_hours.0.closes',
        ],
        [{ contact: { email: 'nope' } }, 400, 'contact.email'],
        [{ links: [{ label: 'Loop', url: 'http://murmur.test/l/abc' }] }, 400, 'links.0.url'],
        [{ links: [{ label: 'Script', url: 'javascript:alert(1)' }] }, 400, 'links.0.url'],
        [{ logo_url: 'data:image/png;base64,AAAA' }, 400, 'logo_url'],
        [{ image_media_id: 'med_nothing' }, 400, 'image_media_id'],
        [{ slug: 'Not A Slug' }, 400, 'slug'],
        [{ business_type: 'Castle' }, 400, 'business_type'],
      ]
      for (const [body, status, path] of cases) {
        const response = await w.owner.request('PUT', `${w.base}/page`, body)
        expect(response.status, JSON.stringify(body)).toBe(status)
        expect(JSON.stringify(response.body.error.details), JSON.stringify(body)).toContain(path)
      }
      expect(await w.ok(w.owner.get(`${w.base}/page`))).toEqual(before)
    })

    test('slugs and domains belong to one workspace: taken ones are a 409', async () => {
      const other = await createUser(w.murmur, {
        email: 'b@b.example',
        password: 'correct horse battery',
      })
      const ws = await createWorkspace(w.murmur, {
        name: 'Bike Shop',
        timeZone: 'UTC',
        ownerId: other.id,
      })
      expect((await w.owner.request('PUT', `${w.base}/page`, { slug: ws.slug })).status).toBe(409)
      await w.savePage({ custom_domain: 'cornerbakery.example' })
      const { WorkspaceScope } = await import('../../src/storage/workspace-scope.js')
      const { savePageSettings } = await import('../../src/services/pages.js')
      await expect(
        savePageSettings(
          w.murmur,
          new WorkspaceScope(w.murmur.db, ws.id),
          { custom_domain: 'CornerBakery.example' },
          null,
        ),
      ).rejects.toMatchObject({ code: 'conflict' })
      await w.savePage({ custom_domain: null })
    })

    test('the live preview renders unsaved settings, marked noindex, and saves nothing', async () => {
      const response = await w.owner.post(`${w.base}/page/preview`, {
        description: 'A brand new description that is not saved yet, about our new wood oven.',
        theme: { palette: 'dark', font: 'rounded', layout: 'wide', accent: '#22c55e' },
        links: [{ label: 'Preview link', url: 'https://example.com/preview' }],
      })
      expect(response.status).toBe(200)
      const html = response.body.html as string
      expect(htmlProblems(html)).toEqual([])
      expect(html).toContain('A brand new description')
      expect(html).toContain('class="p-dark f-rounded l-wide"')
      expect(html).toContain('--accent:#22c55e;--on-accent:#111111')
      expect(html).toContain('<a href="https://example.com/preview">Preview link</a>')
      expect(html).toContain('<meta name="robots" content="noindex">')
      expect(html).not.toContain('rel="canonical"')
      expect(html).toContain('Preview: this is how the page will look once saved.')
      const saved = await w.ok(w.owner.get(`${w.base}/page`))
      expect(saved.description).toBe(BAKERY_SETTINGS.description)
      const bad = await w.owner.post(`${w.base}/page/preview`, { contact: { email: 'nope' } })
      expect(bad.status).toBe(400)
    })

    test('events: local times in the workspace zone, or ISO with an offset; lists by time', async () => {
      const local = await w.createEvent({ title: 'Local time', starts_at: '2026-12-05T18:00' })
      expect(local).toMatchObject({
        starts_at: '2026-12-05T17:00:00.000Z',
        ends_at: '2026-12-05T19:00:00.000Z',
        starts_at_local: '2026-12-05T18:00',
        time_zone: 'Europe/Paris',
        status: 'draft',
        slug: 'local-time',
        published_at: null,
      })
      const summer = await w.createEvent({ title: 'Local time', starts_at: '2027-07-01T18:00' })
      expect(summer).toMatchObject({ starts_at: '2027-07-01T16:00:00.000Z', slug: 'local-time-2' })
      const offset = await w.createEvent({
        title: 'Offset',
        starts_at: '2026-12-01T09:00:00-05:00',
      })
      expect(offset).toMatchObject({
        starts_at: '2026-12-01T14:00:00.000Z',
        starts_at_local: '2026-12-01T15:00',
      })
      const past = await w.createEvent({ title: 'Last summer', starts_at: '2026-07-01T10:00' })

      const upcoming = (await w.owner.get(`${w.base}/events`)).body.data as Array<{ id: string }>
      const ids = upcoming.map((e) => e.id)
      expect(ids.indexOf(offset.id)).toBeLessThan(ids.indexOf(local.id))
      expect(ids.indexOf(local.id)).toBeLessThan(ids.indexOf(summer.id))
      expect(ids).not.toContain(past.id)
      const pastList = (await w.owner.get(`${w.base}/events?when=past`)).body.data as Array<{
        id: string
      }>
      expect(pastList.map((e) => e.id)).toEqual([past.id])
      const drafts = (await w.owner.get(`${w.base}/events?when=all&status=draft`)).body
        .data as unknown[]
      expect(drafts.length).toBeGreaterThanOrEqual(4)
    })

    test('events are checked: where, when, capacity and slugs', async () => {
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ title: 'Nowhere', starts_at: '2026-12-05T18:00', status: 'published' }, 'place'],
        [
          { title: 'Backwards', starts_at: '2026-12-05T18:00', ends_at: '2026-12-05T17:00' },
          'ends_at',
        ],
        [{ title: 'Bad time', starts_at: 'tomorrow at six' }, 'starts_at'],
        [{ title: 'Bad month', starts_at: '2026-13-05T18:00' }, 'starts_at'],
        [{ title: 'Zero', starts_at: '2026-12-05T18:00', capacity: 0 }, 'capacity'],
        [{ title: 'Slug', starts_at: '2026-12-05T18:00', slug: 'Has Spaces' }, 'slug'],
        [
          { title: 'Online', starts_at: '2026-12-05T18:00', online_url: 'ftp://x.example' },
          'online_url',
        ],
      ]
      for (const [body, path] of bad) {
        const response = await w.owner.post(`${w.base}/events`, body)
        expect(response.status, JSON.stringify(body)).toBe(400)
        expect(JSON.stringify(response.body.error.details), JSON.stringify(body)).toContain(path)
      }
      const first = await w.createEvent({ ...TASTING, slug: 'taken-slug' })
      expect(
        (await w.owner.post(`${w.base}/events`, { ...TASTING, slug: 'taken-slug' })).status,
      ).toBe(409)
      const second = await w.createEvent(TASTING)
      expect(
        (await w.owner.patch(`${w.base}/events/${second.id}`, { slug: 'taken-slug' })).status,
      ).toBe(409)
      // Moving the start keeps the length; the calendar sequence grows.
      const moved = await w.ok(
        w.owner.patch(`${w.base}/events/${first.id}`, { starts_at: '2026-12-06T18:00' }),
      )
      expect(moved).toMatchObject({
        starts_at_local: '2026-12-06T18:00',
        ends_at_local: '2026-12-06T20:00',
      })
      const ics = await w.get(`${w.path(first.url)}/calendar.ics`)
      expect(ics.text).toContain('SEQUENCE:1')
    })

    test('announcing a published event schedules one post with a tracked link to its page', async () => {
      const fake = fakeNetworkOf(w.murmur)
      fake.addAccount(HANDLE, APP_PASSWORD)
      const channel = await w.ok(
        w.owner.post(`${w.base}/channels/bluesky`, { handle: HANDLE, app_password: APP_PASSWORD }),
        201,
      )
      const draft = await w.createEvent({ title: 'Not yet', starts_at: '2026-12-20T18:00' })
      const refused = await w.owner.post(`${w.base}/events/${draft.id}/announce`, {
        channels: [channel.id],
      })
      expect(refused.status).toBe(409)

      const event = await w.createEvent({ ...TASTING, title: 'Announced tasting' })
      const at = '2026-11-28T09:30:00+01:00'
      const response = await w.owner.post(`${w.base}/events/${event.id}/announce`, {
        channels: [channel.id],
        schedule: { type: 'at', at },
      })
      expect(response.status).toBe(201)
      const text = response.body.content.parts[0].text as string
      expect(text).toContain('Announced tasting')
      expect(text).toContain('Saturday, December 5, 2026')
      const shortUrl = /http:\/\/murmur\.test\/l\/[0-9a-z]+/.exec(text)?.[0]
      expect(shortUrl).toBeDefined()
      expect(response.body.deliveries[0]).toMatchObject({
        channel_id: channel.id,
        state: 'scheduled',
        scheduled_at: '2026-11-28T08:30:00.000Z',
      })
      const links = (await w.owner.get(`${w.base}/links?search=announced`)).body.data as Array<{
        short_url: string
        destination: string
      }>
      expect(links.find((l) => l.short_url === shortUrl)?.destination).toBe(event.url)
      w.clock.now += 1000
      const custom = await w.owner.post(`${w.base}/events/${event.id}/announce`, {
        channels: [channel.id],
        text: 'Last places! {link} See you there.',
      })
      expect(custom.status).toBe(201)
      expect(custom.body.deliveries[0].state).toBe('draft')
      expect(custom.body.content.parts[0].text).toMatch(
        /^Last places! http:\/\/murmur\.test\/l\/\w+ See you there\.$/,
      )
      const announcements = (await w.owner.get(`${w.base}/events/${event.id}/announcements`)).body
        .data
      expect(announcements.map((p: { id: string }) => p.id)).toEqual([
        custom.body.id,
        response.body.id,
      ])
      const unknown = await w.owner.post(`${w.base}/events/${event.id}/announce`, {
        channels: ['ch_nope'],
      })
      expect(unknown.status).toBe(400)
    })

    test('the attendee list exports as CSV, safe to open in a spreadsheet', async () => {
      const event = await w.createEvent({ ...TASTING, title: 'Export test' })
      for (const [name, email] of [
        ['Ann "The Baker", Jr.', 'ann@example.com'],
        ['=HYPERLINK("http://evil.example","click")', 'evil@example.com'],
      ]) {
        w.clock.now += 1000
        const joined = await w.join(w.path(event.url), {
          name: name!,
          email: email!,
          consent: 'yes',
        })
        expect(joined.status).toBe(303)
      }
      const response = await w.api.app.request(`${w.base}/events/${event.id}/attendees.csv`, {
        headers: { cookie: w.owner.cookie ?? '' },
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="export-test-attendees.csv"',
      )
      const csv = await response.text()
      const lines = csv.split('\r\n')
      expect(lines[0]).toBe('name,email,consent,joined_at,contact_id,consent_text')
      expect(lines[1]).toMatch(
        /^"Ann ""The Baker"", Jr\.",ann@example\.com,yes,2026-11-27T09:00:0\d\.000Z,ct_\w+,/,
      )
      expect(lines[2]).toMatch(
        /^"'=HYPERLINK\(""http:\/\/evil\.example"",""click""\)",evil@example\.com,/,
      )
      expect(csv.endsWith('\r\n')).toBe(true)
    })

    test('the event preview renders unsaved fields for a new or a saved event', async () => {
      const fresh = await w.owner.post(`${w.base}/events/preview`, {
        title: 'Draft in progress',
        starts_at: '2027-01-10T11:00',
        place: { name: 'The park', locality: 'Paris' },
      })
      expect(fresh.status).toBe(200)
      expect(fresh.body.html).toContain('<h1>Draft in progress</h1>')
      expect(fresh.body.html).toContain('noindex')
      expect(htmlProblems(fresh.body.html)).toEqual([])
      const saved = await w.createEvent(TASTING)
      const edited = await w.owner.post(`${w.base}/events/preview`, {
        event_id: saved.id,
        title: 'Renamed',
      })
      expect(edited.body.html).toContain('<h1>Renamed</h1>')
      expect(edited.body.html).toContain('Taste five breads')
      expect((await w.owner.get(`${w.base}/events/${saved.id}`)).body.title).toBe(TASTING.title)
    })

    test('an empty end follows the start, in the preview and when saving', async () => {
      // What the editor sends while "Ends" is empty: ends_at null, the start far past any default end.
      const fresh = await w.owner.post(`${w.base}/events/preview`, {
        title: 'Summer fair',
        starts_at: '2030-06-01T18:00',
        ends_at: null,
      })
      expect(fresh.status).toBe(200)
      const saved = await w.createEvent(TASTING)
      const before = (await w.owner.get(`${w.base}/events/${saved.id}`)).body
      const moved = await w.owner.patch(`${w.base}/events/${saved.id}`, {
        starts_at: '2030-06-01T18:00',
        ends_at: null,
      })
      expect(moved.status).toBe(200)
      const length = (event: { starts_at: string; ends_at: string }) =>
        Date.parse(event.ends_at) - Date.parse(event.starts_at)
      expect(length(before)).toBeGreaterThan(0)
      expect(length(moved.body)).toBe(length(before))
    })

    test('a custom domain serves the pages at its root, and nothing else', async () => {
      const event = await w.createEvent({ ...TASTING, title: 'Domain tasting' })
      await w.savePage({ published: true, custom_domain: 'CornerBakery.example' })
      const host = { host: 'cornerbakery.example' }
      const home = await w.get('/', host)
      expect(home.status).toBe(200)
      const facts = w.facts(home.text, 'https://cornerbakery.example/')
      expect(facts.canonicalLinks).toEqual(['https://cornerbakery.example/'])
      expect(home.text).toContain('href="https://cornerbakery.example/events/domain-tasting"')
      const page = await w.get('/events/domain-tasting', host)
      expect(page.status).toBe(200)
      expect(
        w.facts(page.text, 'https://cornerbakery.example/events/domain-tasting').canonicalLinks,
      ).toEqual(['https://cornerbakery.example/events/domain-tasting'])
      expect(page.text).toContain(
        'action="https://cornerbakery.example/events/domain-tasting/join"',
      )
      const robots = await w.get('/robots.txt', host)
      expect(robots.text).toContain('Sitemap: https://cornerbakery.example/sitemap.xml')
      expect(robots.text).not.toContain('Disallow: /')
      const sitemap = await w.get('/sitemap.xml', host)
      expect(sitemap.text).toContain('<loc>https://cornerbakery.example/</loc>')
      expect(sitemap.text).toContain(
        '<loc>https://cornerbakery.example/events/domain-tasting</loc>',
      )
      expect((await w.get('/p/assets/nothing.css', host)).status).toBe(404)
      // Not the app, not the API.
      const api = await w.get(`${w.base}/page`, host)
      expect(api.status).toBe(404)
      expect(api.headers.get('content-type')).toContain('text/html')
      // Murmur's own address now points at the domain, and its sitemap leaves the pages out.
      const old = await w.get(`/p/corner-bakery/events/domain-tasting`)
      expect(old.status).toBe(301)
      expect(old.headers.get('location')).toBe('https://cornerbakery.example/events/domain-tasting')
      expect((await w.get('/sitemap.xml')).text).not.toContain('corner-bakery')
      await w.savePage({ custom_domain: null })
      expect((await w.get(w.path(event.url))).status).toBe(200)
    })
  })
}
