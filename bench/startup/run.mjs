// Start-to-/healthz time and idle memory: Murmur (built, embedded SQLite, fresh data folder)
// against a bare Node HTTP server started the same way, side by side in one run.
// Usage: npm run bench:startup [-- --runs 7]
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureServerBuilt, ensureWebBuilt } from '../../scripts/ensure-built.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7
const IDLE_MS = 3000

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kib / 1024
}

async function measure(label, args, port) {
  const dataDir = mkdtempSync(join(tmpdir(), 'murmur-bench-'))
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MURMUR_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  let readyMs
  for (let i = 0; i < 3000 && readyMs === undefined; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`)
      if (response.ok) readyMs = performance.now() - started
    } catch {
      await sleep(5)
    }
  }
  if (readyMs === undefined) throw new Error(`${label} did not answer /healthz`)
  await sleep(IDLE_MS)
  const rss = rssMiB(child.pid)
  child.kill('SIGTERM')
  await new Promise((resolve) => child.once('exit', resolve))
  rmSync(dataDir, { recursive: true, force: true })
  return { readyMs, rss }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

ensureServerBuilt()
ensureWebBuilt()
const subjects = [
  ['bare node:http', [join(root, 'bench/startup/bare-server.mjs')]],
  ['murmur start', [join(root, 'dist/server/cli/main.js'), 'start']],
]
const results = Object.fromEntries(subjects.map(([label]) => [label, []]))
for (let run = 0; run < RUNS; run++) {
  // Alternate so both see the same machine conditions.
  for (const [label, args] of subjects)
    results[label].push(await measure(label, args, 18_700 + run))
}

const summary = subjects.map(([label]) => ({
  label,
  readyMs: median(results[label].map((r) => r.readyMs)),
  rss: median(results[label].map((r) => r.rss)),
}))
const [bare, murmur] = summary
console.log(
  `startup, median of ${RUNS} runs (fresh data folder each run, idle RSS after ${IDLE_MS / 1000}s)`,
)
console.log('subject            start->/healthz   idle RSS')
for (const s of summary)
  console.log(
    `${s.label.padEnd(18)} ${s.readyMs.toFixed(0).padStart(8)} ms   ${s.rss.toFixed(1).padStart(7)} MiB`,
  )
console.log(
  `ratio murmur/bare  ${(murmur.readyMs / bare.readyMs).toFixed(2).padStart(8)} x    ${(murmur.rss / bare.rss).toFixed(2).padStart(7)} x`,
)
console.log(
  `targets: < 1500 ms -> ${murmur.readyMs < 1500 ? 'met' : 'NOT met'}; < 150 MiB -> ${murmur.rss < 150 ? 'met' : 'NOT met'}`,
)
