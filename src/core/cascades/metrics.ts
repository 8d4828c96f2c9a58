import type { CascadeTree } from './tree.js'

/**
 * The shape of one cascade (definitions in docs/word-of-mouth.md, after
 * Goel, Anderson, Hofman and Watts 2016). Every figure is computed in one or
 * two linear passes over the tree's typed arrays.
 */
export interface CascadeMetrics {
  /** Nodes, the root included (Goel's n). */
  size: number
  /** The deepest generation: 0 for a lone root. */
  depth: number
  /** Mean generation of the nodes other than the root; 0 for a lone root. */
  meanDepth: number
  /** The most nodes in any one generation (the root's generation counts: at least 1). */
  maxBreadth: number
  /** Nodes in generation 0, 1, 2, ... (generation 0 is the root alone). */
  generations: number[]
  /** The most children of any one node. */
  largestBroadcast: number
  /** The node (tree order) that made the largest broadcast; the earliest in tree order on ties. */
  largestBroadcastNode: number
  /**
   * Mean shortest-path distance over all pairs of distinct nodes, the tree
   * taken as undirected: 2·Σ_edges s(n−s) / (n(n−1)). 0 for a lone root, by
   * convention (there are no pairs).
   */
  structuralVirality: number
  /** K per generation: nodes in generation g+1 / nodes in generation g, for g = 0 .. depth−1. */
  viralCoefficients: number[]
  /** Mean children of the nodes other than the root (the reproduction number R); null for a lone root. */
  meanOffspring: number | null
  /** Nodes with at least one child. */
  sharers: number
  /** Nodes with no child. */
  leaves: number
  /** [children, number of nodes with that many children], for every count that occurs, ascending. */
  outDegrees: Array<[number, number]>
}

/**
 * Subtree sizes in tree order: each node plus everyone below it. One reverse
 * scan, valid because every parent comes before its children.
 */
export function subtreeSizes(tree: CascadeTree): Int32Array {
  const n = tree.size
  const parent = tree.parent
  const size = new Int32Array(n).fill(1)
  for (let v = n - 1; v > 0; v--) size[parent[v]!]! += size[v]!
  return size
}

/** Structural virality from subtree sizes: edge (v, parent v) lies on s(n−s) of the unordered pairs. */
export function structuralViralityFromSizes(sizes: Int32Array): number {
  const n = sizes.length
  if (n < 2) return 0
  let pathSum = 0 // the Wiener index: the sum of distances over unordered pairs
  for (let v = 1; v < n; v++) {
    const s = sizes[v]!
    pathSum += s * (n - s)
  }
  return (2 * pathSum) / (n * (n - 1))
}

/** Goel et al.'s structural virality of the tree (see CascadeMetrics.structuralVirality). */
export function structuralVirality(tree: CascadeTree): number {
  return structuralViralityFromSizes(subtreeSizes(tree))
}

/** Children of each node, in tree order. */
export function childCounts(tree: CascadeTree): Int32Array {
  const counts = new Int32Array(tree.size)
  const parent = tree.parent
  for (let v = 1; v < tree.size; v++) counts[parent[v]!]!++
  return counts
}

export function cascadeMetrics(tree: CascadeTree): CascadeMetrics {
  const n = tree.size
  const { depth, generationStart } = tree

  const generations: number[] = []
  for (let g = 0; g + 1 < generationStart.length; g++)
    generations.push(generationStart[g + 1]! - generationStart[g]!)
  let maxBreadth = 0
  for (const count of generations) if (count > maxBreadth) maxBreadth = count
  const viralCoefficients: number[] = []
  for (let g = 0; g + 1 < generations.length; g++)
    viralCoefficients.push(generations[g + 1]! / generations[g]!)

  let depthSum = 0
  for (let v = 1; v < n; v++) depthSum += depth[v]!

  const children = childCounts(tree)
  let largestBroadcast = 0
  let largestBroadcastNode = 0
  let sharers = 0
  for (let v = 0; v < n; v++) {
    const c = children[v]!
    if (c > 0) sharers++
    if (c > largestBroadcast) {
      largestBroadcast = c
      largestBroadcastNode = v
    }
  }
  const degreeCounts = new Int32Array(largestBroadcast + 1)
  for (let v = 0; v < n; v++) degreeCounts[children[v]!]!++
  const outDegrees: Array<[number, number]> = []
  for (let d = 0; d <= largestBroadcast; d++)
    if (degreeCounts[d]! > 0) outDegrees.push([d, degreeCounts[d]!])

  const nonRoot = n - 1
  const firstGeneration = generations[1] ?? 0
  return {
    size: n,
    depth: generations.length - 1,
    meanDepth: nonRoot > 0 ? depthSum / nonRoot : 0,
    maxBreadth,
    generations,
    largestBroadcast,
    largestBroadcastNode,
    structuralVirality: structuralVirality(tree),
    viralCoefficients,
    // Every non-root node's parent is a non-root node except for generation 1's.
    meanOffspring: nonRoot > 0 ? (nonRoot - firstGeneration) / nonRoot : null,
    sharers,
    leaves: n - sharers,
    outDegrees,
  }
}
