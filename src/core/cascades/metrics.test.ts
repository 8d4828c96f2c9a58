import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { cascadeMetrics, structuralVirality, subtreeSizes } from './metrics.js'
import {
  broom,
  bruteShape,
  bruteStructuralVirality,
  chain,
  randomParents,
  star,
} from './reference.js'
import { buildCascadeTree, nodeId, treeFromParents } from './tree.js'

/** Random trees of 1..maxSize nodes, deep and bushy, in shuffled input order. */
const arbitraryParents = (maxSize = 60) =>
  fc
    .integer({ min: 1, max: maxSize })
    .chain((n) =>
      fc.tuple(
        fc.integer({ min: 1, max: n }),
        fc.array(fc.nat(), { minLength: n, maxLength: n }),
        fc.shuffledSubarray(
          Array.from({ length: n }, (_, i) => i),
          { minLength: n, maxLength: n },
        ),
      ),
    )
    .map(([window, picks, label]) => randomParents(window, picks, label))

describe('cascade metrics on hand-computed trees', () => {
  test('single node: everything is zero or empty, virality 0 by convention', () => {
    const m = cascadeMetrics(treeFromParents([-1]))
    expect(m).toEqual({
      size: 1,
      depth: 0,
      meanDepth: 0,
      maxBreadth: 1,
      generations: [1],
      largestBroadcast: 0,
      largestBroadcastNode: 0,
      structuralVirality: 0,
      viralCoefficients: [],
      meanOffspring: null,
      sharers: 0,
      leaves: 1,
      outDegrees: [[0, 1]],
    })
  })

  test('two nodes: one pair at distance 1', () => {
    const m = cascadeMetrics(treeFromParents([-1, 0]))
    expect(m.structuralVirality).toBe(1)
    expect(m.generations).toEqual([1, 1])
  })

  test('star of 5 (one broadcast to 4): ν = 2(n−1)/n = 1.6', () => {
    // Pairs: 4 root–leaf at distance 1, 6 leaf–leaf at distance 2: (4 + 12) / 10.
    const m = cascadeMetrics(treeFromParents(star(5)))
    expect(m).toMatchObject({
      size: 5,
      depth: 1,
      meanDepth: 1,
      maxBreadth: 4,
      generations: [1, 4],
      largestBroadcast: 4,
      largestBroadcastNode: 0,
      viralCoefficients: [4],
      meanOffspring: 0,
      sharers: 1,
      leaves: 4,
      outDegrees: [
        [0, 4],
        [4, 1],
      ],
    })
    expect(m.structuralVirality).toBeCloseTo(1.6, 12)
  })

  test('chain of 5 (person to person): ν = (n+1)/3 = 2', () => {
    // Distances 1×4 + 2×3 + 3×2 + 4×1 = 20 over 10 pairs.
    const m = cascadeMetrics(treeFromParents(chain(5)))
    expect(m).toMatchObject({
      size: 5,
      depth: 4,
      meanDepth: 2.5,
      maxBreadth: 1,
      generations: [1, 1, 1, 1, 1],
      largestBroadcast: 1,
      viralCoefficients: [1, 1, 1, 1],
      meanOffspring: 0.75,
      sharers: 4,
      leaves: 1,
    })
    expect(m.structuralVirality).toBeCloseTo(2, 12)
  })

  test('broom (root → a → b, b → three leaves): ν = 28/15', () => {
    // From the root 1+2+3·3 = 12, from a 1+2·3 = 7, from b 3, leaf pairs 3·2 = 6: 28 over 15 pairs.
    const tree = treeFromParents(broom(3, 3), { ids: ['r', 'a', 'b', 'c1', 'c2', 'c3'] })
    const m = cascadeMetrics(tree)
    expect(m).toMatchObject({
      size: 6,
      depth: 3,
      meanDepth: 2.4,
      maxBreadth: 3,
      generations: [1, 1, 1, 3],
      largestBroadcast: 3,
      viralCoefficients: [1, 1, 3],
      meanOffspring: 0.8,
      sharers: 3,
      leaves: 3,
    })
    expect(nodeId(tree, m.largestBroadcastNode)).toBe('b')
    expect(m.structuralVirality).toBeCloseTo(28 / 15, 12)
    expect(Array.from(subtreeSizes(tree))).toEqual([6, 5, 4, 1, 1, 1])
  })

  test('the reference figures: 1,000-node star 1.998, 1,000-node chain 333.67', () => {
    expect(structuralVirality(treeFromParents(star(1000)))).toBeCloseTo(1.998, 10)
    expect(structuralVirality(treeFromParents(chain(1000)))).toBeCloseTo(1001 / 3, 9)
  })

  test('generations of an uneven tree', () => {
    // r → a, b; a → c, d, e; b → f; f → g
    const tree = buildCascadeTree([
      { parent: null, child: 'r' },
      { parent: 'r', child: 'a' },
      { parent: 'r', child: 'b' },
      { parent: 'a', child: 'c' },
      { parent: 'a', child: 'd' },
      { parent: 'a', child: 'e' },
      { parent: 'b', child: 'f' },
      { parent: 'f', child: 'g' },
    ])
    const m = cascadeMetrics(tree)
    expect(m.generations).toEqual([1, 2, 4, 1])
    expect(m.maxBreadth).toBe(4)
    expect(m.viralCoefficients).toEqual([2, 2, 0.25])
    expect(m.largestBroadcast).toBe(3)
    expect(nodeId(tree, m.largestBroadcastNode)).toBe('a')
    expect(m.meanOffspring).toBeCloseTo(5 / 7, 12)
    expect(m.structuralVirality).toBeCloseTo(bruteStructuralVirality(parentsOf(tree)), 12)
  })
})

/** Parent indices of a built tree, in tree order (the brute-force functions' input). */
const parentsOf = (tree: { parent: Int32Array }) => Array.from(tree.parent)

describe('cascade metrics against brute force on random trees', () => {
  test('structural virality equals the all-pairs BFS mean distance', () => {
    fc.assert(
      fc.property(arbitraryParents(), (parents) => {
        const fast = structuralVirality(treeFromParents(parents))
        const slow = bruteStructuralVirality(parents)
        expect(Math.abs(fast - slow)).toBeLessThanOrEqual(1e-9 * Math.max(1, slow))
      }),
      { numRuns: 300 },
    )
  })

  test('size, depth, generations, breadth, largest broadcast and mean depth match', () => {
    fc.assert(
      fc.property(arbitraryParents(), (parents) => {
        const m = cascadeMetrics(treeFromParents(parents))
        const b = bruteShape(parents)
        expect(m.size).toBe(b.size)
        expect(m.depth).toBe(b.depth)
        expect(m.generations).toEqual(b.generations)
        expect(m.maxBreadth).toBe(b.maxBreadth)
        expect(m.largestBroadcast).toBe(b.largestBroadcast)
        expect(m.meanDepth).toBeCloseTo(b.meanDepth, 9)
        expect(m.sharers + m.leaves).toBe(b.size)
        expect(m.outDegrees.reduce((sum, [d, count]) => sum + d * count, 0)).toBe(b.size - 1)
      }),
      { numRuns: 300 },
    )
  })

  test('tree order puts parents first and generations in one block each', () => {
    fc.assert(
      fc.property(arbitraryParents(), (parents) => {
        const tree = treeFromParents(parents)
        expect(tree.parent[0]).toBe(-1)
        for (let v = 1; v < tree.size; v++) {
          expect(tree.parent[v]!).toBeLessThan(v)
          expect(tree.depth[v]).toBe(tree.depth[tree.parent[v]!]! + 1)
          // The same edge as in the input.
          expect(parents[tree.inputIndex[v]!]).toBe(tree.inputIndex[tree.parent[v]!])
        }
        for (let g = 0; g + 1 < tree.generationStart.length; g++)
          for (let v = tree.generationStart[g]!; v < tree.generationStart[g + 1]!; v++)
            expect(tree.depth[v]).toBe(g)
      }),
      { numRuns: 200 },
    )
  })

  test('string edges in any row order give the same metrics as parent indices', () => {
    fc.assert(
      fc.property(arbitraryParents(40), fc.integer(), (parents, shift) => {
        const n = parents.length
        const rows = parents.map((p, i) => ({ parent: p < 0 ? null : `n${p}`, child: `n${i}` }))
        const rotated = rows.map((_, i) => rows[(i + Math.abs(shift)) % n]!)
        // Which of several equally large broadcasts is named depends on row order.
        const shape = (m: ReturnType<typeof cascadeMetrics>) => ({ ...m, largestBroadcastNode: 0 })
        expect(shape(cascadeMetrics(buildCascadeTree(rotated)))).toEqual(
          shape(cascadeMetrics(treeFromParents(parents))),
        )
      }),
      { numRuns: 100 },
    )
  })
})
