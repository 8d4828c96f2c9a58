import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { bestTimeGrid } from '../../src/core/metrics/best-time.js'
import { testDialects } from '../support/databases.js'
import { createMetricsWorld, DAY, HOUR, type MetricsWorld } from './world.js'

/** Monday 2027-01-04 00:00 in Paris (UTC+1 in winter). */
const MONDAY = Date.UTC(2027, 0, 3, 23, 0)
const WEEK = 7 * DAY

describe('best-time grid', () => {
  test('median per weekday × hour with the count behind it; thin cells are not suggested', () => {
    const { cells, suggested } = bestTimeGrid(
      [
        { weekday: 2, hour: 18, value: 0.1 },
        { weekday: 2, hour: 18, value: 0.2 },
        { weekday: 2, hour: 18, value: 0.9 },
        { weekday: 5, hour: 12, value: 5 },
        { weekday: 1, hour: 9, value: 0.05 },
        { weekday: 1, hour: 9, value: 0.01 },
        { weekday: 1, hour: 9, value: 0.03 },
      ],
      3,
    )
    expect(cells).toHaveLength(7 * 24)
    expect(cells.find((c) => c.weekday === 2 && c.hour === 18)).toEqual({
      weekday: 2,
      hour: 18,
      posts: 3,
      median: 0.2,
      enough: true,
    })
    expect(cells.find((c) => c.weekday === 5 && c.hour === 12)).toMatchObject({ enough: false })
    expect(suggested.map((c) => [c.weekday, c.hour])).toEqual([
      [2, 18],
      [1, 9],
    ])
  })
})

for (const dialect of await testDialects()) {
  describe(`${dialect}: best time to post`, () => {
    let w: MetricsWorld
    let channel: string
    beforeEach(async () => {
      w = await createMetricsWorld(dialect, 'x')
      channel = await w.addChannel('cornerbakery', 'x')
    })
    afterEach(() => w.cleanup())

    const seed = async (at: number, engagements: number, impressions: number) => {
      const post = await w.publish({ channelId: channel, publishedAt: at })
      w.fake.setMetrics(post.remoteId, { likes: engagements, impressions })
    }

    test('finds the known best slot of a seeded history, in the workspace time zone', async () => {
      for (let week = 0; week < 6; week++) {
        const monday = MONDAY + week * WEEK
        await seed(monday + DAY + 18 * HOUR, 80 + week, 1000) // Tuesday 18:00 Paris: ~8%
        await seed(monday + 9 * HOUR, 10, 1000) // Monday 09:00: 1%
        await seed(monday + 3 * DAY + 12 * HOUR, 30, 1000) // Thursday 12:00: 3%
      }
      await seed(MONDAY + 4 * DAY + 7 * HOUR, 900, 1000) // one viral Friday: too thin to trust
      w.clock.now = MONDAY + 8 * WEEK
      await w.owner.post(`${w.base}/metrics/sync`, {})
      const { status, body } = await w.owner.get(`${w.base}/analytics/best-time`)
      expect(status).toBe(200)
      expect(body).toMatchObject({ measure: 'engagement_rate', posts: 19, has_history: true })
      expect(body.time_zone).toBe('Europe/Paris')
      expect(body.computation).toMatch(/Median engagement rate/)
      expect(
        body.suggested.map((c: { weekday: number; hour: number }) => [c.weekday, c.hour]),
      ).toEqual([
        [2, 18],
        [4, 12],
        [1, 9],
      ])
      const tuesday = body.cells.find(
        (c: { weekday: number; hour: number }) => c.weekday === 2 && c.hour === 18,
      )
      expect(tuesday.posts).toBe(6)
      expect(tuesday.median).toBeCloseTo(0.0825)
      const friday = body.cells.find(
        (c: { weekday: number; hour: number }) => c.weekday === 5 && c.hour === 7,
      )
      expect(friday).toMatchObject({ posts: 1, enough: false })
      expect(body.general_recommendations).toEqual([])
    })

    test('with no history it says so and offers general times, labelled as such', async () => {
      const { body } = await w.owner.get(`${w.base}/analytics/best-time`)
      expect(body).toMatchObject({ posts: 0, has_history: false, suggested: [] })
      expect(body.general_recommendations).toEqual([
        {
          network: 'x',
          label: 'General recommendation for X, not from your data',
          times: expect.any(String),
        },
      ])
    })
  })
}
