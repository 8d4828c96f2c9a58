import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HOUR_MS } from '../../src/core/links/visitor.js'
import { clickIdTimePrefix } from '../../src/links/click-ids.js'
import type { RollupSums } from '../../src/links/click-rows.js'
import { rollUpClicks, rollupBound } from '../../src/links/rollup-job.js'
import { RollupWriter } from '../../src/links/rollup-writer.js'
import type { Storage } from '../../src/storage/dialect.js'
import { openPostgres } from '../../src/storage/postgres.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import { postgresUrl, testDialects } from '../support/databases.js'
import { trafficWorld } from './support.js'

const dialects = await testDialects()
const START = Date.UTC(2027, 4, 10, 7, 0)

/** Clicks as the redirect stores them, with ids that sort by time; `seed` varies the mix. */
function makeClicks(count: number, linkIds: string[], from: number, seed: number) {
  const countries = ['FR', 'DE', null]
  return Array.from({ length: count }, (_, i) => {
    const at = from + i * 7 * 60_000 // every 7 minutes: several hours and a day boundary
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
type Click = ReturnType<typeof makeClicks>[number]

/** What the rollups must hold, summed the plain way. */
function expected(clicks: Click[]) {
  const hourly = new Map<string, [number, number, number]>()
  const countries = new Map<string, [number, number]>()
  for (const click of clicks) {
    const hour = Math.floor(click.at / HOUR_MS) * HOUR_MS
    const day = Math.floor(click.at / 86_400_000) * 86_400_000
    for (const link of [click.link_id, '']) {
      const h = hourly.get(`${link}|${hour}`) ?? [0, 0, 0]
      if (click.is_bot) h[2]++
      else {
        h[0]++
        h[1] += click.is_unique
        const key = `${link}|${day}|${click.country ?? 'unknown'}`
        const c = countries.get(key) ?? [0, 0]
        c[0]++
        c[1] += click.is_unique
        countries.set(key, c)
      }
      hourly.set(`${link}|${hour}`, h)
    }
  }
  return { hourly, countries }
}

async function stored(scope: WorkspaceScope) {
  const hourly = new Map<string, [number, number, number]>()
  for (const row of await scope
    .selectFrom('click_hourly')
    .select(['link_id', 'hour', 'clicks', 'unique_clicks', 'bot_hits'])
    .execute())
    hourly.set(`${row.link_id}|${Number(row.hour)}`, [
      Number(row.clicks),
      Number(row.unique_clicks),
      Number(row.bot_hits),
    ])
  const countries = new Map<string, [number, number]>()
  for (const row of await scope
    .selectFrom('click_daily')
    .select(['link_id', 'day', 'value', 'clicks', 'unique_clicks'])
    .where('dimension', '=', 'country')
    .execute())
    countries.set(`${row.link_id}|${Number(row.day)}|${row.value}`, [
      Number(row.clicks),
      Number(row.unique_clicks),
    ])
  return { hourly, countries }
}

/** A rollup writer that fails on its nth batch, as a process that dies mid-batch would. */
class FailingWriter extends RollupWriter {
  calls = 0
  constructor(private readonly failOn: number) {
    super()
  }
  override async addSums(
    sums: RollupSums,
    scopeOf: (workspaceId: string) => WorkspaceScope,
  ): Promise<void> {
    this.calls++
    await super.addSums(sums, scopeOf)
    if (this.calls === this.failOn) throw new Error('the process died')
  }
}

for (const dialect of dialects) {
  describe(`${dialect}: the rollup job`, () => {
    let w: Awaited<ReturnType<typeof trafficWorld>>
    let scope: WorkspaceScope
    let linkIds: string[]
    beforeAll(async () => {
      w = await trafficWorld(dialect, START)
      scope = new WorkspaceScope(w.t.murmur.db, w.workspace.id)
      linkIds = []
      for (const name of ['a', 'b', 'c']) {
        linkIds.push(
          (await w.createLink(w.owner, { destination: `https://example.com/${name}` })).id,
        )
      }
    })
    afterAll(() => w.cleanup())

    const reset = async () => {
      await w.t.murmur.db.deleteFrom('click_rollup_state').execute()
      await scope.deleteFrom('click_hourly').execute()
      await scope.deleteFrom('click_daily').execute()
      await scope.deleteFrom('clicks').execute()
    }

    test('sums a backlog in batches: every click once, bots apart, clicks already rolled skipped', async () => {
      await reset()
      const clicks = makeClicks(40, linkIds, START, 1)
      const late = makeClicks(5, linkIds, START + 30_000, 2).map((c) => ({ ...c, rolled: 1 }))
      await scope.insertInto('clicks', [...clicks, ...late]).execute()
      const bound = rollupBound(START + 10 * HOUR_MS)
      const summed = await rollUpClicks(w.t.murmur.db, new RollupWriter(), bound, START, 7)
      expect(summed).toBe(40)
      expect(await stored(scope)).toEqual(expected(clicks))
      // Again: nothing new, nothing added twice.
      expect(await rollUpClicks(w.t.murmur.db, new RollupWriter(), bound, START, 7)).toBe(0)
      expect(await stored(scope)).toEqual(expected(clicks))
    })

    test('a process that dies mid-batch loses nothing: the next run sums what is left, once', async () => {
      await reset()
      const clicks = makeClicks(30, linkIds, START, 3)
      await scope.insertInto('clicks', clicks).execute()
      const bound = rollupBound(START + 10 * HOUR_MS)
      const failing = new FailingWriter(3)
      await expect(rollUpClicks(w.t.murmur.db, failing, bound, START, 4)).rejects.toThrow(
        'the process died',
      )
      // Two batches of four committed; the third rolled back.
      expect(await stored(scope)).toEqual(expected(clicks.slice(0, 8)))
      expect(await rollUpClicks(w.t.murmur.db, new RollupWriter(), bound, START, 4)).toBe(22)
      expect(await stored(scope)).toEqual(expected(clicks))
    })

    test('several processes at once share the backlog and sum each click once', async () => {
      await reset()
      const clicks = makeClicks(60, linkIds, START, 4)
      await scope.insertInto('clicks', clicks).execute()
      const bound = rollupBound(START + 10 * HOUR_MS)
      // On PostgreSQL, other connection pools to the same database, as other worker processes
      // hold. SQLite connections block the thread while they wait for the write lock, so two in
      // one process would stall each other: there the runs share the connection, whose
      // transactions take turns, and interleave batch by batch.
      const storage = w.t.murmur.storage
      const others: Storage[] = []
      if (storage.kind === 'postgres') {
        const schema = await sql<{ schema: string }>`select current_schema() as schema`.execute(
          w.t.murmur.db,
        )
        for (let i = 0; i < 2; i++)
          others.push(
            await openPostgres({ url: postgresUrl(), schema: schema.rows[0]?.schema ?? 'public' }),
          )
      }
      const dbs =
        storage.kind === 'postgres' ? others.map((o) => o.db) : [w.t.murmur.db, w.t.murmur.db]
      try {
        const counts = await Promise.all(
          [w.t.murmur.db, ...dbs].map((db) =>
            rollUpClicks(db, new RollupWriter(), bound, START, 5),
          ),
        )
        expect(counts.reduce((a, b) => a + b, 0)).toBe(60)
      } finally {
        for (const other of others) await other.close()
      }
      expect(await stored(scope)).toEqual(expected(clicks))
    })
  })
}
