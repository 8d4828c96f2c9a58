// Redirect throughput and latency: Murmur's GET /l/CODE against a bare node:http server that answers
// a fixed 302 (the ceiling for Node on this machine), side by side in one run, at 100 and 1,000
// connections. Then checks that every counted redirect was stored as a click after the flush.
//
// Usage: node bench/redirect/run.mjs [--seconds 5] [--rounds 3] [--connections 100,1000] [--links 1000] [--postgres]
//        [--cpu-prof DIR] [--no-app-route]
import { fork } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { percentile, runLoad } from './load.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`)
  return index > 0 ? process.argv[index + 1] : fallback
}
const SECONDS = Number(argument('seconds', 5))
// Each subject is measured ROUNDS times, in turns with the others (see below).
const ROUNDS = Math.max(1, Number(argument('rounds', 3)))
const WARMUP_SECONDS = 2
const CONNECTIONS = argument('connections', '100,1000').split(',').map(Number)
const LINKS = Number(argument('links', 1000))
const POSTGRES = process.argv.includes('--postgres')
// --no-app-route: skip the phase through the app's route (e.g. to profile the served path alone).
const APP_ROUTE = !process.argv.includes('--no-app-route')
// --cpu-prof DIR: Murmur writes V8 CPU profiles there (one per thread) when it stops.
const PROFILE_DIR = argument('cpu-prof', undefined)
const UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'

function start(label, script, env, execArgv = []) {
  const child = fork(script, [], {
    env: { ...process.env, ...env },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const next = () =>
    new Promise((resolve, reject) => {
      child.once('message', resolve)
      child.once('exit', (code) => reject(new Error(`${label} exited (${code})`)))
    })
  children.push(child)
  const ask = (cmd) => {
    child.send({ cmd })
    return next()
  }
  return { child, next, ask }
}
const children = []
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
})
// Stopped early (Ctrl-C, kill): the exit handler above still stops both servers.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130))

// Visitors: 5,000 addresses and one mobile browser, so uniques, geo and the UA cache all work.
const addresses = Array.from(
  { length: 5000 },
  (_, i) => `${(i % 200) + 23}.${(i * 7) % 250}.${(i * 13) % 250}.${(i % 250) + 1}`,
)
function requestsFor(codes) {
  const pool = []
  for (let i = 0; i < 8192; i++) {
    const code = codes[Math.floor(Math.random() * codes.length)]
    const ip = addresses[Math.floor(Math.random() * addresses.length)]
    pool.push(
      `GET /l/${code} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: ${UA}\r\nX-Forwarded-For: ${ip}\r\n\r\n`,
    )
  }
  let i = 0
  return () => pool[i++ & 8191]
}

/** CPU seconds a process (all threads) or its main thread has used so far (Linux /proc; NaN elsewhere). */
function cpuSeconds(pid, mainThreadOnly = false) {
  try {
    const path = mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`
    const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime + stime, in USER_HZ ticks
  } catch {
    return Number.NaN
  }
}

/** One warm-up, then one measured run against one server. */
async function measure(server, connections, nextRequest) {
  const { port, pid } = server
  const warmup = await runLoad({
    port,
    connections,
    durationMs: WARMUP_SECONDS * 1000,
    nextRequest,
  })
  const cpuBefore = cpuSeconds(pid)
  const mainBefore = cpuSeconds(pid, true)
  const result = await runLoad({ port, connections, durationMs: SECONDS * 1000, nextRequest })
  return {
    ...result,
    cpu: cpuSeconds(pid) - cpuBefore,
    mainCpu: cpuSeconds(pid, true) - mainBefore,
    warmupRedirects: warmup.statuses.get(302) ?? 0,
  }
}

/** The rounds of one subject as one result: requests and CPU summed, latencies pooled. */
function combine(runs) {
  const completed = runs.reduce((n, r) => n + r.completed, 0)
  const seconds = runs.reduce((n, r) => n + r.seconds, 0)
  const sorted = Float64Array.from(runs.flatMap((r) => r.latencies)).sort()
  const count = (status) => runs.reduce((n, r) => n + (r.statuses.get(status) ?? 0), 0)
  return {
    rps: completed / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    cpuMicros: (runs.reduce((n, r) => n + r.cpu, 0) * 1e6) / completed,
    mainCpuMicros: (runs.reduce((n, r) => n + r.mainCpu, 0) * 1e6) / completed,
    redirects: count(302),
    warmupRedirects: runs.reduce((n, r) => n + r.warmupRedirects, 0),
    other: completed - count(302),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'murmur-bench-redirect-'))
const murmurEnv = {
  PORT: '18810',
  BENCH_FAST_PORT: '18812',
  HOST: '127.0.0.1',
  MURMUR_DATA_DIR: dataDir,
  MURMUR_PUBLIC_URL: 'http://127.0.0.1:18810',
  LOG_LEVEL: 'warn',
  BENCH_LINKS: String(LINKS),
  ...(POSTGRES && {
    DATABASE_URL:
      process.env.MURMUR_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    BENCH_PG_SCHEMA: `bench_redirect_${Date.now().toString(36)}`,
  }),
}
const bare = start('bare server', join(here, 'bare-server.mjs'), { PORT: '18811' })
const murmur = start('murmur', join(here, 'murmur-server.ts'), murmurEnv, [
  '--import',
  'tsx',
  ...(PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : []),
])
await bare.next()
const ready = await murmur.next()
const nextRequest = requestsFor(ready.codes)

console.log(
  `redirect benchmark: ${ready.database}, ${LINKS} links, ${ROUNDS} rounds of ${SECONDS} s per subject (each after ${WARMUP_SECONDS} s warm-up), taking turns, generator on the same cores`,
)
console.log(
  'connections  subject                 req/s     p50 ms   p99 ms   max ms   non-302  errors  CPU µs/req (main thread)',
)
const rows = []
let sent = 0
for (const connections of CONNECTIONS) {
  // Bare and Murmur take turns, round after round, so a change in the machine's speed (other
  // tenants, CPU frequency) falls on both alike instead of on whichever ran at that moment.
  const runs = { bare: [], ours: [], fast: [] }
  const before = await murmur.ask('count')
  for (let round = 1; round <= ROUNDS; round++) {
    runs.bare.push(await measure({ port: 18811, pid: bare.child.pid }, connections, nextRequest))
    runs.ours.push(await measure({ port: 18810, pid: murmur.child.pid }, connections, nextRequest))
    if (APP_ROUTE)
      runs.fast.push(
        await measure({ port: 18812, pid: murmur.child.pid }, connections, nextRequest),
      )
    const [b, o] = [runs.bare.at(-1), runs.ours.at(-1)]
    console.log(
      `${String(connections).padStart(11)}  round ${round}: bare ${(b.completed / b.seconds).toFixed(0)} req/s, murmur ${(o.completed / o.seconds).toFixed(0)} req/s, ratio ${(o.completed / o.seconds / (b.completed / b.seconds)).toFixed(2)}`,
    )
  }
  const ceiling = combine(runs.bare)
  const ours = combine(runs.ours)
  const fast = APP_ROUTE ? combine(runs.fast) : undefined
  const after = await murmur.ask('count')
  sent += ours.warmupRedirects + ours.redirects + (fast ? fast.warmupRedirects + fast.redirects : 0)
  for (const [label, r] of [
    ['bare node:http', ceiling],
    ['murmur (as served)', ours],
    ['murmur, app route only', fast],
  ].filter(([, r]) => r)) {
    console.log(
      `${String(connections).padStart(11)}  ${label.padEnd(22)} ${r.rps.toFixed(0).padStart(7)}  ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${r.max.toFixed(1).padStart(8)} ${String(r.other).padStart(9)} ${String(r.errors).padStart(7)} ${r.cpuMicros.toFixed(1).padStart(10)} (${r.mainCpuMicros.toFixed(1)})`,
    )
  }
  rows.push({ connections, ceiling, ours, fast, stored: after.recorded - before.recorded })
}
// Every 302 Murmur sent to the generator (warm-ups included) must be a stored click.
const recorded = (await murmur.ask('count')).recorded
murmur.child.send({ cmd: 'stop' })
bare.child.send({ cmd: 'stop' })
await Promise.all(
  [murmur.child, bare.child].map((c) => new Promise((resolve) => c.once('exit', resolve))),
)
rmSync(dataDir, { recursive: true, force: true })

for (const row of rows) {
  for (const [path, r] of [
    ['served', row.ours],
    ['app-route', row.fast],
  ].filter(([, r]) => r)) {
    console.log(
      `connections=${row.connections} path=${path} ratio=${(r.rps / row.ceiling.rps).toFixed(2)} rps=${r.rps.toFixed(0)} ceiling_rps=${row.ceiling.rps.toFixed(0)} p99_ms=${r.p99.toFixed(2)} ceiling_p99_ms=${row.ceiling.p99.toFixed(2)} cpu_us=${r.cpuMicros.toFixed(1)} ceiling_cpu_us=${row.ceiling.cpuMicros.toFixed(1)}`,
    )
  }
}
// The last line is the redirect as src/server.ts serves it (the Node listener in front of the app).
const main = rows.find((r) => r.connections === 100) ?? rows[0]
console.log(
  `ratio=${(main.ours.rps / main.ceiling.rps).toFixed(2)} rps=${main.ours.rps.toFixed(0)} ceiling_rps=${main.ceiling.rps.toFixed(0)} p99_ms=${main.ours.p99.toFixed(2)} sent=${sent} recorded=${recorded}`,
)
