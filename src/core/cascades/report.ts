import { type ConversionData, rankAdvocates } from './branches.js'
import type { Exclusion, ExclusionReason } from './filters.js'
import type { ReachForecast, ShareModel } from './forecast.js'
import { cascadeMetrics } from './metrics.js'
import { REACH_MILESTONES, timeToReach } from './timing.js'
import { type CascadeTree, nodeId } from './tree.js'

export interface CascadeReportInput extends ConversionData {
  /** The tree the metrics describe (after filtering, if any). */
  tree: CascadeTree
  /** Per node, input order, ms since the epoch; adds time_to_reach_seconds. */
  times?: ArrayLike<number | null | undefined> | null
  /** What filtering left out; adds `excluded`. */
  excluded?: readonly Exclusion[] | null
  /** Sharers listed under top_branches; default 10. */
  topBranches?: number
  /** Left-out nodes listed by row; default 100 (all are counted). */
  excludedShown?: number
}

/** Rounds away float noise from sums of decimal amounts, keeping integers exact. */
const tidy = (x: number) => Math.round(x * 1e6) / 1e6

/**
 * A cascade's metrics as the JSON that the CLI prints and the API returns
 * (snake_case keys; times in seconds). Optional parts appear only when their
 * data was given.
 */
export function cascadeReport(input: CascadeReportInput): Record<string, unknown> {
  const { tree } = input
  const m = cascadeMetrics(tree)
  const report: Record<string, unknown> = {
    size: m.size,
    depth: m.depth,
    max_breadth: m.maxBreadth,
    generations: m.generations,
    structural_virality: m.structuralVirality,
    mean_depth: m.meanDepth,
    largest_broadcast: m.largestBroadcast,
    largest_broadcast_by: m.largestBroadcast > 0 ? nodeId(tree, m.largestBroadcastNode) : null,
    viral_coefficients: m.viralCoefficients,
    mean_offspring: m.meanOffspring,
    sharers: m.sharers,
    leaves: m.leaves,
    out_degrees: m.outDegrees,
  }
  if (input.times) {
    const reach: Record<string, number | null> = {}
    for (const { people, afterMs } of timeToReach(tree, input.times, REACH_MILESTONES))
      reach[String(people)] = afterMs === null ? null : afterMs / 1000
    report.time_to_reach_seconds = reach
  }
  if (input.conversions || input.revenue) {
    const top = rankAdvocates(tree, input, input.topBranches ?? 10)
    let conversions = 0
    let revenue = 0
    for (let v = 0; v < tree.size; v++) {
      const i = tree.inputIndex[v]!
      conversions += finite(input.conversions?.[i])
      revenue += finite(input.revenue?.[i])
    }
    report.conversions = {
      total: tidy(conversions),
      revenue: tidy(revenue),
      top_branches: top.map((c) => ({
        id: c.id,
        row: c.row,
        generation: c.generation,
        people_reached: c.peopleReached,
        conversions: tidy(c.conversions),
        revenue: tidy(c.revenue),
        own_conversions: tidy(c.ownConversions),
        own_revenue: tidy(c.ownRevenue),
      })),
    }
  }
  if (input.excluded) {
    const byReason: Record<ExclusionReason, number> = { bot: 0, self_referral: 0, link_farming: 0 }
    for (const e of input.excluded) byReason[e.reason]++
    report.excluded = {
      count: input.excluded.length,
      by_reason: byReason,
      nodes: input.excluded
        .slice(0, input.excludedShown ?? 100)
        .map((e) => ({ row: e.row, id: e.id, reason: e.reason, detail: e.detail })),
    }
  }
  return report
}

const finite = (x: number | null | undefined) =>
  typeof x === 'number' && Number.isFinite(x) ? x : 0

/** A reach forecast and the model behind it, as the JSON that the CLI prints and the API returns. */
export function forecastReport(
  model: ShareModel,
  forecast: ReachForecast,
): Record<string, unknown> {
  return {
    people_reached: {
      p10: forecast.p10,
      p50: forecast.p50,
      p90: forecast.p90,
      mean: tidy(forecast.mean),
      min: forecast.min,
      max: forecast.max,
    },
    runs: forecast.runs,
    seed: forecast.seed,
    capped_runs: forecast.cappedRuns,
    max_people: forecast.maxPeople,
    max_generations: forecast.maxGenerations,
    model: {
      cascades: model.cascades,
      min_people_per_estimate: model.minPeoplePerEstimate,
      generations: model.generations.map((g) => ({
        generation: g.generation,
        through: g.through,
        people: g.people,
        sharers: g.sharers,
        share_probability: g.shareProbability,
        mean_reach_per_share: g.meanReachPerShare,
      })),
    },
    assumptions: forecast.assumptions,
  }
}
