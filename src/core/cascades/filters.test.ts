import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { filterAbuse, findAbuse, withoutNodes } from './filters.js'
import { cascadeMetrics } from './metrics.js'
import { randomParents } from './reference.js'
import { buildCascadeTree, type CascadeEdge, nodeId, treeFromParents } from './tree.js'

const parentIdOf = (tree: ReturnType<typeof buildCascadeTree>, id: string) => {
  for (let v = 0; v < tree.size; v++)
    if (nodeId(tree, v) === id) return v === 0 ? null : nodeId(tree, tree.parent[v]!)
  throw new Error(`no ${id}`)
}

describe('abuse filters', () => {
  // post → a (x) → b (y) → c (x, back through b: a loop) → d (z); post → e (a bot)
  const tree = buildCascadeTree([
    { parent: null, child: 'post' },
    { parent: 'post', child: 'a' },
    { parent: 'a', child: 'b' },
    { parent: 'b', child: 'c' },
    { parent: 'c', child: 'd' },
    { parent: 'post', child: 'e' },
  ])
  const visitors = [null, 'x', 'y', 'x', 'z', 'w']
  const bots = [0, 0, 0, 0, 0, 1]

  test('self-referral loops and bots are left out, with their reasons', () => {
    const { tree: kept, excluded } = filterAbuse(tree, { visitors, bots })
    expect(excluded).toEqual([
      {
        node: 3,
        id: 'c',
        row: 4,
        reason: 'self_referral',
        detail: 'visitor x also made "a" (row 2) above it: a self-referral loop',
      },
      { node: 5, id: 'e', row: 6, reason: 'bot', detail: 'came from a bot or crawler' },
    ])
    // d still counts: it hangs from b, the nearest sharer left.
    expect(kept.size).toBe(4)
    expect(parentIdOf(kept, 'd')).toBe('b')
    expect(cascadeMetrics(kept).generations).toEqual([1, 1, 1, 1])
  })

  test('no signals, no exclusions; the root is never left out', () => {
    expect(findAbuse(tree, {})).toEqual([])
    expect(findAbuse(tree, { bots: [1, 0, 0, 0, 0, 0], visitors: ['x', 'x'] })).toMatchObject([
      { id: 'a', reason: 'self_referral' },
    ])
  })

  test('a bot reason wins over a self-referral', () => {
    const excluded = findAbuse(tree, { visitors, bots: [0, 0, 0, 1, 0, 0] })
    expect(excluded.map((e) => [e.id, e.reason])).toEqual([['c', 'bot']])
  })

  test('link farming: past the limit, only the visitor’s first link counts', () => {
    const rows: CascadeEdge[] = [{ parent: null, child: 'post' }]
    for (let i = 0; i < 25; i++) rows.push({ parent: 'post', child: `f${i}` })
    rows.push({ parent: 'f3', child: 'friend' })
    const farm = buildCascadeTree(rows)
    const farmer = [null, ...Array.from({ length: 25 }, () => 'farmer-visitor-id'), 'friend']
    const { tree: kept, excluded } = filterAbuse(farm, {
      visitors: farmer,
      maxLinksPerVisitor: 20,
    })
    expect(excluded.length).toBe(24)
    expect(excluded.every((e) => e.reason === 'link_farming')).toBe(true)
    expect(excluded[0]!.detail).toBe(
      'visitor farmer-vis... made 25 share links (more than 20); only the first, "f0" (row 2), counts',
    )
    expect(kept.size).toBe(3)
    expect(parentIdOf(kept, 'friend')).toBe('post')
    expect(findAbuse(farm, { visitors: farmer, maxLinksPerVisitor: 25 })).toEqual([])
    // The default limit is 20 too.
    expect(findAbuse(farm, { visitors: farmer }).length).toBe(24)
  })

  test('self-referrals match a walk up every node’s ancestors', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }).chain((n) =>
          fc.tuple(
            fc.integer({ min: 1, max: n }),
            fc.array(fc.nat(), { minLength: n, maxLength: n }),
            fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => i),
              { minLength: n, maxLength: n },
            ),
            fc.array(fc.constantFrom('p', 'q', 'r', 's', ''), { minLength: n, maxLength: n }),
          ),
        ),
        ([window, picks, label, visitors]) => {
          const parents = randomParents(window, picks, label)
          const t = treeFromParents(parents)
          const expected: number[] = []
          for (let v = 0; v < parents.length; v++) {
            if (parents[v] === -1 || visitors[v] === '') continue
            for (let u = parents[v]!; u >= 0; u = parents[u]!)
              if (visitors[u] === visitors[v]) {
                expected.push(v)
                break
              }
          }
          const found = findAbuse(t, { visitors, maxLinksPerVisitor: Number.POSITIVE_INFINITY })
          expect(found.map((e) => e.node).sort((a, b) => a - b)).toEqual(expected)
        },
      ),
      { numRuns: 200 },
    )
  })

  test('leaving nodes out re-hangs everyone else from their nearest kept ancestor', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }).chain((n) =>
          fc.tuple(
            fc.integer({ min: 1, max: n }),
            fc.array(fc.nat(), { minLength: n, maxLength: n }),
            fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => i),
              { minLength: n, maxLength: n },
            ),
            fc.array(fc.boolean(), { minLength: n, maxLength: n }),
          ),
        ),
        ([window, picks, label, drop]) => {
          const parents = randomParents(window, picks, label)
          const out = parents.map((p, i) => (p !== -1 && drop[i] ? i : -1)).filter((i) => i >= 0)
          const kept = withoutNodes(treeFromParents(parents), out)
          expect(kept.size).toBe(parents.length - out.length)
          for (let v = 1; v < kept.size; v++) {
            let u = parents[kept.inputIndex[v]!]!
            while (out.includes(u)) u = parents[u]!
            expect(kept.inputIndex[kept.parent[v]!]).toBe(u)
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
