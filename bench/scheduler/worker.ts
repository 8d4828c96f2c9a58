// One scheduler process of the benchmark (and of the SIGKILL test): Murmur's own Scheduler, as
// `murmur start` and `murmur worker` run it, publishing to the fake network server.
// Environment: MURMUR_DATA_DIR, DATABASE_URL (PostgreSQL) and MURMUR_SECRET like Murmur;
// BENCH_NETWORK_URL, BENCH_WORKER (its name), BENCH_PG_SCHEMA, BENCH_SCHEDULER (JSON options).
import { loadConfig } from '../../src/config.js'
import { Scheduler } from '../../src/jobs/scheduler.js'
import type { SchedulerOptions } from '../../src/jobs/scheduler-options.js'
import { createLogger } from '../../src/logger.js'
import { createMurmur } from '../../src/murmur.js'
import { remoteNetworks } from './remote-network.js'

// BENCH_QUERY_COUNTS=1: count the statements sent to PostgreSQL by their SQL text, printed at exit
// (what a publish costs in round trips).
const queryCounts = new Map<string, number>()
if (process.env.BENCH_QUERY_COUNTS) {
  const pg = await import('pg')
  const original = pg.default.Client.prototype.query
  pg.default.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string }
    const text = typeof first === 'string' ? first : (first?.text ?? '?')
    queryCounts.set(text, (queryCounts.get(text) ?? 0) + 1)
    return (original as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof original
}

const worker = process.env.BENCH_WORKER ?? `worker-${process.pid}`
const options = JSON.parse(process.env.BENCH_SCHEDULER ?? '{}') as Partial<SchedulerOptions>
const murmur = await createMurmur(loadConfig(), createLogger(process.env.LOG_LEVEL ?? 'warn'), {
  migrate: false,
  ...(process.env.BENCH_PG_SCHEMA && { postgresSchema: process.env.BENCH_PG_SCHEMA }),
})
const scheduler = new Scheduler(
  murmur,
  { ...options, workerId: worker },
  remoteNetworks(process.env.BENCH_NETWORK_URL ?? '', worker),
)
scheduler.start()
// The parent waits for this line: the database is open and the first round is under way.
process.stdout.write('ready\n')

process.on('SIGTERM', () => {
  void scheduler
    .stop()
    .then(() => murmur.storage.close())
    .then(() => {
      // The benchmark reads this: CPU spent per publish tells a slow machine from slow code.
      const { user, system } = process.cpuUsage()
      process.stdout.write(`cpu_ms=${Math.round((user + system) / 1000)}\n`)
      for (const [text, count] of [...queryCounts].sort((a, b) => b[1] - a[1]))
        process.stderr.write(
          `${String(count).padStart(7)}  ${text.replace(/\s+/g, ' ').slice(0, 220)}\n`,
        )
      process.exit(0)
    })
})
