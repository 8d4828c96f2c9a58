// Public pages against a static file served by the same Murmur process, in the same run: time to
// first byte (sequential, keep-alive) and under 10 concurrent connections, and the size of each
// answer (as sent, and gzipped as a reverse proxy would send it).
//
// Usage: npx tsx bench/pages/run.ts [--requests 400] [--seconds 5] [--postgres]
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const here = dirname(fileURLToPath(import.meta.url))
const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`)
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback
}
const REQUESTS = Number(argument('requests', '400'))
const SECONDS = Number(argument('seconds', '5'))
const POSTGRES = process.argv.includes('--postgres')
const PORT = 18820

interface Ready {
  database: string
  paths: { home: string; event: string; static: string }
  staticLabel: string
}

const dataDir = mkdtempSync(join(tmpdir(), 'murmur-bench-pages-'))
const child = fork(join(here, 'server.ts'), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  env: {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    MURMUR_DATA_DIR: dataDir,
    MURMUR_PUBLIC_URL: `http://127.0.0.1:${PORT}`,
    LOG_LEVEL: 'warn',
    ...(POSTGRES && {
      DATABASE_URL:
        process.env.MURMUR_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      BENCH_PG_SCHEMA: `bench_pages_${Date.now().toString(36)}`,
    }),
  },
})
const ready = await new Promise<Ready>((resolve, reject) => {
  child.once('message', (message) => resolve(message as Ready))
  child.once('exit', (code) => reject(new Error(`server exited (${code})`)))
})

const agent = new Agent({ keepAlive: true, maxSockets: 64 })

/** One GET: ms to the first byte of the answer (status line and headers), total ms, body. */
function get(path: string): Promise<{ ttfb: number; total: number; status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = request(
      {
        host: '127.0.0.1',
        port: PORT,
        path,
        agent,
        headers: { 'user-agent': 'Mozilla/5.0 bench' },
      },
      (res) => {
        const ttfb = performance.now() - started
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            ttfb,
            total: performance.now() - started,
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end()
  })
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

const subjects = [
  { name: 'home page', path: ready.paths.home },
  { name: 'event page', path: ready.paths.event },
  { name: ready.staticLabel, path: ready.paths.static },
] as const

// Warm up (JIT, caches, the SQLite page cache), then check every answer is a 200.
for (let i = 0; i < 50; i++) for (const subject of subjects) await get(subject.path)
const sizes = new Map<string, { bytes: number; gzip: number }>()
for (const subject of subjects) {
  const answer = await get(subject.path)
  if (answer.status !== 200) throw new Error(`${subject.path} answered ${answer.status}`)
  sizes.set(subject.name, { bytes: answer.body.length, gzip: gzipSync(answer.body).length })
}

// Sequential: the rounds interleave the subjects so machine noise hits them alike.
const ttfb = new Map<string, number[]>(subjects.map((s) => [s.name, []]))
for (let i = 0; i < REQUESTS; i++) {
  for (const subject of subjects) ttfb.get(subject.name)?.push((await get(subject.path)).ttfb)
}

// Under load: 10 connections for SECONDS per subject.
async function load(path: string) {
  const latencies: number[] = []
  const deadline = performance.now() + SECONDS * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (performance.now() < deadline) latencies.push((await get(path)).ttfb)
    }),
  )
  return {
    rps: latencies.length / ((performance.now() - started) / 1000),
    p50: percentile(
      latencies.sort((a, b) => a - b),
      50,
    ),
  }
}
const loaded = new Map<string, { rps: number; p50: number }>()
for (const subject of subjects) loaded.set(subject.name, await load(subject.path))

child.send({ cmd: 'stop' })
await new Promise((resolve) => child.once('exit', resolve))
rmSync(dataDir, { recursive: true, force: true })
agent.destroy()

const staticName = subjects[2].name
const staticP50 = percentile(
  ttfb.get(staticName)!.sort((a, b) => a - b),
  50,
)
const ms = (value: number) => `${value.toFixed(2)} ms`
console.log(
  `\nPublic pages vs a static file, same Murmur process (${ready.database}), ${REQUESTS} sequential requests each, then 10 connections for ${SECONDS} s; ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}\n`,
)
console.log(
  '| Subject | Size (gzip) | TTFB p50 | p90 | p99 | ÷ static p50 | 10 conns: req/s | p50 |',
)
console.log('|---|---|---|---|---|---|---|---|')
for (const subject of subjects) {
  const sorted = ttfb.get(subject.name)!.sort((a, b) => a - b)
  const size = sizes.get(subject.name)!
  const under = loaded.get(subject.name)!
  console.log(
    `| ${subject.name} | ${(size.bytes / 1024).toFixed(1)} KiB (${(size.gzip / 1024).toFixed(1)} KiB) | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 90))} | ${ms(percentile(sorted, 99))} | ${(percentile(sorted, 50) / staticP50).toFixed(1)}× | ${under.rps.toFixed(0)} | ${ms(under.p50)} |`,
  )
}
