import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { issueFormToken } from '../../src/pages/form-token.js'
import { joinEvent } from '../../src/services/attendees.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { testDialects } from '../support/databases.js'
import { htmlProblems } from './validate.js'
import { DAY, type PagesWorld, pagesWorld, TASTING } from './world.js'

const SAM = { name: 'Sam Rivera', email: 'sam@example.com', consent: 'yes' }

for (const dialect of await testDialects()) {
  describe(`${dialect}: joining an event through its page`, () => {
    let w: PagesWorld
    let event: { id: string; slug: string; url: string }
    let path: string

    beforeAll(async () => {
      w = await pagesWorld(dialect)
      await w.savePage({ published: true, contact: { email: 'hello@cornerbakery.example' } })
      event = await w.createEvent({ ...TASTING, capacity: 3 })
      path = w.path(event.url)
    })
    afterAll(() => w.cleanup())

    const attendees = async (eventId = event.id) =>
      (await w.owner.get(`${w.base}/events/${eventId}/attendees`)).body.data as Array<{
        name: string
        email: string
        consent: boolean
        contact_id: string | null
      }>

    test('a visitor joins: 303 to a thank-you page, on the list, and a lead contact', async () => {
      const response = await w.join(path, SAM)
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toBe(`${event.url}/joined`)
      const thanks = await w.get(`${path}/joined`)
      expect(thanks.status).toBe(200)
      expect(thanks.text).toContain('You are on the list')
      expect(w.facts(thanks.text, `${event.url}/joined`).robotsMeta).toEqual(['noindex'])
      expect(htmlProblems(thanks.text)).toEqual([])

      const [attendee] = await attendees()
      expect(attendee).toMatchObject({
        name: 'Sam Rivera',
        email: 'sam@example.com',
        consent: true,
      })
      expect(attendee?.contact_id).toMatch(/^ct_/)
      const contact = await w.owner.get(`${w.base}/contacts/${attendee?.contact_id}`)
      expect(contact.status).toBe(200)
      expect(contact.body).toMatchObject({
        display_name: 'Sam Rivera',
        email: 'sam@example.com',
        stage: 'lead',
      })
      expect(contact.body.tags).toContain('event:winter-bread-tasting')
      const page = await w.get(path)
      expect(page.text).toContain('2 of 3 left')
    })

    test('joining again with the same address (any case) is one attendee, told it worked', async () => {
      const response = await w.join(path, { ...SAM, email: 'SAM@example.com' })
      expect(response.status).toBe(303)
      expect(await attendees()).toHaveLength(1)
      expect((await w.get(path)).text).toContain('2 of 3 left')
    })

    test('bad input is shown again with each problem, the values kept and escaped', async () => {
      const response = await w.join(path, { name: '  ', email: 'not-an-email<b>', consent: '' })
      expect(response.status).toBe(400)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.text).toContain('Please enter your name.')
      expect(response.text).toContain('This does not look like an email address')
      expect(response.text).toContain('Please tick the box')
      expect(response.text).toContain('value="not-an-email&lt;b&gt;"')
      expect(response.text).toContain('aria-invalid="true" aria-describedby="email-error"')
      expect(htmlProblems(response.text)).toEqual([])
      const tooLong = await w.join(path, { ...SAM, name: 'x'.repeat(121) })
      expect(tooLong.status).toBe(400)
      expect(await attendees()).toHaveLength(1)
    })

    test('a bot that fills the hidden field is told it worked, and nothing is kept', async () => {
      const response = await w.join(path, {
        ...SAM,
        email: 'bot@spam.example',
        website: 'https://spam.example',
      })
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toBe(`${event.url}/joined`)
      expect((await attendees()).map((a) => a.email)).not.toContain('bot@spam.example')
    })

    test('without a valid token for this event, or with an old one, the form is refused', async () => {
      const post = (token: string) =>
        w.api.app.request(`${path}/join`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ ...SAM, email: 'forged@example.com', token }).toString(),
        })
      const forged = await post('v1.abc.def.ghi.jkl')
      expect(forged.status).toBe(400)
      expect(await forged.text()).toContain('This form could not be checked')
      const other = await post(issueFormToken(w.murmur.secrets, 'evt_other', w.clock.now))
      expect(other.status).toBe(400)
      const old = await post(issueFormToken(w.murmur.secrets, event.id, w.clock.now - 2 * DAY))
      expect(old.status).toBe(400)
      expect(await old.text()).toContain('This form was open for too long')
      expect(await post(issueFormToken(w.murmur.secrets, event.id, w.clock.now))).toHaveProperty(
        'status',
        303,
      )
    })

    test('a post from another site is refused; from this site it goes through', async () => {
      const cross = await w.join(
        path,
        { ...SAM, email: 'csrf@example.com' },
        {
          origin: 'https://evil.example',
          host: 'murmur.test',
        },
      )
      expect(cross.status).toBe(403)
      expect(cross.text).toContain('This form must be sent from its own page')
      const fetchSite = await w.join(
        path,
        { ...SAM, email: 'csrf@example.com' },
        {
          'sec-fetch-site': 'cross-site',
        },
      )
      expect(fetchSite.status).toBe(403)
      expect((await attendees()).map((a) => a.email)).not.toContain('csrf@example.com')
      const same = await w.join(
        path,
        { ...SAM, email: 'same@example.com' },
        {
          origin: 'http://murmur.test',
          host: 'murmur.test',
          'sec-fetch-site': 'same-origin',
        },
      )
      expect(same.status).toBe(303)
    })

    test('a full event says so, takes no one more, and the last place goes to one person only', async () => {
      // Places: 3; Sam, forged@ (valid token) and same@ joined. Now it is full.
      expect(await attendees()).toHaveLength(3)
      const page = await w.get(path)
      expect(page.text).toContain('<strong>Places:</strong> Full')
      expect(page.text).toContain('This event is full')
      expect(page.text).not.toContain('name="token"')
      // Someone who opened the form before the last place went: their token is still good.
      const token = issueFormToken(w.murmur.secrets, event.id, w.clock.now)
      const response = await w.api.app.request(`${path}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...SAM, email: 'late@example.com', token }).toString(),
      })
      const late = { status: response.status, text: await response.text() }
      expect(late.status).toBe(409)
      expect(late.text).toContain('this event is now full')

      // A fresh event with one place and ten people racing for it.
      const race = await w.createEvent({ ...TASTING, title: 'Masterclass', capacity: 1 })
      const scope = new WorkspaceScope(w.murmur.db, w.workspace.id)
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          joinEvent(w.murmur, scope, race.id, {
            name: `Racer ${i}`,
            email: `racer${i}@example.com`,
            consentText: 'I agree.',
          }),
        ),
      )
      expect(outcomes.filter((o) => o.result === 'joined')).toHaveLength(1)
      expect(outcomes.filter((o) => o.result === 'full')).toHaveLength(9)
      expect(await attendees(race.id)).toHaveLength(1)
      const saved = (await w.owner.get(`${w.base}/events/${race.id}`)).body
      expect(saved).toMatchObject({ attendee_count: 1, spots_left: 0, full: true })
    })

    test('taking someone off the list frees their place', async () => {
      const list = (await w.owner.get(`${w.base}/events/${event.id}/attendees`)).body
        .data as Array<{
        id: string
      }>
      const removed = await w.owner.delete(`${w.base}/events/${event.id}/attendees/${list[0]?.id}`)
      expect(removed.status).toBe(204)
      expect((await w.get(path)).text).toContain('1 of 3 left')
    })

    test('an event that has ended takes no sign-ups', async () => {
      w.clock.now += 30 * DAY
      const page = await w.get(path)
      expect(page.text).toContain('This event has ended.')
      const token = issueFormToken(w.murmur.secrets, event.id, w.clock.now)
      const response = await w.api.app.request(`${path}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...SAM, email: 'after@example.com', token }).toString(),
      })
      expect(response.status).toBe(409)
      expect(await response.text()).toContain('no longer takes sign-ups')
      w.clock.now -= 30 * DAY
    })

    test('the form refuses bodies that are not a small urlencoded form', async () => {
      const json = await w.api.app.request(`${path}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(SAM),
      })
      expect(json.status).toBe(415)
      const huge = await w.api.app.request(`${path}/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `name=${'x'.repeat(40_000)}`,
      })
      expect(huge.status).toBe(413)
      expect(await huge.text()).toContain('The form could not be read')
    })
  })
}
