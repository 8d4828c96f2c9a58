/**
 * Slow, obviously correct versions of the cascade metrics, straight from the
 * definitions, to check the fast ones against (tests and bench/cascade).
 * They take parent indices in input order (-1 for the root) and know nothing
 * of CascadeTree. Not exported from the package index on purpose.
 */

function adjacency(parents: ArrayLike<number>): number[][] {
  const neighbours: number[][] = Array.from({ length: parents.length }, () => [])
  for (let v = 0; v < parents.length; v++) {
    const p = parents[v]!
    if (p >= 0) {
      neighbours[v]!.push(p)
      neighbours[p]!.push(v)
    }
  }
  return neighbours
}

/** Distances from `source` to every node, by breadth-first search over the undirected tree. */
function distancesFrom(neighbours: number[][], source: number): Int32Array {
  const distance = new Int32Array(neighbours.length).fill(-1)
  const queue = [source]
  distance[source] = 0
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!
    for (const w of neighbours[u]!)
      if (distance[w] === -1) {
        distance[w] = distance[u]! + 1
        queue.push(w)
      }
  }
  return distance
}

/** Goel et al.'s definition: the mean of d(i, j) over all ordered pairs i ≠ j (0 for one node). */
export function bruteStructuralVirality(parents: ArrayLike<number>): number {
  const n = parents.length
  if (n < 2) return 0
  const neighbours = adjacency(parents)
  let total = 0
  for (let i = 0; i < n; i++) {
    const distance = distancesFrom(neighbours, i)
    for (let j = 0; j < n; j++) total += distance[j]!
  }
  return total / (n * (n - 1))
}

/** Generation sizes, depth and the largest broadcast, from depths found by walking up to the root. */
export function bruteShape(parents: ArrayLike<number>) {
  const n = parents.length
  const depthOf = (v: number) => {
    let d = 0
    for (let u = v; parents[u]! >= 0; u = parents[u]!) d++
    return d
  }
  const generations: number[] = []
  const children = new Array<number>(n).fill(0)
  let depthSum = 0
  for (let v = 0; v < n; v++) {
    const d = depthOf(v)
    depthSum += d
    generations[d] = (generations[d] ?? 0) + 1
    if (parents[v]! >= 0) children[parents[v]!]!++
  }
  return {
    size: n,
    depth: generations.length - 1,
    generations,
    maxBreadth: Math.max(...generations),
    largestBroadcast: Math.max(0, ...children),
    meanDepth: n > 1 ? depthSum / (n - 1) : 0,
  }
}

/** Each node's value plus the values of all its descendants (input order), by walking up from every node. */
export function bruteBranchTotals(parents: ArrayLike<number>, values: ArrayLike<number>): number[] {
  const totals = new Array<number>(parents.length).fill(0)
  for (let v = 0; v < parents.length; v++)
    for (let u = v; u >= 0; u = parents[u]!) totals[u]! += values[v]!
  return totals
}

/** A star: the root and n−1 leaves under it. */
export const star = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0))

/** A chain (path): each node the child of the one before. */
export const chain = (n: number) => Array.from({ length: n }, (_, i) => i - 1)

/** A broom: a handle of `handle` nodes (the root first), then `bristles` leaves under its last node. */
export const broom = (handle: number, bristles: number) => [
  ...chain(handle),
  ...Array.from({ length: bristles }, () => handle - 1),
]

/**
 * A random tree from random numbers (tests draw them with fast-check).
 * Node k, in creation order, hangs from one of the `window` nodes created
 * just before it: window 1 gives a chain, a large window a shallow random
 * recursive tree. `label` (a permutation) shuffles the input order, so the
 * input is not already parent-first.
 */
export function randomParents(
  window: number,
  picks: readonly number[],
  label: readonly number[],
): number[] {
  const n = label.length
  const parents = new Array<number>(n)
  if (n === 0) return parents
  parents[label[0]!] = -1
  for (let k = 1; k < n; k++) {
    const back = picks[k]! % Math.min(k, Math.max(1, window))
    parents[label[k]!] = label[k - 1 - back]!
  }
  return parents
}
