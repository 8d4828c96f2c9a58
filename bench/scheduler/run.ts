// The scheduler under a burst: 10,000 posts due in the same instant, published to a fake network
// that takes 20 ms per call, on SQLite (one process, like `murmur start`) and on PostgreSQL (two
// worker processes). Ideal = what the concurrency caps allow: posts × latency / (cap × processes).
// Usage: npx tsx bench/scheduler/run.ts [--posts 10000] [--latency 20] [--workers 2]
//        [--databases sqlite,postgres] [--cap 4]
// Last line: published=N/N duplicates=D p50_lateness_ms=… p99_lateness_ms=… ideal_s=… actual_s=…
import { cpus, loadavg } from 'node:os'
import { sql } from 'kysely'
import { defaultSchedulerOptions } from '../../src/jobs/scheduler-options.js'
import { startFakeNetworkServer } from './network-server.js'
import {
  type Database,
  insertScheduledPosts,
  makeDue,
  prepare,
  startWorker,
  statesOf,
  stopWorker,
  waitFor,
} from './setup.js'

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback
}
const POSTS = Number(arg('posts', '10000'))
const LATENCY_MS = Number(arg('latency', '20'))
const PG_WORKERS = Number(arg('workers', '2'))
const DATABASES = arg('databases', 'sqlite,postgres').split(',') as Database[]
// Murmur's default: 4 publishes in flight per network per process.
const defaults = defaultSchedulerOptions({ lateGraceMs: 6 * 3_600_000 })
const CAP = Number(arg('cap', String(defaults.defaultNetworkConcurrency)))

interface Result {
  published: number
  posts: number
  duplicates: number
  lateness: number[]
  idealS: number
  actualS: number
  cpuMsPerPost?: number
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!

function line(r: Result): string {
  const sorted = [...r.lateness].sort((a, b) => a - b)
  return [
    `published=${r.published}/${r.posts}`,
    `duplicates=${r.duplicates}`,
    `p50_lateness_ms=${Math.round(percentile(sorted, 0.5))}`,
    `p99_lateness_ms=${Math.round(percentile(sorted, 0.99))}`,
    `ideal_s=${r.idealS.toFixed(1)}`,
    `actual_s=${r.actualS.toFixed(1)}`,
    `ratio=${(r.actualS / r.idealS).toFixed(2)}`,
    ...(r.cpuMsPerPost === undefined
      ? []
      : [`worker_cpu_ms_per_post=${r.cpuMsPerPost.toFixed(2)}`]),
  ].join(' ')
}

async function runOn(database: Database, processes: number): Promise<Result> {
  const network = await startFakeNetworkServer({ latencyMs: LATENCY_MS })
  const stage = await prepare(database, network.url)
  const workers = []
  try {
    // Scheduled far ahead while loading and while the workers start, then all due at once.
    await insertScheduledPosts(stage, POSTS, Date.now() + 3_600_000)
    const options = { networkConcurrency: { bluesky: CAP } }
    for (let i = 0; i < processes; i++) {
      workers.push(await startWorker(stage, `${database}-worker-${i + 1}`, options))
    }
    await waitFor(
      'the workers’ first heartbeat',
      async () =>
        (await stage.murmur.db.selectFrom('scheduler_heartbeats').select('worker_id').execute())
          .length >= processes,
      60_000,
    )
    const due = Date.now() + 1000
    await makeDue(stage, due)
    const idealS = (Math.ceil(POSTS / (CAP * processes)) * LATENCY_MS) / 1000
    // A busy machine only slows the run; a stuck one stops making progress: give up after a
    // minute without any delivery settling, and report what was done.
    let settled = -1
    let progressAt = Date.now()
    for (;;) {
      const states = await statesOf(stage)
      const pending = (states.scheduled ?? 0) + (states.publishing ?? 0)
      if (pending === 0) break
      if (POSTS - pending !== settled) {
        settled = POSTS - pending
        progressAt = Date.now()
      } else if (Date.now() - progressAt > 60_000) {
        console.error(`stuck: ${pending} deliveries unsettled for a minute`)
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    const states = await statesOf(stage)
    const last = await stage.scope
      .selectFrom('deliveries')
      .select(sql<number>`max(published_at)`.as('at'))
      .executeTakeFirstOrThrow()
    const firstArrival = new Map<string, number>()
    for (const post of network.posts) {
      if (!firstArrival.has(post.text)) firstArrival.set(post.text, post.receivedAt - due)
    }
    let cpuMs = 0
    for (const worker of workers) {
      await stopWorker(worker)
      cpuMs += Number(/cpu_ms=(\d+)/.exec(worker.output())?.[1] ?? Number.NaN)
    }
    return {
      cpuMsPerPost: cpuMs / POSTS,
      published: states.published ?? 0,
      posts: POSTS,
      duplicates: network.duplicates(),
      lateness: [...firstArrival.values()],
      idealS,
      actualS: (Number(last.at) - due) / 1000,
    }
  } finally {
    for (const worker of workers) await stopWorker(worker)
    await stage.cleanup()
    await network.close()
  }
}

console.log(
  `scheduler bench: ${POSTS} posts due at once, fake network ${LATENCY_MS} ms per call, cap ${CAP} per network per process; ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)}`,
)
const results: Result[] = []
for (const database of DATABASES) {
  const processes = database === 'postgres' ? PG_WORKERS : 1
  const result = await runOn(database, processes)
  results.push(result)
  console.log(`${database.padEnd(8)} processes=${processes} ${line(result)}`)
}
// The whole run in one line: counts added up, lateness over every post, times added up.
console.log(
  line({
    published: results.reduce((sum, r) => sum + r.published, 0),
    posts: results.reduce((sum, r) => sum + r.posts, 0),
    duplicates: results.reduce((sum, r) => sum + r.duplicates, 0),
    lateness: results.flatMap((r) => r.lateness),
    idealS: results.reduce((sum, r) => sum + r.idealS, 0),
    actualS: results.reduce((sum, r) => sum + r.actualS, 0),
  }),
)
