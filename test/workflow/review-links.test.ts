import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { testDialects } from '../support/databases.js'
import { content, createTeamWorld, type TeamWorld } from './world.js'

const DAY = 24 * 3_600_000

/** A same-site form post, as the review page's own form sends it. */
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    origin: 'http://localhost',
    host: 'localhost',
  },
  body: new URLSearchParams(fields).toString(),
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: client review links`, () => {
    let w: TeamWorld
    let postId: string
    const pathOf = (url: string) => new URL(url).pathname
    const page = (path: string, init?: RequestInit) =>
      w.api.app.request(`http://localhost${path}`, init)

    beforeAll(async () => {
      w = await createTeamWorld(dialect)
      const created = await w.editor.post(`${w.base}/posts`, {
        content: content('Winter menu <script>alert(1)</script> & more'),
        channels: [{ channel_id: w.channelId }],
        schedule: { type: 'at', at: new Date(w.clock.now + 5 * DAY).toISOString() },
      })
      postId = created.body.id
    })
    afterAll(() => w.t.cleanup())

    test('a client reads escaped previews and approves by name; the team hears of it', async () => {
      const made = await w.editor.post(`${w.base}/posts/${postId}/review-links`, {
        note: 'For Marie',
      })
      expect(made.status).toBe(201)
      expect(made.body.url).toMatch(/^http:\/\/murmur\.test\/review\//)
      const path = pathOf(made.body.url)

      const shown = await page(path)
      expect(shown.status).toBe(200)
      expect(shown.headers.get('cache-control')).toBe('no-store')
      expect(shown.headers.get('referrer-policy')).toBe('no-referrer')
      expect(shown.headers.get('content-security-policy')).toContain("default-src 'none'")
      const body = await shown.text()
      expect(body).toContain('Bluesky @cornerbakery.bsky.social')
      expect(body).toContain('Winter menu &lt;script&gt;alert(1)&lt;/script&gt; &amp; more')
      expect(body).not.toContain('<script>')
      expect(body).toContain('For Marie')

      const nameless = await page(path, form({ name: ' ', decision: 'approved' }))
      expect(nameless.status).toBe(400)
      expect(await nameless.text()).toContain('Enter your name')
      const silent = await page(path, form({ name: 'Marie', decision: 'changes_requested' }))
      expect(silent.status).toBe(400)
      const crossSite = await page(path, {
        ...form({ name: 'Marie', decision: 'approved' }),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'https://evil.example',
          host: 'localhost',
        },
      })
      expect(crossSite.status).toBe(403)

      const answered = await page(
        path,
        form({ name: 'Marie <b>Dupont</b>', decision: 'approved', comment: 'Looks great' }),
      )
      expect(answered.status).toBe(200)
      const thanks = await answered.text()
      expect(thanks).toContain('Thank you, Marie &lt;b&gt;Dupont&lt;/b&gt;')

      const listed = await w.owner.get(`${w.base}/posts/${postId}/review-links`)
      expect(listed.body.responses).toMatchObject([
        { reviewer_name: 'Marie <b>Dupont</b>', decision: 'approved', comment: 'Looks great' },
      ])
      const told = (await w.owner.get(`${w.base}/notifications`)).body.data
      expect(told[0]).toMatchObject({
        kind: 'review.answered',
        title: 'Marie <b>Dupont</b> approved the post (review link)',
      })
      // The answer is advice: the post still waits for an approver in the workspace.
      const post = await w.owner.get(`${w.base}/posts/${postId}`)
      expect(post.body.state).toBe('needs_approval')
    })

    test('expired links are refused, with the time checked on the server', async () => {
      const made = await w.editor.post(`${w.base}/posts/${postId}/review-links`, { days: 1 })
      const path = pathOf(made.body.url)
      expect((await page(path)).status).toBe(200)
      w.clock.advance(DAY)
      const expired = await page(path)
      expect(expired.status).toBe(410)
      const text = await expired.text()
      expect(text).toContain('expired')
      expect(text).not.toContain('Winter menu')
      const late = await page(path, form({ name: 'Marie', decision: 'approved' }))
      expect(late.status).toBe(410)
    })

    test('revoked links stop at once; tampered or foreign tokens show nothing', async () => {
      const made = await w.editor.post(`${w.base}/posts/${postId}/review-links`, {})
      const path = pathOf(made.body.url)
      const revoked = await w.editor.delete(
        `${w.base}/posts/${postId}/review-links/${made.body.id}`,
      )
      expect(revoked.status).toBe(204)
      const gone = await page(path)
      expect(gone.status).toBe(410)
      expect(await gone.text()).toContain('withdrawn')

      const fresh = await w.editor.post(`${w.base}/posts/${postId}/review-links`, {})
      const token = pathOf(fresh.body.url).slice('/review/'.length)
      const flipped = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`
      for (const bad of [
        flipped,
        'not-a-token',
        `${token}x`,
        token.split('.').slice(0, 3).join('.'),
      ]) {
        const response = await page(`/review/${encodeURIComponent(bad)}`)
        expect(response.status).toBe(404)
        expect(await response.text()).not.toContain('Winter menu')
      }
      // A token sealed by another Murmur (another master key) is refused the same way.
      const foreign = `v1.abcdefgh.${'A'.repeat(16)}.${'A'.repeat(22)}.${'A'.repeat(40)}`
      expect((await page(`/review/${foreign}`)).status).toBe(404)

      const unknownLink = await w.editor.delete(
        `${w.base}/posts/${postId}/review-links/rvl_unknown`,
      )
      expect(unknownLink.status).toBe(404)
      const tooLong = await w.editor.post(`${w.base}/posts/${postId}/review-links`, { days: 31 })
      expect(tooLong.status).toBe(400)
    })
  })
}
