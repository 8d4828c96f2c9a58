import { DomUtils, parseDocument } from 'htmlparser2'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { apiFor, setUpOwner } from '../support/api.js'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'
import { htmlProblems, jsonLdBlocks } from './validate.js'

const HOSTILE = `Bad </title><script>alert(1)</script> "><img src=x onerror=alert(2)> ' onmouseover='x' & </script>`
const ALLOWED = new Set(
  'html head meta title link style script body div header main footer nav section h1 h2 p a img ul li dl dt dd address br span strong time form input label button'.split(
    ' ',
  ),
)

/** Every element and attribute of a page: only the ones our templates write, no handlers. */
function markupProblems(html: string): string[] {
  const problems: string[] = []
  const document = parseDocument(html)
  for (const element of DomUtils.findAll(() => true, document.children)) {
    if (!ALLOWED.has(element.name)) problems.push(`<${element.name}>`)
    for (const name of Object.keys(element.attribs))
      if (name.startsWith('on') || name === 'src"' || name.includes("'"))
        problems.push(`${element.name}[${name}]`)
    if (element.name === 'script' && element.attribs.type !== 'application/ld+json')
      problems.push('a script that is not JSON-LD')
    if (element.name === 'img' && element.attribs.src === 'x') problems.push('injected img')
  }
  return problems
}

for (const dialect of await testDialects()) {
  describe(`${dialect}: hostile text is shown as text everywhere`, () => {
    let t: TestMurmur
    let api: ReturnType<typeof apiFor>
    let base: string
    let eventUrl: string
    let eventId: string

    beforeAll(async () => {
      t = await createTestMurmur(dialect)
      api = apiFor(t.murmur)
      const setUp = await setUpOwner(api, { email: 'owner@evil.example', workspace_name: HOSTILE })
      base = `/api/v1/workspaces/${setUp.workspace.id}`
      const owner = setUp.owner
      const page = await owner.request('PUT', `${base}/page`, {
        published: true,
        description: HOSTILE,
        seo_title: HOSTILE.slice(0, 70),
        hours_note: HOSTILE,
        contact: { street: HOSTILE, locality: HOSTILE, email: 'a@b.example' },
        links: [
          {
            label: HOSTILE.slice(0, 80),
            url: 'https://example.com/?q="><script>alert(3)</script>',
          },
        ],
      })
      expect(page.status, page.text).toBe(200)
      const event = await owner.post(`${base}/events`, {
        title: HOSTILE,
        description: HOSTILE,
        starts_at: '2027-05-01T18:00',
        place: { name: HOSTILE, street: HOSTILE, locality: 'Paris' },
        image_url: 'https://img.example/a.jpg?x="><script>',
        image_alt: HOSTILE,
        capacity: 5,
        status: 'published',
      })
      expect(event.status, event.text).toBe(201)
      eventUrl = new URL(event.body.url).pathname
      eventId = event.body.id
      const form = await api.app.request(eventUrl)
      const token = /name="token" value="([^"]*)"/.exec(await form.text())?.[1] ?? ''
      const joined = await api.app.request(`${eventUrl}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token,
          name: HOSTILE,
          email: 'x@evil.example',
          consent: 'yes',
        }).toString(),
      })
      expect(joined.status).toBe(303)
    })
    afterAll(() => t.cleanup())

    test('the home page, event page, thank-you and 404 pages carry no injected markup', async () => {
      const slug = eventUrl.split('/')[2]
      for (const path of [`/p/${slug}`, eventUrl, `${eventUrl}/joined`, `/p/${slug}/nope`]) {
        const response = await api.app.request(path)
        const html = await response.text()
        expect(markupProblems(html), path).toEqual([])
        expect(htmlProblems(html), path).toEqual([])
        expect(html).not.toContain('<script>alert')
      }
      const home = await (await api.app.request(`/p/${slug}`)).text()
      expect(home).toContain('Bad &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;')
      const [business] = jsonLdBlocks(home)
      expect(business?.name).toBe(HOSTILE.trim())
      const [event] = jsonLdBlocks(await (await api.app.request(eventUrl)).text())
      expect(event?.name).toBe(HOSTILE.trim())
    })

    test('the preview card, the calendar file and the CSV keep the text inert', async () => {
      const page = await (await api.app.request(eventUrl)).text()
      const image = /property="og:image" content="([^"]+)"/.exec(page)?.[1] ?? ''
      expect(image).toContain('img.example')
      const home = await (await api.app.request(`/p/${eventUrl.split('/')[2]}`)).text()
      const card = /property="og:image" content="([^"]+)"/.exec(home)?.[1] ?? ''
      const rendered = await api.app.request(new URL(card).pathname)
      expect(rendered.status).toBe(200)
      expect(rendered.headers.get('content-type')).toBe('image/jpeg')

      const ics = await (await api.app.request(`${eventUrl}/calendar.ics`)).text()
      const lines = ics.replace(/\r\n /g, '').split('\r\n')
      const summary = lines.find((line) => line.startsWith('SUMMARY:'))
      expect(summary).toBe(`SUMMARY:${HOSTILE.trim().replace(/[\\;,]/g, (c) => `\\${c}`)}`)
      expect(lines.find((line) => line.startsWith('ORGANIZER'))).toMatch(
        /^ORGANIZER;CN="Bad <\/title><script>alert\(1\)<\/script> ><img src=x onerror=alert\(2\)> ' onmouseover='x' & <\/script>":mailto:a@b\.example/,
      )

      const owner = api.client()
      await owner.post('/api/v1/session', {
        email: 'owner@evil.example',
        password: 'correct horse battery',
      })
      const csv = await owner.get(`${base}/events/${eventId}/attendees.csv`)
      const row = csv.text.split('\r\n')[1] ?? ''
      expect(row.startsWith(`"${HOSTILE.trim().replace(/"/g, '""')}",x@evil.example,yes,`)).toBe(
        true,
      )
    })
  })
}
