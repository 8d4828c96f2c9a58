import type { CascadeTree } from './tree.js'

export const REACH_MILESTONES = [10, 100, 1000] as const

/** How long after the original post the cascade reached `people` people; null if it never did. */
export interface ReachTime {
  people: number
  afterMs: number | null
}

/**
 * Time from the root's time to the arrival of the k-th person after it, for
 * each milestone k. `times` is in input order (ms since the epoch; NaN or
 * missing for unknown). People are the nodes other than the root, with a
 * known time; everything is null when the root's time is unknown.
 *
 * Linear: the k-th earliest time is found by selection, not by sorting, and
 * the milestones are taken from the largest down, each on the prefix the
 * previous selection left.
 */
export function timeToReach(
  tree: CascadeTree,
  times: ArrayLike<number | null | undefined>,
  milestones: readonly number[] = REACH_MILESTONES,
): ReachTime[] {
  const rootTime = times[tree.inputIndex[0]!]
  const known = new Float64Array(Math.max(0, tree.size - 1))
  let count = 0
  if (typeof rootTime === 'number' && Number.isFinite(rootTime)) {
    if (tree.size === tree.rows.length) {
      // The tree holds every input node: read the times in input order, skipping the root.
      const root = tree.inputIndex[0]!
      for (let i = 0; i < tree.size; i++) {
        const t = times[i]
        if (i !== root && typeof t === 'number' && Number.isFinite(t)) known[count++] = t
      }
    } else
      for (let v = 1; v < tree.size; v++) {
        const t = times[tree.inputIndex[v]!]
        if (typeof t === 'number' && Number.isFinite(t)) known[count++] = t
      }
  }
  const result = new Map<number, number | null>()
  let bound = count
  for (const k of [...new Set(milestones)].sort((a, b) => b - a)) {
    if (typeof rootTime !== 'number' || !Number.isFinite(rootTime) || k < 1 || k > count) {
      result.set(k, null)
      continue
    }
    const kth = selectInPlace(known, k - 1, 0, bound - 1)
    result.set(k, kth - rootTime)
    bound = k
  }
  return milestones.map((people) => ({ people, afterMs: result.get(people) ?? null }))
}

/**
 * Rearranges a[lo..hi] so that a[k] holds the value it would have if sorted,
 * with nothing larger before it and nothing smaller after; returns a[k].
 * Hoare's selection with a median-of-three pivot: expected linear time.
 */
export function selectInPlace(a: Float64Array, k: number, lo: number, hi: number): number {
  let left = lo
  let right = hi
  while (right > left) {
    const mid = left + ((right - left) >> 1)
    // Median of three as pivot, which keeps sorted and reversed input linear.
    let x = a[left]!
    let y = a[mid]!
    let z = a[right]!
    if (x > y) [x, y] = [y, x]
    if (y > z) [y, z] = [z, y]
    if (x > y) [x, y] = [y, x]
    const pivot = y
    let i = left
    let j = right
    while (i <= j) {
      while (a[i]! < pivot) i++
      while (a[j]! > pivot) j--
      if (i <= j) {
        const t = a[i]!
        a[i] = a[j]!
        a[j] = t
        i++
        j--
      }
    }
    if (k <= j) right = j
    else if (k >= i) left = i
    else return a[k]!
  }
  return a[k]!
}
