import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DAY_MS } from '../../src/core/links/visitor.js'
import { clickIdTimePrefix } from '../../src/links/click-ids.js'
import type { PendingClick } from '../../src/links/click-recorder.js'
import { clickWriter } from '../../src/links/click-writer.js'
import { RecentUniques } from '../../src/links/recent-uniques.js'
import { rollUpClicks, rollupBound } from '../../src/links/rollup-job.js'
import { RollupWriter } from '../../src/links/rollup-writer.js'
import { VisitorSalts } from '../../src/links/visitor-salts.js'
import { type StatsQuery, trafficStats } from '../../src/services/link-stats.js'
import { up as backfillCampaignRollups } from '../../src/storage/migrations/0026-campaign-rollups.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { testDialects } from '../support/databases.js'
import { CHROME, IPHONE, trafficWorld } from './support.js'

const dialects = await testDialects()
const START = Date.UTC(2027, 4, 10, 7, 0)
const FROM = START - DAY_MS
const TO = START + 3 * DAY_MS

/** Stored clicks with ids that sort by time, spread over links, hours and a day boundary. */
function makeClicks(count: number, linkIds: string[], from: number, seed: number) {
  const countries = ['FR', 'DE', null]
  return Array.from({ length: count }, (_, i) => {
    const at = from + i * 11 * 60_000
    const bot = (i + seed) % 9 === 0
    return {
      id: `${clickIdTimePrefix(at)}${String(seed).padStart(2, '0')}${String(i).padStart(6, '0')}`,
      link_id: linkIds[(i * 7 + seed) % linkIds.length] as string,
      at,
      visitor_id: `v${i % 13}`,
      referrer_host: i % 4 === 0 ? 'x.com' : null,
      country: bot ? null : (countries[i % 3] ?? null),
      device: bot ? 'bot' : i % 2 ? 'mobile' : 'desktop',
      browser: bot ? null : 'Chrome',
      os: bot ? null : 'Android',
      is_bot: bot ? 1 : 0,
      is_unique: !bot && i % 3 !== 1 ? 1 : 0,
      via_qr: i % 5 === 0 ? 1 : 0,
      rolled: 0,
    }
  })
}

/** Clicks as the redirect buffers them, for the late-click path. */
function pendingClicks(count: number, linkIds: string[], workspaceId: string, from: number) {
  return Array.from(
    { length: count },
    (_, i): PendingClick => ({
      clickId: `${clickIdTimePrefix(from + i * 13 * 60_000)}late${String(i).padStart(4, '0')}`,
      linkId: linkIds[i % linkIds.length] as string,
      workspaceId,
      at: from + i * 13 * 60_000,
      ip: `198.51.100.${i % 7}`,
      userAgent: i % 2 ? IPHONE : CHROME,
      referer: i % 3 ? 'https://x.com/post' : null,
      isBot: i % 8 === 0,
      viaQr: i % 5 === 0,
    }),
  )
}

for (const dialect of dialects) {
  describe(`${dialect}: campaign rollups`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    let scope: WorkspaceScope
    let timeZone: string
    const links = { spring1: '', spring2: '', autumn: '', none: '' }
    const campaignOf = { spring1: 'spring', spring2: 'spring', autumn: 'autumn', none: null }

    beforeAll(async () => {
      w = await trafficWorld(dialect, START)
      scope = new WorkspaceScope(w.t.murmur.db, w.workspace.id)
      timeZone = (
        await w.t.murmur.db
          .selectFrom('workspaces')
          .select('time_zone')
          .where('id', '=', w.workspace.id)
          .executeTakeFirstOrThrow()
      ).time_zone
      for (const name of Object.keys(links) as Array<keyof typeof links>) {
        const campaign = campaignOf[name]
        links[name] = (
          await w.createLink(w.owner, {
            destination: `https://example.com/${name}`,
            ...(campaign && { campaign }),
          })
        ).id
      }
    })
    afterAll(() => w.cleanup())

    const allLinks = () => Object.values(links)
    const db = () => w.t.murmur.db

    /** No clicks, no rollups, every link back in its first campaign. */
    async function reset() {
      await db().deleteFrom('click_rollup_state').execute()
      await scope.deleteFrom('click_hourly').execute()
      await scope.deleteFrom('click_daily').execute()
      await scope.deleteFrom('clicks').execute()
      for (const name of Object.keys(links) as Array<keyof typeof links>)
        await scope
          .updateTable('links')
          .set({ campaign: campaignOf[name] })
          .where('id', '=', links[name])
          .execute()
    }

    /** The job up to a time (by default the end of the first day, where the seeded clicks stop). */
    const rollUp = (upTo = START + DAY_MS) =>
      rollUpClicks(db(), new RollupWriter(), rollupBound(upTo), START, 9)
    const stats = (filter: Partial<Pick<StatsQuery, 'linkIds' | 'campaign' | 'interval'>> = {}) =>
      trafficStats(scope, { from: FROM, to: TO, interval: 'hour', timeZone, top: 50, ...filter })

    /** The campaign read from its own rows equals the sum over its links, hourly and daily. */
    async function expectCampaignIsSumOf(campaign: string, linkIds: string[]) {
      for (const interval of ['hour', 'day'] as const)
        expect(await stats({ campaign, interval })).toEqual(await stats({ linkIds, interval }))
    }

    async function campaignKeys(): Promise<string[]> {
      const keys = new Set<string>()
      for (const table of ['click_hourly', 'click_daily'] as const)
        for (const row of await scope
          .selectFrom(table)
          .select('link_id')
          .where('link_id', 'like', '~%')
          .execute())
          keys.add(row.link_id)
      return [...keys].sort()
    }

    test('after the rollup job, a campaign reads the sum of its links; no campaign, no rows', async () => {
      await reset()
      await scope.insertInto('clicks', makeClicks(80, allLinks(), START, 1)).execute()
      expect(await rollUp()).toBe(80)
      const spring = await stats({ campaign: 'spring' })
      expect(spring.totals.clicks).toBeGreaterThan(0)
      expect(spring.totals.bot_hits).toBeGreaterThan(0)
      await expectCampaignIsSumOf('spring', [links.spring1, links.spring2])
      await expectCampaignIsSumOf('autumn', [links.autumn])
      expect(await campaignKeys()).toEqual(['~campaign:autumn', '~campaign:spring'])
      // The traffic API answers a campaign filter from the same rows.
      const response = await w.owner.get(
        `${w.base}/traffic/stats?campaign=spring&interval=hour&from=${new Date(FROM).toISOString()}&to=${new Date(TO).toISOString()}`,
      )
      expect(response.status).toBe(200)
      expect(response.body.totals).toEqual(spring.totals)
      // With another filter beside it, the campaign's links are read one by one, as before.
      const narrowed = await w.owner.get(
        `${w.base}/traffic/stats?campaign=spring&link_id=${links.spring1}&from=${new Date(FROM).toISOString()}&to=${new Date(TO).toISOString()}`,
      )
      expect(narrowed.body.totals).toEqual((await stats({ linkIds: [links.spring1] })).totals)
    })

    test('late clicks are added to their link’s campaign as they are stored', async () => {
      await reset()
      await scope.insertInto('clicks', makeClicks(30, allLinks(), START, 2)).execute()
      await rollUp()
      const write = clickWriter(
        db(),
        new VisitorSalts(db()),
        new RecentUniques(),
        new RollupWriter(),
        () => Number.MAX_SAFE_INTEGER, // every click is late: the job has passed its time
      )
      await write(pendingClicks(24, allLinks(), w.workspace.id, START + 5 * 60_000))
      const late = await scope.selectFrom('clicks').select('id').where('rolled', '=', 1).execute()
      expect(late).toHaveLength(24)
      expect(await rollUp()).toBe(0)
      const { totals } = await stats()
      expect(totals.clicks + totals.bot_hits).toBe(30 + 24)
      await expectCampaignIsSumOf('spring', [links.spring1, links.spring2])
      await expectCampaignIsSumOf('autumn', [links.autumn])
      expect(await campaignKeys()).toEqual(['~campaign:autumn', '~campaign:spring'])
    })

    test('moving a link to another campaign moves its history exactly', async () => {
      await reset()
      await scope.insertInto('clicks', makeClicks(90, allLinks(), START, 3)).execute()
      await rollUp()
      const whole = await stats()
      const springBefore = await stats({ campaign: 'spring' })
      const moved = await stats({ linkIds: [links.spring1] })
      expect(moved.totals.clicks).toBeGreaterThan(0)

      const response = await w.owner.patch(`${w.base}/links/${links.spring1}`, {
        campaign: 'autumn',
      })
      expect(response.status).toBe(200)
      const springAfter = await stats({ campaign: 'spring' })
      expect(springAfter.totals.clicks).toBe(springBefore.totals.clicks - moved.totals.clicks)
      expect(springAfter.totals.bot_hits).toBe(springBefore.totals.bot_hits - moved.totals.bot_hits)
      await expectCampaignIsSumOf('spring', [links.spring2])
      await expectCampaignIsSumOf('autumn', [links.autumn, links.spring1])
      expect(await stats()).toEqual(whole)

      // New clicks of the moved link go to its new campaign.
      await scope.insertInto('clicks', makeClicks(20, [links.spring1], START + DAY_MS, 4)).execute()
      expect(await rollUp(TO)).toBe(20)
      await expectCampaignIsSumOf('autumn', [links.autumn, links.spring1])
      await expectCampaignIsSumOf('spring', [links.spring2])
      const wholeNow = await stats()

      // Out of every campaign: the campaign it leaves keeps no rows at zero.
      await w.owner.patch(`${w.base}/links/${links.spring2}`, { campaign: null })
      expect(await campaignKeys()).toEqual(['~campaign:autumn'])
      // Into one from none, and an edit that keeps the campaign moves nothing.
      await w.owner.patch(`${w.base}/links/${links.none}`, { campaign: 'spring' })
      await w.owner.patch(`${w.base}/links/${links.none}`, { campaign: 'spring', title: 'Kept' })
      await expectCampaignIsSumOf('spring', [links.none])
      await expectCampaignIsSumOf('autumn', [links.autumn, links.spring1])
      expect(await stats()).toEqual(wholeNow)
    })

    test('migration 0026 makes the campaign rows the writers would have made', async () => {
      await reset()
      await scope.insertInto('clicks', makeClicks(60, allLinks(), START, 5)).execute()
      await rollUp()
      const rows = async () => {
        const hourly = await scope
          .selectFrom('click_hourly')
          .select(['link_id', 'hour', 'clicks', 'unique_clicks', 'bot_hits'])
          .where('link_id', 'like', '~%')
          .execute()
        const daily = await scope
          .selectFrom('click_daily')
          .select(['link_id', 'day', 'dimension', 'value', 'clicks', 'unique_clicks'])
          .where('link_id', 'like', '~%')
          .execute()
        return [...hourly, ...daily]
          .map((row) => JSON.stringify(Object.values(row).map((v) => String(v))))
          .sort()
      }
      const written = await rows()
      expect(written.length).toBeGreaterThan(0)
      // As before the migration: link and workspace rows only.
      await sql`delete from click_hourly where link_id like '~%'`.execute(db())
      await sql`delete from click_daily where link_id like '~%'`.execute(db())
      expect(await rows()).toEqual([])
      await backfillCampaignRollups(db() as never)
      expect(await rows()).toEqual(written)
      await expectCampaignIsSumOf('spring', [links.spring1, links.spring2])
    })
  })
}
