import { childCounts } from './metrics.js'
import type { CascadeTree } from './tree.js'

/** What past cascades say about one generation. */
export interface GenerationEstimate {
  /** First generation this estimate is used for. */
  generation: number
  /** Last generation it was measured on; null when it is the pooled tail (this generation and deeper). */
  through: number | null
  /** People observed in these generations across all past cascades. */
  people: number
  /** Of them, how many passed it on (had at least one child). */
  sharers: number
  /** sharers / people: the chance that a person reached passes it on. */
  shareProbability: number
  /** Mean people reached by one share (children of a sharer). */
  meanReachPerShare: number
  /** Observed reach per share, as [people reached, times seen], ascending. */
  reachPerShare: Array<[number, number]>
}

export interface ShareModel {
  cascades: number
  /** Estimates by generation; the last one also stands for every deeper generation. */
  generations: GenerationEstimate[]
  minPeoplePerEstimate: number
  largestCascade: number
}

export const DEFAULT_MIN_PEOPLE_PER_ESTIMATE = 30

/**
 * Share probabilities and reach per share by generation, from past cascades
 * (independent cascade model, Kempe, Kleinberg and Tardos 2003). Generation 0
 * is the original post: its "share probability" is how often a post reached
 * anyone at all. Generations with fewer than `minPeoplePerEstimate` people are
 * pooled with everything deeper into one tail estimate (as is a generation
 * whose deeper generations hold fewer), so a handful of deep nodes does not
 * decide the forecast. The last estimate stands for every deeper generation.
 */
export function estimateShareModel(
  trees: readonly CascadeTree[],
  options: { minPeoplePerEstimate?: number } = {},
): ShareModel {
  const minPeople = options.minPeoplePerEstimate ?? DEFAULT_MIN_PEOPLE_PER_ESTIMATE
  // people[g], sharers[g], and reach histograms reach[g]: Map<children, count>
  const people: number[] = []
  const sharers: number[] = []
  const reach: Map<number, number>[] = []
  let largestCascade = 0
  for (const tree of trees) {
    largestCascade = Math.max(largestCascade, tree.size)
    const children = childCounts(tree)
    for (let v = 0; v < tree.size; v++) {
      const g = tree.depth[v]!
      while (people.length <= g) {
        people.push(0)
        sharers.push(0)
        reach.push(new Map())
      }
      people[g]!++
      const c = children[v]!
      if (c > 0) {
        sharers[g]!++
        reach[g]!.set(c, (reach[g]!.get(c) ?? 0) + 1)
      }
    }
  }

  const generations: GenerationEstimate[] = []
  // The original post is its own estimate: there is exactly one per cascade.
  if (people.length > 0) generations.push(estimate(0, 0, people, sharers, reach, 0))
  for (let g = 1; g < people.length; g++) {
    let tailPeople = 0
    for (let h = g; h < people.length; h++) tailPeople += people[h]!
    const pooled = people[g]! < minPeople || tailPeople - people[g]! < minPeople
    const last = pooled ? people.length - 1 : g
    generations.push(estimate(g, pooled ? null : g, people, sharers, reach, last))
    if (pooled) break
  }
  for (let g = generations.length; g < 2; g++)
    generations.push({
      generation: g,
      through: null,
      people: 0,
      sharers: 0,
      shareProbability: 0,
      meanReachPerShare: 0,
      reachPerShare: [],
    })
  return { cascades: trees.length, generations, minPeoplePerEstimate: minPeople, largestCascade }
}

function estimate(
  from: number,
  through: number | null,
  people: number[],
  sharers: number[],
  reach: Map<number, number>[],
  last: number,
): GenerationEstimate {
  let p = 0
  let s = 0
  const histogram = new Map<number, number>()
  for (let g = from; g <= last; g++) {
    p += people[g]!
    s += sharers[g]!
    for (const [children, count] of reach[g]!)
      histogram.set(children, (histogram.get(children) ?? 0) + count)
  }
  const reachPerShare = [...histogram].sort((a, b) => a[0] - b[0])
  const reached = reachPerShare.reduce((sum, [children, count]) => sum + children * count, 0)
  return {
    generation: from,
    through,
    people: p,
    sharers: s,
    shareProbability: p > 0 ? s / p : 0,
    meanReachPerShare: s > 0 ? reached / s : 0,
    reachPerShare,
  }
}

/** A small seedable generator (mulberry32): the same seed gives the same forecast. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface ForecastOptions {
  /** Monte Carlo runs; default 2,000. */
  runs?: number
  /** Seed of the random generator; default 1. */
  seed?: number
  /** Generations simulated at most; default 50. */
  maxGenerations?: number
  /** A run stops counting at this many people; default 10 × the largest past cascade, at least 1,000. */
  maxPeople?: number
  /** People the original post reaches directly, when known (e.g. expected clicks); otherwise drawn from the past. */
  firstGenerationPeople?: number
}

export interface ReachForecast {
  /** People reached besides the original post: 10th, 50th and 90th percentile of the runs. */
  p10: number
  p50: number
  p90: number
  mean: number
  min: number
  max: number
  runs: number
  seed: number
  /** Runs that hit maxPeople or maxGenerations and were cut there. */
  cappedRuns: number
  maxPeople: number
  maxGenerations: number
  /** The model's assumptions in plain words, to show next to the range. */
  assumptions: string[]
}

/**
 * Simulates the independent cascade: every person reached at generation g
 * passes it on with probability p_g, independently of everyone else, and a
 * share reaches a number of new people drawn from what shares at that
 * generation reached in the past. Each run costs time in proportion to the
 * people it reaches, capped by `maxPeople`.
 */
export function forecastReach(model: ShareModel, options: ForecastOptions = {}): ReachForecast {
  const runs = Math.max(1, Math.floor(options.runs ?? 2000))
  const seed = options.seed ?? 1
  const maxGenerations = options.maxGenerations ?? 50
  const maxPeople = options.maxPeople ?? Math.max(1000, 10 * model.largestCascade)
  const random = createRng(seed)
  const samplers = model.generations.map((g) => reachSampler(g.reachPerShare))
  const estimateAt = (g: number) => Math.min(g, model.generations.length - 1)

  const results = new Float64Array(runs)
  let capped = 0
  for (let run = 0; run < runs; run++) {
    let reached = 0
    let active = 1 // the original post
    let cut = false
    for (let g = 0; active > 0; g++) {
      if (g >= maxGenerations) {
        cut = true
        break
      }
      const at = estimateAt(g)
      const p = model.generations[at]!.shareProbability
      const sample = samplers[at]!
      let next = 0
      if (g === 0 && options.firstGenerationPeople !== undefined)
        next = options.firstGenerationPeople
      else
        for (let k = 0; k < active && reached + next < maxPeople; k++)
          if (random() < p) next += sample(random)
      reached += next
      if (reached >= maxPeople) {
        reached = maxPeople
        cut = true
        break
      }
      active = next
    }
    if (cut) capped++
    results[run] = reached
  }
  results.sort()
  const pick = (q: number) => results[Math.min(runs - 1, Math.max(0, Math.ceil(q * runs) - 1))]!
  const mean = results.reduce((sum, x) => sum + x, 0) / runs

  return {
    p10: pick(0.1),
    p50: pick(0.5),
    p90: pick(0.9),
    mean,
    min: results[0]!,
    max: results[runs - 1]!,
    runs,
    seed,
    cappedRuns: capped,
    maxPeople,
    maxGenerations,
    assumptions: assumptionsOf(model, options, { runs, seed, maxPeople, maxGenerations, capped }),
  }
}

/** Draws a reach from an observed histogram (binary search on cumulative counts). */
function reachSampler(histogram: Array<[number, number]>): (random: () => number) => number {
  const values = histogram.map(([value]) => value)
  const cumulative: number[] = []
  let total = 0
  for (const [, count] of histogram) {
    total += count
    cumulative.push(total)
  }
  if (total === 0) return () => 0
  return (random) => {
    const target = random() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! > target) hi = mid
      else lo = mid + 1
    }
    return values[lo]!
  }
}

function assumptionsOf(
  model: ShareModel,
  options: ForecastOptions,
  run: { runs: number; seed: number; maxPeople: number; maxGenerations: number; capped: number },
): string[] {
  const tail = model.generations[model.generations.length - 1]!
  const percent = (p: number) => `${(100 * p).toFixed(1)}%`
  const list = [
    `Estimated from ${model.cascades} past cascade${model.cascades === 1 ? '' : 's'} of this workspace; a new post is assumed to spread like them.`,
    'Independent cascade: each person reached passes the post on or not, independently of everyone else, with the probability seen at their generation.',
    `Share probability by generation: ${model.generations
      .map(
        (g) =>
          `${g.through === null ? `${g.generation}+` : g.generation}: ${percent(g.shareProbability)}`,
      )
      .join(', ')}.`,
    'A share reaches as many new people as a share at the same generation did in the past (drawn at random from what was seen).',
    `Generations with fewer than ${model.minPeoplePerEstimate} people seen are pooled: generation ${tail.generation} and deeper share one estimate.`,
    'Past cascades are taken as finished: people who might still share count as not sharing, which understates reach for recent posts.',
    `${run.runs} simulated runs (seed ${run.seed}); each stops at ${run.maxGenerations} generations or ${run.maxPeople} people, which ${run.capped} run${run.capped === 1 ? '' : 's'} reached.`,
  ]
  if (options.firstGenerationPeople !== undefined)
    list.push(
      `The original post reaches ${options.firstGenerationPeople} people directly, as given.`,
    )
  return list
}
