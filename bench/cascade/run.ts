// Cascade metrics on a 1,000,000-node random tree against the brute-force
// all-pairs computation of structural virality on a 2,000-node tree, in one run.
// Usage: npx tsx bench/cascade/run.ts [--nodes 1000000] [--brute-nodes 2000] [--runs 7]
import { cpus, loadavg } from 'node:os'
import {
  CascadeTreeBuilder,
  cascadeMetrics,
  createRng,
  rankAdvocates,
  structuralVirality,
  timeToReach,
  treeFromParents,
} from '../../src/core/cascades/index.js'
import { bruteStructuralVirality } from '../../src/core/cascades/reference.js'

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}
const NODES = arg('nodes', 1_000_000)
const BRUTE_NODES = arg('brute-nodes', 2_000)
const RUNS = arg('runs', 7)

/**
 * A random recursive tree (each node hangs from a uniformly chosen earlier
 * one: shallow and bushy, like most real cascades), its labels shuffled so the
 * input is not already parent-first and the build does real work.
 */
function randomTree(n: number, seed: number): Int32Array {
  const random = createRng(seed)
  const label = Int32Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 1; i--) {
    const j = 1 + Math.floor(random() * i) // keep label[0] = 0, the root, first
    ;[label[i], label[j]] = [label[j]!, label[i]!]
  }
  const parents = new Int32Array(n)
  parents[label[0]!] = -1
  for (let k = 1; k < n; k++) parents[label[k]!] = label[Math.floor(random() * k)]!
  return parents
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/**
 * Median wall time and median CPU time in ms of `runs` calls, after one
 * warm-up call. CPU time is reported too because the machine is shared: when
 * other work runs, wall time grows and CPU time much less.
 */
function time<T>(runs: number, work: () => T): { ms: number; cpu: number; result: T } {
  let result = work()
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    const startedCpu = cpuMs()
    result = work()
    cpu.push(cpuMs() - startedCpu)
    wall.push(performance.now() - started)
  }
  return { ms: median(wall), cpu: median(cpu), result }
}

const big = randomTree(NODES, 1)
const small = randomTree(BRUTE_NODES, 2)
const bigIds = Array.from({ length: NODES }, (_, i) => `n${i}`)
const times = Float64Array.from({ length: NODES }, (_, i) =>
  i === 0 ? 0 : 1 + ((i * 7919) % NODES),
)
const revenue = Float64Array.from({ length: NODES }, (_, i) => (i % 97 === 0 ? 2500 : 0))

const build = time(RUNS, () => treeFromParents(big))
const tree = build.result
const virality = time(RUNS, () => structuralVirality(tree))
const metrics = time(RUNS, () => cascadeMetrics(tree))
const extras = time(RUNS, () => {
  timeToReach(tree, times)
  return rankAdvocates(tree, { revenue }, 10)
})
const fromStrings = time(Math.min(RUNS, 3), () => {
  const builder = new CascadeTreeBuilder()
  for (let i = 0; i < NODES; i++) builder.add(big[i]! < 0 ? null : bigIds[big[i]!]!, bigIds[i]!)
  return builder.build()
})
const brute = time(Math.min(RUNS, 3), () => bruteStructuralVirality(small))
const fastSmall = structuralVirality(treeFromParents(small))
if (Math.abs(fastSmall - brute.result) > 1e-9 * brute.result)
  throw new Error(`fast ${fastSmall} and brute force ${brute.result} disagree`)

const perNode = (ms: number, n: number) => (ms * 1e6) / n // ns per node
type Timing = { ms: number; cpu: number }
const sum = (...ts: Timing[]): Timing => ({
  ms: ts.reduce((a, t) => a + t.ms, 0),
  cpu: ts.reduce((a, t) => a + t.cpu, 0),
})
const endToEnd = sum(build, metrics, extras)
const rows: Array<[string, Timing, number]> = [
  [`brute force: all-pairs BFS structural virality`, brute, BRUTE_NODES],
  ['structural virality (subtree sizes)', virality, NODES],
  ['all shape metrics (cascadeMetrics)', metrics, NODES],
  ['time to reach 10/100/1,000 + top 10 branches by revenue', extras, NODES],
  ['build and check the tree from parent indices', build, NODES],
  ['build + all metrics + extras', endToEnd, NODES],
  ['build from string ids (CascadeTreeBuilder)', fromStrings, NODES],
]
const bruteNs = perNode(brute.ms, BRUTE_NODES)
const bruteCpuNs = perNode(brute.cpu, BRUTE_NODES)
const [load1] = loadavg()
console.log(
  `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load1?.toFixed(1)}; median of ${RUNS} runs (3 for the slow rows)`,
)
console.log(
  `Random recursive tree: ${NODES.toLocaleString('en')} nodes, depth ${metrics.result.depth}, ν = ${metrics.result.structuralVirality.toFixed(3)}; on the ${BRUTE_NODES.toLocaleString('en')}-node tree fast and brute force agree (ν = ${brute.result.toFixed(6)}).`,
)
console.log('')
console.log(
  '| Work | Nodes | Wall time | CPU time | Wall per node | Brute-force cost per node ÷ this (wall / CPU) |',
)
console.log('|---|---|---|---|---|---|')
for (const [label, t, n] of rows)
  console.log(
    `| ${label} | ${n.toLocaleString('en')} | ${t.ms.toFixed(1)} ms | ${t.cpu.toFixed(1)} ms | ${perNode(t.ms, n).toFixed(1)} ns | ${(bruteNs / perNode(t.ms, n)).toFixed(0)}× / ${(bruteCpuNs / perNode(t.cpu, n)).toFixed(0)}× |`,
  )
console.log('')
console.log(
  `Target, all metrics for 1M nodes under 200 ms: ${metrics.ms < 200 ? 'met' : 'NOT met'} (${metrics.ms.toFixed(1)} ms wall; build + metrics + extras ${endToEnd.ms.toFixed(1)} ms).`,
)
