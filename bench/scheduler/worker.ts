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
      process.exit(0)
    })
})
