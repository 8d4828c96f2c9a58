import { describe, expect, test } from 'vitest'
import { isMurmurError } from '../errors.js'
import { CascadeTreeError, type TreeProblemKind } from './problems.js'
import {
  buildCascadeTree,
  type CascadeEdge,
  nodeId,
  nodeRow,
  subtreeOf,
  treeFromParents,
} from './tree.js'

/** Edges from "parent>child" strings; ">r" is a root row. Rows are 1-based positions. */
const edges = (...pairs: string[]): CascadeEdge[] =>
  pairs.map((pair) => {
    const [parent, child] = pair.split('>') as [string, string]
    return { parent: parent === '' ? null : parent, child }
  })

function problemsOf(input: CascadeEdge[]) {
  try {
    buildCascadeTree(input)
  } catch (error) {
    if (error instanceof CascadeTreeError) return error
    throw error
  }
  throw new Error('expected the edges to be rejected')
}

const kinds = (error: CascadeTreeError): TreeProblemKind[] => error.problems.map((p) => p.kind)

describe('building a cascade tree', () => {
  test('renumbers breadth first, children in row order, and keeps ids and rows', () => {
    const tree = buildCascadeTree(edges('a>c', 'r>b', '>r', 'r>a', 'b>d'))
    expect(Array.from({ length: tree.size }, (_, v) => nodeId(tree, v))).toEqual([
      'r',
      'b',
      'a',
      'd',
      'c',
    ])
    expect(Array.from(tree.parent)).toEqual([-1, 0, 0, 1, 2])
    expect(Array.from(tree.depth)).toEqual([0, 1, 1, 2, 2])
    expect(Array.from(tree.generationStart)).toEqual([0, 1, 3, 5])
    expect(nodeRow(tree, 0)).toBe(3)
    expect(nodeRow(tree, 4)).toBe(1)
  })

  test('a lone root is a tree', () => {
    const tree = buildCascadeTree(edges('>post'))
    expect(tree.size).toBe(1)
    expect(Array.from(tree.generationStart)).toEqual([0, 1])
  })

  test('explicit row numbers are used in messages (e.g. file lines)', () => {
    const error = problemsOf([
      { parent: null, child: 'r', row: 2 },
      { parent: 'r', child: 'r', row: 7 },
    ])
    expect(error.message).toContain('row 7: "r" is its own parent')
  })
})

describe('rejecting what is not one tree, naming the rows', () => {
  test('no rows', () => {
    const error = problemsOf([])
    expect(kinds(error)).toEqual(['empty'])
    expect(error.message).toBe('Not a share tree: there are no rows.')
  })

  test('two roots', () => {
    const error = problemsOf(edges('>r', 'r>a', '>s', 's>b'))
    expect(kinds(error)).toEqual(['several_roots'])
    expect(error.problems[0]!.rows).toEqual([1, 3])
    expect(error.message).toContain('2 roots (rows 1 and 3 have an empty parent)')
  })

  test('no root at all', () => {
    const error = problemsOf(edges('b>a', 'a>b'))
    expect(kinds(error)).toEqual(['no_root', 'cycle'])
    expect(error.message).toContain('no row has an empty parent')
  })

  test('a cycle beside a valid root', () => {
    const error = problemsOf(edges('>r', 'r>a', 'c>b', 'b>c', 'd>e', 'e>f', 'f>d', 'd>g'))
    expect(kinds(error)).toEqual(['cycle', 'cycle'])
    expect(error.problems[0]!.rows).toEqual([3, 4])
    expect(error.problems[1]!.rows).toEqual([5, 6, 7])
    expect(error.message).toContain('rows 5, 6 and 7 form a cycle (')
    expect(error.message).toMatch(
      /"d" → "e" → "f" → "d"|"e" → "f" → "d" → "e"|"f" → "d" → "e" → "f"/,
    )
  })

  test('a child with two parents', () => {
    const error = problemsOf(edges('>r', 'r>a', 'r>b', 'a>c', 'b>c'))
    expect(kinds(error)).toEqual(['several_parents'])
    expect(error.problems[0]!.rows).toEqual([4, 5])
    expect(error.message).toContain('"c" has 2 parents ("a", "b") in rows 4 and 5')
  })

  test('a root that also has a parent', () => {
    const error = problemsOf(edges('>r', 'x>r', '>x'))
    expect(kinds(error)).toContain('several_parents')
    expect(error.message).toContain('"r" has 2 parents (none (root), "x") in rows 1 and 2')
  })

  test('the same edge twice', () => {
    const error = problemsOf(edges('>r', 'r>a', 'r>a'))
    expect(kinds(error)).toEqual(['repeated_child'])
    expect(error.message).toContain('"a" is listed more than once (rows 2 and 3)')
  })

  test('a self-loop', () => {
    const error = problemsOf(edges('>r', 'a>a'))
    expect(kinds(error)).toEqual(['self_loop'])
    expect(error.message).toContain('row 2: "a" is its own parent')
  })

  test('a parent that never appears as a child', () => {
    const error = problemsOf(edges('>r', 'r>a', 'ghost>b', 'ghost>c', 'b>d'))
    expect(kinds(error)).toEqual(['unknown_parent'])
    expect(error.problems[0]!.rows).toEqual([3, 4])
    expect(error.message).toContain('parent "ghost" in rows 3 and 4 has no row of its own')
  })

  test('a row without a child', () => {
    const error = problemsOf(edges('>r', 'r>'))
    expect(kinds(error)).toEqual(['missing_child'])
    expect(error.message).toContain('row 2 has no child id')
  })

  test('several problems at once: all are listed, the message shows five', () => {
    const error = problemsOf(
      edges('>r', '>s', 'a>a', 'r>b', 'r>b', 'x>y', 'p>q', 'q>p', 'm>m', 'n>n', 'o>o'),
    )
    expect(error.problems.length).toBe(8)
    expect(error.message).toContain('(and 3 more)')
    expect(isMurmurError(error)).toBe(true)
    expect(error.code).toBe('validation_failed')
    expect(error.details).toEqual(error.problems)
  })

  test('long row lists are shortened', () => {
    const rows = edges('>r', ...Array.from({ length: 15 }, (_, i) => `gone>c${i}`))
    expect(problemsOf(rows).message).toContain('rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 5 more')
  })

  test('parent indices out of range', () => {
    expect(() => treeFromParents([-1, 5])).toThrow('row 2: parent 5 is not a node of this tree')
    expect(() => treeFromParents([-1, 0.5])).toThrow(CascadeTreeError)
  })

  test('a million-node chain in a cycle is found without recursion', () => {
    const n = 1_000_000
    const parents = Int32Array.from({ length: n }, (_, i) => (i === 0 ? n - 1 : i - 1))
    const error = (() => {
      try {
        treeFromParents(parents)
      } catch (e) {
        return e as CascadeTreeError
      }
    })()
    expect(error?.problems.map((p) => p.kind)).toEqual(['no_root', 'cycle'])
    expect(error?.problems[1]?.rows.length).toBe(n)
  })
})

describe('a tree without some nodes', () => {
  test('the children of a left-out node hang from its nearest kept ancestor', () => {
    // r → a → b → c, a → d
    const tree = buildCascadeTree(edges('>r', 'r>a', 'a>b', 'b>c', 'a>d'))
    const kept = subtreeOf(tree, (input) => input !== 1 && input !== 2) // leave out a and b
    const parentIds = Array.from({ length: kept.size }, (_, v) =>
      v === 0 ? null : nodeId(kept, kept.parent[v]!),
    )
    expect(Array.from({ length: kept.size }, (_, v) => nodeId(kept, v))).toEqual(['r', 'd', 'c'])
    expect(parentIds).toEqual([null, 'r', 'r'])
    expect(nodeRow(kept, 2)).toBe(4)
    expect(() => subtreeOf(tree, (input) => input !== 0)).toThrow('root')
  })
})
