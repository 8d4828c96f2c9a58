import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { branchTotals, creditBranches, rankAdvocates } from './branches.js'
import { bruteBranchTotals, randomParents } from './reference.js'
import { buildCascadeTree, treeFromParents } from './tree.js'

// post → ana, ben; ana → cy, dee; cy → eve (a sale of 5000 cents at the bottom)
const tree = buildCascadeTree([
  { parent: null, child: 'post' },
  { parent: 'post', child: 'ana' },
  { parent: 'post', child: 'ben' },
  { parent: 'ana', child: 'cy' },
  { parent: 'ana', child: 'dee' },
  { parent: 'cy', child: 'eve' },
])
//                   post ana ben cy dee eve  (input order)
const conversions = [1, 0, 1, 0, 1, 1]
const revenue = [1000, 0, 200, 0, 0, 5000]

describe('credit per branch', () => {
  test('each sharer gets what came down their branch, their own link included', () => {
    const credits = creditBranches(tree, { conversions, revenue })
    const byId = (id: string) => {
      for (let v = 0; v < tree.size; v++) if (credits.credit(v).id === id) return credits.credit(v)
      throw new Error(id)
    }
    expect(byId('post')).toMatchObject({ conversions: 4, revenue: 6200, peopleReached: 5 })
    expect(byId('ana')).toMatchObject({
      generation: 1,
      peopleReached: 3,
      conversions: 2,
      revenue: 5000,
      ownConversions: 0,
      ownRevenue: 0,
    })
    expect(byId('cy')).toMatchObject({ conversions: 1, revenue: 5000, peopleReached: 1, row: 4 })
    expect(byId('ben')).toMatchObject({ conversions: 1, revenue: 200, ownRevenue: 200 })
  })

  test('advocates are ranked by revenue, then conversions, then people; the root is left out', () => {
    const ranked = rankAdvocates(tree, { conversions, revenue }, 3)
    expect(ranked.map((c) => c.id)).toEqual(['ana', 'cy', 'eve'])
    expect(rankAdvocates(tree, { conversions }, 10).map((c) => c.id)).toEqual([
      'ana',
      'cy', // ties on one conversion with ben, dee and eve, and reached one person
      'ben',
      'dee',
      'eve',
    ])
    expect(rankAdvocates(tree, {}, 10).map((c) => c.id)).toEqual(['ana', 'cy'])
    expect(rankAdvocates(tree, { revenue }, 0)).toEqual([])
  })

  test('missing values count as zero', () => {
    const totals = branchTotals(tree, [1, undefined, null, Number.NaN])
    expect(Array.from(totals.branch)).toEqual([1, 0, 0, 0, 0, 0])
  })

  test('branch totals equal summing every node into all its ancestors', () => {
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
            fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: n, maxLength: n }),
          ),
        ),
        ([window, picks, label, values]) => {
          const parents = randomParents(window, picks, label)
          const t = treeFromParents(parents)
          const { branch } = branchTotals(t, values)
          const expected = bruteBranchTotals(parents, values)
          for (let v = 0; v < t.size; v++) expect(branch[v]).toBe(expected[t.inputIndex[v]!])
        },
      ),
      { numRuns: 200 },
    )
  })
})
