import { subtreeSizes } from './metrics.js'
import { type CascadeTree, nodeId, nodeRow } from './tree.js'

/** A value per node (own) and summed over each node's branch: itself and everyone below it. */
export interface BranchTotals {
  /** Tree order. */
  readonly own: Float64Array
  /** Tree order. */
  readonly branch: Float64Array
}

/**
 * Sums a per-node value (input order; missing or NaN counts as 0) down each
 * branch in one reverse scan. Amounts should be in minor units (cents), which
 * add exactly up to 2^53.
 */
export function branchTotals(
  tree: CascadeTree,
  values: ArrayLike<number | null | undefined>,
): BranchTotals {
  const n = tree.size
  const own = new Float64Array(n)
  if (values.length === 0) return { own, branch: new Float64Array(n) }
  for (let v = 0; v < n; v++) {
    const x = values[tree.inputIndex[v]!]
    own[v] = typeof x === 'number' && Number.isFinite(x) ? x : 0
  }
  const branch = own.slice()
  const parent = tree.parent
  for (let v = n - 1; v > 0; v--) branch[parent[v]!]! += branch[v]!
  return { own, branch }
}

/** What came down one sharer's branch, the sharer's own link included. */
export interface BranchCredit {
  /** Tree order. */
  node: number
  id: string
  row: number
  generation: number
  /** People below this sharer in the cascade (the branch without the sharer). */
  peopleReached: number
  conversions: number
  revenue: number
  /** Conversions and revenue recorded on this node itself. */
  ownConversions: number
  ownRevenue: number
}

export interface ConversionData {
  /** Per node, input order: conversions attributed to the node (e.g. through its share link). */
  conversions?: ArrayLike<number | null | undefined>
  /** Per node, input order: revenue attributed to the node, in minor units. */
  revenue?: ArrayLike<number | null | undefined>
}

const none: ArrayLike<number> = { length: 0 }

/**
 * Every node's branch credit (tree order): each sharer is credited with what
 * came down their branch. Totals, not shares: a sale deep in the tree counts
 * for every sharer above it, which is what "came through you" means.
 */
export function creditBranches(tree: CascadeTree, data: ConversionData) {
  const sizes = subtreeSizes(tree)
  const conversions = branchTotals(tree, data.conversions ?? none)
  const revenue = branchTotals(tree, data.revenue ?? none)
  return {
    sizes,
    conversions,
    revenue,
    credit(v: number): BranchCredit {
      return {
        node: v,
        id: nodeId(tree, v),
        row: nodeRow(tree, v),
        generation: tree.depth[v]!,
        peopleReached: sizes[v]! - 1,
        conversions: conversions.branch[v]!,
        revenue: revenue.branch[v]!,
        ownConversions: conversions.own[v]!,
        ownRevenue: revenue.own[v]!,
      }
    },
  }
}

/**
 * The sharers (the root left out: everything comes down its branch) whose
 * branches brought the most revenue, then conversions, then people. Keeps a
 * short sorted list while scanning, so it is linear for a small `limit`.
 */
export function rankAdvocates(tree: CascadeTree, data: ConversionData, limit = 10): BranchCredit[] {
  const credits = creditBranches(tree, data)
  const revenue = credits.revenue.branch
  const conversions = credits.conversions.branch
  const sizes = credits.sizes
  const better = (a: number, b: number) =>
    revenue[a]! - revenue[b]! || conversions[a]! - conversions[b]! || sizes[a]! - sizes[b]! || b - a
  const top: number[] = []
  let floor = Number.NEGATIVE_INFINITY // revenue of the last of a full list: nothing below it can enter
  for (let v = 1; v < tree.size && limit > 0; v++) {
    if (revenue[v]! < floor) continue
    if (sizes[v] === 1 && revenue[v] === 0 && conversions[v] === 0) continue // brought nothing
    if (top.length === limit && better(v, top[top.length - 1]!) <= 0) continue
    let at = top.length === limit ? limit - 1 : top.length
    top[at] = v
    while (at > 0 && better(top[at]!, top[at - 1]!) > 0) {
      ;[top[at], top[at - 1]] = [top[at - 1]!, top[at]!]
      at--
    }
    if (top.length === limit) floor = revenue[top[limit - 1]!]!
  }
  return top.map((v) => credits.credit(v))
}
