// The metrics job and the Attention dashboard, one run: 5,000 published deliveries across 7
// channels (one per network, in-process fakes that count calls) are read by the real job from
// their first checkpoint to the end of their schedule, two years of posting, with the clock jumped
// from one due time to the next. Then the dashboard (src/services/analytics.ts) is timed on the
// snapshots that left, against the same questions asked of the raw snapshots table.
//   npx tsx bench/metrics/run.ts [--db sqlite|postgres] [--posts 5000] [--runs 5] [--keep]
//     [--reuse <data dir or schema printed by --keep>]
// --keep leaves the synced database in place; --reuse times the dashboard on it again without
// seeding and syncing (two years of readings take a while).
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../src/config.js'
import { localDay } from '../../src/core/metrics/days.js'
import { engagementsOf } from '../../src/core/metrics/engagement.js'
import { METRIC_CHECKPOINTS_MS, readingsDueBy } from '../../src/core/metrics/schedule.js'
import { MetricsSync } from '../../src/jobs/metrics-sync.js'
import { createLogger } from '../../src/logger.js'
import { createMurmur } from '../../src/murmur.js'
import {
  METRIC_NAMES,
  type MetricsById,
  type NetworkId,
  type SocialNetworkV1,
} from '../../src/networks/spec/index.js'
import { createUser } from '../../src/services/accounts.js'
import { engagementAnalytics } from '../../src/services/analytics.js'
import type { PublishingNetworks } from '../../src/services/publishing-networks.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback
}
const DB = arg('db', 'sqlite') as 'sqlite' | 'postgres'
const POSTS = Number(arg('posts', '5000'))
const RUNS = Number(arg('runs', '5'))
const KEEP = process.argv.includes('--keep')
const REUSE = arg('reuse', '')
const NETWORKS: NetworkId[] = [
  'x',
  'bluesky',
  'mastodon',
  'threads',
  'facebook',
  'instagram',
  'linkedin',
]
const BATCH = 100
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
/** One post a day per channel at 09:00 UTC, from here on: two years for 5,000 posts. */
const FIRST = Date.UTC(2025, 0, 1, 9, 0)

/** A network that answers from memory and counts what it was asked. */
class CountingNetwork {
  readonly specificationVersion = 'v1' as const
  readonly name: string
  readonly capabilities = { metrics: ['likes', 'reposts', 'replies'] } as never
  metricCalls = 0
  postsRead = 0
  followerCalls = 0
  constructor(
    readonly id: NetworkId,
    readonly now: () => number,
  ) {
    this.name = id
  }
  validate = () => []
  publish = () => Promise.reject(new Error('not here'))
  delete = () => Promise.reject(new Error('not here'))
  fetchPost = () => Promise.resolve(null)
  fetchMentions = () => Promise.resolve({ items: [] })
  async fetchMetrics(_credentials: unknown, ids: readonly string[]): Promise<MetricsById> {
    this.metricCalls++
    this.postsRead += ids.length
    const answer: Record<string, { likes: number; reposts: number; replies: number }> = {}
    for (const id of ids) {
      // Numbers that grow with the post's age, differently per post.
      const n = Number(id.split('-')[1])
      const ageDays = Math.max(0, (this.now() - (FIRST + Math.floor(n / 7) * DAY)) / DAY)
      const likes = Math.round((n % 13) * Math.log1p(ageDays * 24))
      answer[id] = { likes, reposts: Math.floor(likes / 5), replies: Math.floor(likes / 9) }
    }
    return answer as MetricsById
  }
  async fetchFollowerCount(): Promise<number> {
    this.followerCalls++
    return 1000 + Math.floor((this.now() - FIRST) / DAY)
  }
}

const dataDir =
  DB === 'sqlite' && REUSE ? REUSE : mkdtempSync(join(tmpdir(), 'murmur-bench-metrics-'))
const schema = DB === 'postgres' ? REUSE || `bench_metrics_${Date.now().toString(36)}` : undefined
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
const clock = { now: FIRST - DAY }
const murmur = await createMurmur(config, createLogger('warn', false), {
  ...(schema && { postgresSchema: schema }),
  now: () => clock.now,
})
const fakes = new Map(NETWORKS.map((id) => [id, new CountingNetwork(id, () => clock.now)]))
const networks: PublishingNetworks = {
  get: (id) => fakes.get(id) as unknown as SocialNetworkV1 | undefined,
  signInWithAppPassword: () => Promise.reject(new Error('not here')),
}

async function seed(): Promise<{ scope: WorkspaceScope; published: number[] }> {
  const user = await createUser(murmur, { email: 'bench@murmur.example', password: 'x'.repeat(16) })
  const workspace = await createWorkspace(murmur, {
    name: 'Bench',
    timeZone: 'UTC',
    ownerId: user.id,
  })
  const scope = new WorkspaceScope(murmur.db, workspace.id)
  for (const network of NETWORKS) {
    await scope
      .insertInto('channels', {
        id: `ch_${network}`,
        network,
        account_id: network,
        handle: `bakery-${network}`,
        display_name: 'Bakery',
        avatar_url: null,
        service_url: null,
        credentials: murmur.secrets.seal(JSON.stringify({ account: network })),
        status: 'active',
        status_reason: null,
        status_changed_at: null,
        created_by: null,
        created_at: FIRST - DAY,
        updated_at: FIRST - DAY,
      })
      .execute()
  }
  const published: number[] = []
  for (let start = 0; start < POSTS; start += 500) {
    const posts = []
    const parts = []
    const deliveries = []
    for (let n = start; n < Math.min(POSTS, start + 500); n++) {
      const at = FIRST + Math.floor(n / NETWORKS.length) * DAY
      const network = NETWORKS[n % NETWORKS.length] as NetworkId
      published.push(at)
      posts.push({
        id: `pst_${n}`,
        campaign_id: n % 3 === 0 ? 'spring' : null,
        labels: '[]',
        first_comment: null,
        created_by: null,
        created_at: at,
        updated_at: at,
      })
      parts.push({
        id: `prt_${n}`,
        post_id: `pst_${n}`,
        delivery_id: null,
        position: 0,
        text: `Post ${n}`,
      })
      deliveries.push({
        id: `dlv_${n}`,
        post_id: `pst_${n}`,
        channel_id: `ch_${network}`,
        network,
        has_variant: 0,
        variant_first_comment: null,
        state: 'published' as const,
        scheduled_at: at,
        via_queue: 0,
        next_attempt_at: null,
        attempts: 1,
        last_error: null,
        last_error_kind: null,
        remote_parts: JSON.stringify([{ id: `remote-${n}`, url: `https://example.test/${n}` }]),
        remote_first_comment: null,
        remote_unconfirmed: null,
        warnings: '[]',
        started_at: at,
        published_at: at,
        late_ms: null,
        lease_owner: null,
        lease_expires_at: null,
        created_at: at,
        updated_at: at,
      })
    }
    await scope.insertInto('posts', posts).execute()
    await scope.insertInto('post_parts', parts).execute()
    await scope.insertInto('deliveries', deliveries).execute()
  }
  return { scope, published }
}

/** The fewest calls the schedule allows: per channel and due time, ceil(posts due / batch). */
function minimumCalls(published: number[], end: number): { readings: number; calls: number } {
  const due = new Map<string, number>()
  let readings = 0
  published.forEach((at, n) => {
    readings += readingsDueBy(at, end)
    for (const offset of METRIC_CHECKPOINTS_MS) {
      if (at + offset > end) break
      const key = `${n % NETWORKS.length}:${at + offset}`
      due.set(key, (due.get(key) ?? 0) + 1)
    }
  })
  let calls = 0
  for (const count of due.values()) calls += Math.ceil(count / BATCH)
  return { readings, calls }
}

/** Walks the clock from one due time to the next, draining the job at each. */
async function syncAll(): Promise<{ ticks: number; ms: number }> {
  const job = new MetricsSync(
    murmur,
    { workerId: 'bench', random: () => 0.5, concurrency: NETWORKS.length, batchSize: BATCH },
    networks,
  )
  const started = performance.now()
  let ticks = 0
  for (;;) {
    await job.drain()
    ticks++
    const next = await murmur.db
      .selectFrom('metric_tracking')
      .select((eb) => eb.fn.min('next_fetch_at').as('at'))
      .where('next_fetch_at', 'is not', null)
      .executeTakeFirst()
    const at = next?.at === null || next?.at === undefined ? null : Number(next.at)
    if (at === null) break
    // Jump to the next reading due; follower counts are read at the first run of each day.
    clock.now = Math.max(clock.now + 1, at)
  }
  return { ticks, ms: performance.now() - started }
}

/**
 * The dashboard's questions asked of the raw snapshots: each post's latest reading, summed, for
 * the period and the one before it (the dashboard shows both side by side).
 */
async function naiveDashboard(scope: WorkspaceScope, from: number, to: number) {
  const current = await naivePeriod(scope, from, to)
  const previous = await naivePeriod(scope, from - (to - from), from)
  return { ...current, previous }
}

async function naivePeriod(scope: WorkspaceScope, from: number, to: number) {
  const rows = await scope.db
    .selectFrom('metric_snapshots as s')
    .innerJoin('deliveries as d', 'd.id', 's.delivery_id')
    .innerJoin('channels as c', 'c.id', 'd.channel_id')
    .select([
      's.delivery_id',
      'd.published_at',
      'd.network',
      'c.handle',
      ...METRIC_NAMES.map((name) => `s.${name}` as const),
    ])
    .where('s.workspace_id', '=', scope.workspaceId)
    .where('d.published_at', '>=', from)
    .where('d.published_at', '<', to)
    .where(({ eb, selectFrom }) =>
      eb(
        's.fetched_at',
        '=',
        selectFrom('metric_snapshots as latest')
          .select((inner) => inner.fn.max('latest.fetched_at').as('m'))
          .whereRef('latest.delivery_id', '=', 's.delivery_id'),
      ),
    )
    .execute()
  const byDay = new Map<string, number>()
  let engagements = 0
  for (const row of rows) {
    const value = engagementsOf(row as never)
    engagements += value
    const day = localDay(Number(row.published_at), 'UTC')
    byDay.set(day, (byDay.get(day) ?? 0) + value)
  }
  const top = [...rows].sort((a, b) => Number(b.likes ?? -1) - Number(a.likes ?? -1)).slice(0, 10)
  const followers = await scope
    .selectFrom('follower_counts')
    .select(['channel_id', 'day', 'followers'])
    .where('day', '>=', localDay(from, 'UTC'))
    .where('day', '<=', localDay(to, 'UTC'))
    .execute()
  return {
    posts: rows.length,
    engagements,
    days: byDay.size,
    top: top.length,
    followers: followers.length,
  }
}

async function timed<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const times: number[] = []
  let result: T | undefined
  for (let run = 0; run < runs; run++) {
    const started = performance.now()
    result = await work()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return { ms: times[Math.floor(times.length / 2)] as number, result: result as T }
}

/** On --reuse: the workspace and publishing times of a database a --keep run left. */
async function reused(): Promise<{ scope: WorkspaceScope; published: number[] }> {
  const workspace = await murmur.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()
  const rows = await murmur.db.selectFrom('deliveries').select('published_at').execute()
  return {
    scope: new WorkspaceScope(murmur.db, workspace.id),
    published: rows.map((row) => Number(row.published_at)),
  }
}

try {
  const { scope, published } = REUSE ? await reused() : await seed()
  const sync = REUSE ? { ticks: 0, ms: 0 } : await syncAll()
  const end = REUSE ? Math.max(...published) + 91 * DAY : clock.now
  const needed = REUSE ? { readings: 0, calls: 0 } : minimumCalls(published, end)
  const counted = [...fakes.values()]
  const metricCalls = counted.reduce((sum, fake) => sum + fake.metricCalls, 0)
  const postsRead = counted.reduce((sum, fake) => sum + fake.postsRead, 0)
  const followerCalls = counted.reduce((sum, fake) => sum + fake.followerCalls, 0)
  const followerDays = Math.floor((end - (FIRST - DAY)) / DAY) + 1
  const snapshots = await scope
    .selectFrom('metric_snapshots')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()

  // The dashboard's periods: the last 30 days of posting, the last year, both years.
  const lastPost = Math.max(...published) + DAY
  const periods = [
    ['30 days', lastPost - 30 * DAY],
    ['1 year', lastPost - 365 * DAY],
    ['2 years', FIRST],
  ] as const
  let ratioSum = 0
  const lines: string[] = []
  for (const [label, from] of periods) {
    const fast = await timed(RUNS, () =>
      engagementAnalytics(murmur, scope, {
        from,
        to: lastPost,
        timeZone: 'UTC',
        sort: 'engagements',
        limit: 10,
      }),
    )
    const naive = await timed(RUNS, () => naiveDashboard(scope, from, lastPost))
    if (fast.result.totals.posts !== naive.result.posts) {
      throw new Error(
        `${label}: dashboard counts ${fast.result.totals.posts} posts, raw ${naive.result.posts}`,
      )
    }
    if (fast.result.previous_totals.posts !== naive.result.previous.posts) {
      throw new Error(
        `${label}: previous period: dashboard ${fast.result.previous_totals.posts} posts, raw ${naive.result.previous.posts}`,
      )
    }
    if (fast.result.totals.engagements !== naive.result.engagements) {
      throw new Error(
        `${label}: engagements differ (${fast.result.totals.engagements} vs ${naive.result.engagements})`,
      )
    }
    ratioSum += fast.ms / naive.ms
    lines.push(
      `${label}: dashboard ${fast.ms.toFixed(1)} ms, raw snapshots ${naive.ms.toFixed(1)} ms (${(fast.ms / naive.ms).toFixed(2)}x), ${fast.result.totals.posts} posts`,
    )
  }
  console.log(
    `${DB}: ${POSTS} posts on ${NETWORKS.length} channels, synced over ${((end - FIRST) / DAY).toFixed(0)} days in ${(sync.ms / 1000).toFixed(1)} s (${sync.ticks} due times)`,
  )
  console.log(
    `readings ${postsRead} (schedule needs ${needed.readings}); metric calls ${metricCalls} (fewest possible ${needed.calls}); follower calls ${followerCalls} (at most one a day per channel: ${followerDays * NETWORKS.length})`,
  )
  console.log(`snapshots stored: ${Number(snapshots.n)}`)
  for (const line of lines) console.log(line)
  const load = loadavg().map((value) => value.toFixed(1))
  console.log(
    `RESULT db=${DB} posts=${POSTS} readings=${postsRead}/${needed.readings} calls=${metricCalls}/${needed.calls} (${(metricCalls / needed.calls).toFixed(2)}x min) follower_calls=${followerCalls} snapshots=${Number(snapshots.n)} dashboard/raw=${(ratioSum / periods.length).toFixed(3)} load=${load.join(',')}`,
  )
} finally {
  await murmur.storage.close()
  if (KEEP || REUSE) console.log(`kept: --db ${DB} --reuse ${DB === 'sqlite' ? dataDir : schema}`)
  else if (DB === 'sqlite') rmSync(dataDir, { recursive: true, force: true })
  else if (schema) {
    const { Client } = await import('pg')
    const client = new Client({
      connectionString:
        process.env.MURMUR_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await client.end()
  }
}
