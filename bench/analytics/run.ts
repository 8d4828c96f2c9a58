// Link statistics over a large click table: the dashboard's queries (rollups, src/services/link-stats.ts)
// against the same questions asked of the raw clicks, side by side in the same run.
//   npx tsx bench/analytics/run.ts [--clicks 10000000] [--db sqlite|postgres] [--runs 5] [--raw-runs 5]
//     [--links 500] [--keep] [--reuse <data dir or schema printed by --keep>]
// --keep leaves the seeded, rolled-up database in place; --reuse times the widgets on it again
// without seeding (10 million clicks take a while to store and sum on a busy machine).
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { sql } from 'kysely'
import { loadConfig } from '../../src/config.js'
import { DAY_MS, HOUR_MS } from '../../src/core/links/visitor.js'
import { clickIdTimePrefix } from '../../src/links/click-ids.js'
import { DIMENSIONS } from '../../src/links/click-rows.js'
import { rollUpClicks, rollupBound } from '../../src/links/rollup-job.js'
import { RollupWriter } from '../../src/links/rollup-writer.js'
import { createLogger } from '../../src/logger.js'
import { createMurmur } from '../../src/murmur.js'
import { createUser } from '../../src/services/accounts.js'
import {
  type StatsQuery,
  statsFilterFor,
  type TrafficStats,
  trafficStats,
} from '../../src/services/link-stats.js'
import { trafficOverview } from '../../src/services/traffic-overview.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback
}
const CLICKS = Number(arg('clicks', '10000000'))
const DB = arg('db', 'sqlite') as 'sqlite' | 'postgres'
const RUNS = Number(arg('runs', '5'))
const RAW_RUNS = Number(arg('raw-runs', String(RUNS)))
const KEEP = process.argv.includes('--keep')
const REUSE = arg('reuse', '')
const LINKS = Number(arg('links', '500'))
const DAYS = 90
const BATCH = 50_000
/** Clicks per seeding transaction (SQLite); PostgreSQL commits each BATCH. */
const SQLITE_TRANSACTION = 500_000

/** A seeded generator, so every run stores the same clicks. */
function rng(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

const dataDir =
  DB === 'sqlite' && REUSE ? REUSE : mkdtempSync(join(tmpdir(), 'murmur-bench-analytics-'))
const schema = DB === 'postgres' ? REUSE || `bench_analytics_${Date.now().toString(36)}` : undefined
const config = loadConfig(
  {
    ...process.env,
    MURMUR_DATA_DIR: dataDir,
    ...(DB === 'postgres' && {
      DATABASE_URL:
        process.env.MURMUR_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    }),
  },
  { logLevel: 'warn', serveWebApp: false },
)
const end = Date.UTC(2027, 2, 31)
const start = end - DAYS * DAY_MS
const murmur = await createMurmur(config, createLogger('warn', false), {
  ...(schema && { postgresSchema: schema }),
  now: () => end,
})
const db = murmur.db
const COUNTRIES = ['FR', 'DE', 'US', 'GB', 'ES', 'IT', 'NL', 'BE', 'CH', null]
const DEVICES = ['mobile', 'mobile', 'mobile', 'desktop', 'tablet', 'other']
const BROWSERS = ['Mobile Safari', 'Chrome', 'Chrome Mobile', 'Firefox', 'Samsung Internet', null]
const SYSTEMS = ['iOS', 'Android', 'Windows', 'Mac OS', 'Linux', null]
const REFERRERS = ['instagram.com', 'facebook.com', 'x.com', 'linkedin.com', 'bsky.app', null, null]
const pick = <T>(list: readonly T[], r: number) => list[Math.floor(r * list.length)] as T

type SeedRow = {
  id: string
  link_id: string
  at: number
  visitor_id: string
  referrer_host: string | null
  country: string | null
  device: string
  browser: string | null
  os: string | null
  is_bot: number
  is_unique: number
  via_qr: number
  rolled: number
}
const COLUMNS = [
  'id',
  'link_id',
  'at',
  'visitor_id',
  'referrer_host',
  'country',
  'device',
  'browser',
  'os',
  'is_bot',
  'is_unique',
  'via_qr',
  'rolled',
] as const

/** A workspace with LINKS links and CLICKS clicks, summed by the real rollup job. */
async function seed(): Promise<{ workspaceId: string; linkIds: string[] }> {
  const user = await createUser(murmur, {
    email: 'bench@murmur.example',
    password: 'correct horse battery',
  })
  const workspace = await createWorkspace(murmur, {
    name: 'Bench',
    timeZone: 'Europe/Paris',
    ownerId: user.id,
  })
  const scope = new WorkspaceScope(db, workspace.id)
  // Links in 20 campaigns; a steep popularity curve, as real links have.
  const linkIds: string[] = []
  for (let i = 0; i < LINKS; i += 500) {
    const rows = []
    for (let j = i; j < Math.min(LINKS, i + 500); j++) {
      const id = `lnk_bench${String(j).padStart(6, '0')}`
      linkIds.push(id)
      rows.push({
        id,
        domain: '',
        code: `bench${j}`,
        destination: `https://shop.example/p/${j}`,
        campaign: `campaign-${j % 20}`,
        track_conversions: 1,
        created_at: start,
        updated_at: start,
      })
    }
    await scope.insertInto('links', rows).execute()
  }

  // Seeding goes around Kysely (a prepared statement in big transactions on SQLite, arrays
  // through unnest on PostgreSQL): it is the setup, not what is measured.
  const sqlite =
    murmur.storage.kind === 'sqlite' ? new Database(murmur.storage.location) : undefined
  sqlite?.pragma('synchronous = OFF') // a bench database: a crash only loses the bench
  sqlite?.pragma('busy_timeout = 30000')
  const sqliteInsert = sqlite?.prepare(
    `insert into clicks (workspace_id, ${COLUMNS.join(', ')}) values (?, ${COLUMNS.map(() => '?').join(', ')})`,
  )
  const sqliteBatch = sqlite?.transaction((batches: SeedRow[][]) => {
    for (const rows of batches)
      for (const row of rows) sqliteInsert?.run(workspace.id, ...COLUMNS.map((c) => row[c]))
  })
  let pending: SeedRow[][] = []
  let pendingRows = 0
  async function insertClicks(rows: SeedRow[], last: boolean): Promise<void> {
    if (sqliteBatch) {
      pending.push(rows)
      pendingRows += rows.length
      if (pendingRows >= SQLITE_TRANSACTION || last) {
        sqliteBatch(pending)
        pending = []
        pendingRows = 0
      }
      return
    }
    const column = (c: (typeof COLUMNS)[number]) => rows.map((r) => r[c])
    await sql`insert into clicks (workspace_id, id, link_id, at, visitor_id, referrer_host, country, device, browser, os, is_bot, is_unique, via_qr, rolled)
      select ${workspace.id}, * from unnest(${column('id')}::text[], ${column('link_id')}::text[], ${column('at')}::bigint[], ${column('visitor_id')}::text[], ${column('referrer_host')}::text[], ${column('country')}::text[], ${column('device')}::text[], ${column('browser')}::text[], ${column('os')}::text[], ${column('is_bot')}::int[], ${column('is_unique')}::int[], ${column('via_qr')}::int[], ${column('rolled')}::int[])`.execute(
      db,
    )
  }

  const seedStarted = performance.now()
  const random = rng(7)
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz'
  let stored = 0
  let reported = 0
  while (stored < CLICKS) {
    const n = Math.min(BATCH, CLICKS - stored)
    const rows: SeedRow[] = []
    for (let k = 0; k < n; k++) {
      const i = stored + k
      // Time grows with i (ids sort by time, as the redirect makes them), with a daily rhythm.
      const at = start + Math.floor((i / CLICKS) * DAYS * DAY_MS)
      let suffix = ''
      for (let c = 0; c < 8; c++) suffix += alphabet[Math.floor(random() * 32)]
      const bot = random() < 0.08
      rows.push({
        id: clickIdTimePrefix(at) + suffix,
        link_id: linkIds[Math.floor(LINKS * random() ** 3)] as string,
        at,
        visitor_id: `v${Math.floor(random() * 400_000)}`,
        referrer_host: pick(REFERRERS, random()),
        country: pick(COUNTRIES, random()),
        device: bot ? 'other' : pick(DEVICES, random()),
        browser: bot ? null : pick(BROWSERS, random()),
        os: bot ? null : pick(SYSTEMS, random()),
        is_bot: bot ? 1 : 0,
        is_unique: !bot && random() < 0.7 ? 1 : 0,
        via_qr: random() < 0.05 ? 1 : 0,
        rolled: 0,
      })
    }
    stored += n
    await insertClicks(rows, stored === CLICKS)
    if (stored - reported >= 500_000 || stored === CLICKS) {
      reported = stored
      const seconds = (performance.now() - seedStarted) / 1000
      console.log(
        `  stored ${stored.toLocaleString('en')} clicks (${seconds.toFixed(0)} s, ${Math.round(stored / seconds).toLocaleString('en')}/s)`,
      )
    }
  }
  sqlite?.close()
  const rollStarted = performance.now()
  // The real job, in its own batches (each a transaction), as the server runs it after a backlog.
  const rolled = await rollUpClicks(db, new RollupWriter(), rollupBound(end + HOUR_MS), end)
  console.log(
    `  ${rolled.toLocaleString('en')} clicks summed by the rollup job in ${((performance.now() - rollStarted) / 1000).toFixed(1)} s`,
  )
  return { workspaceId: workspace.id, linkIds }
}

console.log(
  `analytics benchmark: ${DB}, ${REUSE ? `reusing ${REUSE}` : `${CLICKS.toLocaleString('en')} clicks`} over ${DAYS} days, ${LINKS} links, one workspace (load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})`,
)
const seeded = REUSE
  ? {
      workspaceId: (await db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id,
      linkIds: (await db.selectFrom('links').select('id').orderBy('id').execute()).map((l) => l.id),
    }
  : await seed()
const scope = new WorkspaceScope(db, seeded.workspaceId)
const totalClicks = REUSE
  ? Number(
      (
        await scope
          .selectFrom('clicks')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  : CLICKS
const linkIds = seeded.linkIds
const campaignOf = linkIds.map((_, j) => `campaign-${j % 20}`)
// The job's upserts leave dead row versions behind, which autovacuum clears in a live database.
if (DB === 'postgres')
  await sql`vacuum analyze clicks, click_hourly, click_daily, links`.execute(db)

/**
 * The same answer as trafficStats, computed from the raw clicks (what a dashboard without rollups
 * does); a campaign's clicks are those of its links (`linkIds`).
 */
async function naiveStats(
  query: StatsQuery,
  linkIds = query.linkIds,
): Promise<
  Pick<TrafficStats, 'totals'> & {
    top: Record<string, Array<{ value: string; clicks: number }>>
    hours: number
  }
> {
  let base = scope.selectFrom('clicks').where('at', '>=', query.from).where('at', '<', query.to)
  if (linkIds) base = base.where('link_id', 'in', linkIds)
  const hour = sql<number>`(${sql.ref('at')} / 3600000) * 3600000`
  const hours = await base
    .select((eb) => [
      hour.as('hour'),
      sql<number>`sum(case when is_bot = 0 then 1 else 0 end)`.as('clicks'),
      eb.fn.sum<number>('is_unique').as('unique_clicks'),
      eb.fn.sum<number>('is_bot').as('bot_hits'),
    ])
    .groupBy(hour)
    .execute()
  const totals = { clicks: 0, unique_clicks: 0, bot_hits: 0 }
  for (const row of hours) {
    totals.clicks += Number(row.clicks)
    totals.unique_clicks += Number(row.unique_clicks)
    totals.bot_hits += Number(row.bot_hits)
  }
  const columns = {
    country: sql<string>`coalesce(country, 'unknown')`,
    device: sql<string>`device`,
    browser: sql<string>`coalesce(browser, 'unknown')`,
    os: sql<string>`coalesce(os, 'unknown')`,
    referrer: sql<string>`coalesce(referrer_host, 'direct')`,
    via: sql<string>`case when via_qr = 1 then 'qr' else 'link' end`,
  }
  const top: Record<string, Array<{ value: string; clicks: number }>> = {}
  for (const dimension of DIMENSIONS) {
    const rows = await base
      .select((eb) => [columns[dimension].as('value'), eb.fn.countAll<number>().as('clicks')])
      .where('is_bot', '=', 0)
      .groupBy(columns[dimension])
      .orderBy('clicks', 'desc')
      .limit(10)
      .execute()
    top[dimension] = rows.map((r) => ({ value: r.value, clicks: Number(r.clicks) }))
  }
  return { totals, top, hours: hours.length }
}

async function time<T>(work: () => Promise<T>, runs = RUNS): Promise<{ ms: number; result: T }> {
  let result = await work() // warm the cache once
  const times: number[] = []
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now()
    result = await work()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return { ms: times[Math.floor(times.length / 2)] as number, result }
}

const campaignLinks = linkIds.filter((_, i) => campaignOf[i] === 'campaign-3')
const widgets: Array<{ name: string; query: StatsQuery; rawLinkIds?: string[] }> = [
  {
    name: 'workspace, last 30 days, daily',
    query: { from: end - 30 * DAY_MS, to: end, interval: 'day', timeZone: 'Europe/Paris' },
  },
  {
    name: 'workspace, 90 days, daily',
    query: { from: start, to: end, interval: 'day', timeZone: 'Europe/Paris' },
  },
  {
    name: 'workspace, last 7 days, hourly',
    query: { from: end - 7 * DAY_MS, to: end, interval: 'hour', timeZone: 'Europe/Paris' },
  },
  {
    name: 'top link, last 30 days',
    query: {
      from: end - 30 * DAY_MS,
      to: end,
      interval: 'day',
      timeZone: 'Europe/Paris',
      linkIds: [linkIds[0] as string],
    },
  },
  {
    name: `campaign (${campaignLinks.length} links), 30 days`,
    query: {
      from: end - 30 * DAY_MS,
      to: end,
      interval: 'day',
      timeZone: 'Europe/Paris',
      // What the traffic API asks for a campaign filter: the campaign's own rollup rows.
      ...(await statsFilterFor(scope, { campaign: 'campaign-3' })),
    },
    rawLinkIds: campaignLinks,
  },
]

console.log(
  'widget                                   rollups ms   raw ms    ratio   clicks (both agree)',
)
/** A top list as text, ordered by value: ties may come in either order. */
const byValue = (list: Array<{ value: string; clicks: number }>) =>
  JSON.stringify(list.map((c) => [c.value, c.clicks]).sort())
const ratios: number[] = []
let worst = 0
let agree = true
for (const widget of widgets) {
  const fast = await time(() => trafficStats(scope, widget.query))
  const slow = await time(() => naiveStats(widget.query, widget.rawLinkIds), RAW_RUNS)
  const same =
    fast.result.totals.clicks === slow.result.totals.clicks &&
    fast.result.totals.unique_clicks === slow.result.totals.unique_clicks &&
    fast.result.totals.bot_hits === slow.result.totals.bot_hits &&
    byValue(fast.result.top.country) === byValue(slow.result.top.country ?? [])
  agree &&= same
  const ratio = slow.ms / fast.ms
  ratios.push(ratio)
  worst = Math.max(worst, fast.ms)
  console.log(
    `${widget.name.padEnd(40)} ${fast.ms.toFixed(1).padStart(10)} ${slow.ms.toFixed(1).padStart(8)} ${ratio.toFixed(1).padStart(8)}×  ${fast.result.totals.clicks.toLocaleString('en')} ${same ? '(same)' : `(DIFFER: raw ${slow.result.totals.clicks})`}`,
  )
}

// The Traffic page asks for everything at once (GET …/traffic/overview: the series and top lists
// above, plus top links and posts, conversions and the funnel): timed whole, with the raw
// question for its own part (clicks per link) beside it.
for (const days of [30, 90]) {
  const from = days === 90 ? start : end - days * DAY_MS
  const page = await time(() =>
    trafficOverview(scope, { from, to: end, interval: 'day', timeZone: 'Europe/Paris', top: 10 }),
  )
  const raw = await time(
    () =>
      scope
        .selectFrom('clicks')
        .select((eb) => ['link_id', eb.fn.countAll<number>().as('clicks')])
        .where('at', '>=', from)
        .where('at', '<', end)
        .where('is_bot', '=', 0)
        .groupBy('link_id')
        .orderBy('clicks', 'desc')
        .limit(10)
        .execute(),
    RAW_RUNS,
  )
  const sameTop = page.result.top_links[0]?.id === raw.result[0]?.link_id
  console.log(
    `Traffic page, ${days} days: ${page.ms.toFixed(1)} ms whole (top links from raw clicks alone: ${raw.ms.toFixed(1)} ms; same top link: ${sameTop})`,
  )
}

if (KEEP || REUSE) {
  console.log(`  kept: time again with --db ${DB} --reuse ${schema ?? dataDir}`)
  await murmur.storage.close()
} else {
  if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db)
  await murmur.storage.close()
  rmSync(dataDir, { recursive: true, force: true })
}
const minRatio = Math.min(...ratios)
console.log(
  `db=${DB} clicks=${totalClicks} ratio=${minRatio.toFixed(1)} worst_widget_ms=${worst.toFixed(1)} answers_agree=${agree}`,
)
