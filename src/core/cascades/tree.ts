import { CascadeTreeError, describeRows, quoteId, type TreeProblem } from './problems.js'

/**
 * A share cascade: one rooted tree, its nodes numbered in breadth-first order
 * (the root is 0, then generation 1, then generation 2...). In that order every
 * parent comes before its children and each generation is one contiguous
 * range, so every metric is a single pass over typed arrays, with no recursion.
 *
 * "Tree order" below means this breadth-first numbering; "input order" means
 * the order in which the nodes were given (row order). Per-node data such as
 * times or conversions is passed in input order, and `inputIndex` maps between
 * the two.
 */
export interface CascadeTree {
  /** Number of nodes, root included. */
  readonly size: number
  /** Parent of each node in tree order; -1 for the root (node 0), otherwise less than the node. */
  readonly parent: Int32Array
  /** Generation of each node in tree order: 0 for the root. Never decreases. */
  readonly depth: Int32Array
  /** Generation g is nodes generationStart[g] up to generationStart[g + 1] - 1. */
  readonly generationStart: Int32Array
  /** Input position (0-based) of each node in tree order. */
  readonly inputIndex: Int32Array
  /** Node ids in input order; null when the tree was built from parent indices. */
  readonly ids: readonly string[] | null
  /** The 1-based input row of each node, in input order. */
  readonly rows: Int32Array
}

/** The id of node `v` (tree order): its given id, or its input position. */
export function nodeId(tree: CascadeTree, v: number): string {
  const input = tree.inputIndex[v]!
  return tree.ids ? tree.ids[input]! : String(input)
}

/** The 1-based input row of node `v` (tree order). */
export function nodeRow(tree: CascadeTree, v: number): number {
  return tree.rows[tree.inputIndex[v]!]!
}

const ROOT = -1
/** A parent that could not be resolved; the caller has already reported it. */
const UNRESOLVED = -2

/**
 * Checks parent indices (input order: -1 for a root, UNRESOLVED for a parent
 * already reported) and returns the tree, or throws with every problem found.
 * `sourceIndex` maps these positions to the caller's input positions when the
 * nodes are a subset of a larger input (after filtering).
 */
function assemble(
  parentOf: Int32Array,
  rows: Int32Array,
  ids: readonly string[] | null,
  problems: TreeProblem[],
  sourceIndex: Int32Array | null = null,
): CascadeTree {
  const n = parentOf.length
  const rowOf = (i: number) => rows[sourceIndex ? sourceIndex[i]! : i]!
  const label = (i: number) => {
    const source = sourceIndex ? sourceIndex[i]! : i
    return ids ? quoteId(ids[source]!) : `node ${source}`
  }
  if (n === 0 && problems.length === 0) {
    problems.push({ kind: 'empty', rows: [], message: 'there are no rows' })
  }

  const roots: number[] = []
  for (let i = 0; i < n; i++) {
    const p = parentOf[i]!
    if (p === ROOT) roots.push(i)
    else if (p === i)
      problems.push({
        kind: 'self_loop',
        rows: [rowOf(i)],
        message: `${describeRows([rowOf(i)])}: ${label(i)} is its own parent`,
      })
  }
  if (n > 0 && roots.length === 0)
    problems.push({
      kind: 'no_root',
      rows: [],
      message: 'no row has an empty parent, so there is no root (the original post)',
    })
  if (roots.length > 1) {
    const rootRows = roots.map(rowOf)
    problems.push({
      kind: 'several_roots',
      rows: rootRows,
      message: `${roots.length} roots (${describeRows(rootRows)} have an empty parent); a cascade has exactly one`,
    })
  }
  // With one root and every parent resolved, the tree is whole exactly when a
  // breadth-first walk from the root reaches every node; only when it does not
  // (or there are other problems) are the cycles looked for, to name them.
  if (problems.length === 0) {
    const tree = breadthFirst(parentOf, roots[0]!, rows, ids, sourceIndex)
    if (tree) return tree
  }
  findCycles(parentOf, rowOf, label, problems)
  throw new CascadeTreeError(problems)
}

/**
 * Follows parent links from every node once. A walk that comes back to a node
 * of the same walk has found a cycle; walks end at the root, at an unresolved
 * parent, at a self-loop, or at a node an earlier walk already cleared. Each
 * node is walked over once, so this is linear.
 */
function findCycles(
  parentOf: Int32Array,
  rowOf: (i: number) => number,
  label: (i: number) => string,
  problems: TreeProblem[],
) {
  const n = parentOf.length
  const state = new Uint8Array(n) // 0 unseen, 1 on the current walk, 2 cleared
  const walk = new Int32Array(n)
  const walkPosition = new Int32Array(n)
  for (let start = 0; start < n; start++) {
    if (state[start] !== 0) continue
    let length = 0
    let v = start
    for (;;) {
      if (state[v] === 2) break
      if (state[v] === 1) {
        const cycle = Array.from(walk.subarray(walkPosition[v]!, length)).reverse()
        const names = cycle.map(label)
        const shown = names.length > 10 ? [...names.slice(0, 10), '...'] : names
        problems.push({
          kind: 'cycle',
          rows: cycle.map(rowOf).sort((a, b) => a - b),
          message: `${describeRows(cycle.map(rowOf).sort((a, b) => a - b))} form a cycle (${[...shown, names[0]].join(' → ')}), so they never lead back to the root`,
        })
        break
      }
      state[v] = 1
      walkPosition[v] = length
      walk[length++] = v
      const p = parentOf[v]!
      if (p < 0 || p === v) break
      v = p
    }
    for (let k = 0; k < length; k++) state[walk[k]!] = 2
  }
}

/**
 * Renumbers the tree in breadth-first order, children in input order; null
 * when some nodes cannot be reached from the root (they are on cycles).
 */
function breadthFirst(
  parentOf: Int32Array,
  root: number,
  rows: Int32Array,
  ids: readonly string[] | null,
  sourceIndex: Int32Array | null,
): CascadeTree | null {
  const n = parentOf.length
  // Children lists as one array (counting sort by parent, stable in input order).
  const childStart = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) if (i !== root) childStart[parentOf[i]! + 1]!++
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!
  const fill = childStart.slice(0, n)
  const children = new Int32Array(Math.max(0, n - 1))
  for (let i = 0; i < n; i++) if (i !== root) children[fill[parentOf[i]!]!++] = i

  const order = new Int32Array(n) // tree position -> input position
  const parent = new Int32Array(n)
  const depth = new Int32Array(n)
  order[0] = root
  parent[0] = ROOT
  let tail = 1
  for (let head = 0; head < tail; head++) {
    const u = order[head]!
    for (let k = childStart[u]!, end = childStart[u + 1]!; k < end; k++) {
      order[tail] = children[k]!
      parent[tail] = head
      depth[tail] = depth[head]! + 1
      tail++
    }
  }
  if (tail !== n) return null

  const generations = n === 0 ? 0 : depth[n - 1]! + 1
  const generationStart = new Int32Array(generations + 1)
  for (let v = 1; v < n; v++) if (depth[v] !== depth[v - 1]) generationStart[depth[v]!] = v
  generationStart[generations] = n

  const inputIndex = sourceIndex ? order.map((i) => sourceIndex[i]!) : order
  return { size: n, parent, depth, generationStart, inputIndex, ids, rows }
}

/**
 * A tree from parent indices in input order: `parents[i]` is the input
 * position of node i's parent, or -1 for the root. Rows default to i + 1.
 */
export function treeFromParents(
  parents: ArrayLike<number>,
  options: { ids?: readonly string[]; rows?: ArrayLike<number> } = {},
): CascadeTree {
  const n = parents.length
  let rows: Int32Array
  if (options.rows) rows = Int32Array.from(options.rows)
  else {
    rows = new Int32Array(n)
    for (let i = 0; i < n; i++) rows[i] = i + 1
  }
  const ids = options.ids ?? null
  const parentOf = new Int32Array(n)
  const problems: TreeProblem[] = []
  for (let i = 0; i < n; i++) {
    const p = parents[i]!
    if (p === ROOT || (Number.isInteger(p) && p >= 0 && p < n)) parentOf[i] = p
    else {
      parentOf[i] = UNRESOLVED
      problems.push({
        kind: 'unknown_parent',
        rows: [rows[i]!],
        message: `${describeRows([rows[i]!])}: parent ${p} is not a node of this tree`,
      })
    }
  }
  return assemble(parentOf, rows, ids, problems)
}

/**
 * The same tree restricted to `keep` (input positions, a subset that holds the
 * root): each kept node hangs from its nearest kept ancestor. Used to leave
 * nodes out of the metrics without losing the people who came after them.
 */
export function subtreeOf(tree: CascadeTree, keep: (inputIndex: number) => boolean): CascadeTree {
  const n = tree.size
  if (n > 0 && !keep(tree.inputIndex[0]!)) throw new Error('the root cannot be left out')
  const keptAncestor = new Int32Array(n) // tree position of the nearest kept node at or above v
  const compact = new Int32Array(n).fill(-1) // tree position -> new position
  let count = 0
  for (let v = 0; v < n; v++) {
    if (keep(tree.inputIndex[v]!)) {
      keptAncestor[v] = v
      compact[v] = count++
    } else keptAncestor[v] = keptAncestor[tree.parent[v]!]!
  }
  const parentOf = new Int32Array(count)
  const sourceIndex = new Int32Array(count)
  for (let v = 0; v < n; v++) {
    const j = compact[v]!
    if (j < 0) continue
    sourceIndex[j] = tree.inputIndex[v]!
    parentOf[j] = v === 0 ? ROOT : compact[keptAncestor[tree.parent[v]!]!]!
  }
  return assemble(parentOf, tree.rows, tree.ids, [], sourceIndex)
}

/** One `parent,child` edge. A root has no parent. `row` defaults to the 1-based edge count. */
export interface CascadeEdge {
  parent: string | null
  child: string
  row?: number
}

/**
 * Builds a tree from edges one at a time (so a large file never needs to be
 * held as objects). Ids are compared exactly; an empty parent means the root.
 */
export class CascadeTreeBuilder {
  private readonly index = new Map<string, number>()
  private readonly ids: string[] = []
  private readonly parentIds: (string | null)[] = []
  private readonly rows: number[] = []
  private readonly repeats = new Map<number, { rows: number[]; parents: (string | null)[] }>()
  private readonly problems: TreeProblem[] = []
  private edges = 0

  /** Number of edges added so far. */
  get count(): number {
    return this.edges
  }

  /** Adds an edge; returns whether it made a new node (false for a repeated or empty child). */
  add(parent: string | null, child: string, row = this.edges + 1): boolean {
    this.edges++
    const parentId = parent === '' ? null : parent
    if (child === '') {
      this.problems.push({
        kind: 'missing_child',
        rows: [row],
        message: `${describeRows([row])} has no child id`,
      })
      return false
    }
    const known = this.index.get(child)
    if (known !== undefined && parentId === child) {
      this.problems.push({
        kind: 'self_loop',
        rows: [row],
        message: `${describeRows([row])}: ${quoteId(child)} is its own parent`,
      })
      return false
    }
    if (known !== undefined) {
      let repeat = this.repeats.get(known)
      if (!repeat) {
        repeat = { rows: [this.rows[known]!], parents: [this.parentIds[known]!] }
        this.repeats.set(known, repeat)
      }
      repeat.rows.push(row)
      repeat.parents.push(parentId)
      return false
    }
    this.index.set(child, this.ids.length)
    this.ids.push(child)
    this.parentIds.push(parentId)
    this.rows.push(row)
    return true
  }

  /** The tree, or a CascadeTreeError naming the rows of every problem. */
  build(): CascadeTree {
    const problems = [...this.problems]
    for (const [node, repeat] of this.repeats) {
      const child = quoteId(this.ids[node]!)
      const distinct = new Set(repeat.parents)
      if (distinct.size === 1)
        problems.push({
          kind: 'repeated_child',
          rows: repeat.rows,
          message: `${child} is listed more than once (${describeRows(repeat.rows)})`,
        })
      else {
        const parents = [...distinct].map((p) => (p === null ? 'none (root)' : quoteId(p)))
        problems.push({
          kind: 'several_parents',
          rows: repeat.rows,
          message: `${child} has ${distinct.size} parents (${parents.join(', ')}) in ${describeRows(repeat.rows)}; each node has one`,
        })
      }
    }

    const n = this.ids.length
    const parentOf = new Int32Array(n)
    const unknown = new Map<string, number[]>()
    for (let i = 0; i < n; i++) {
      const parentId = this.parentIds[i]!
      if (parentId === null) {
        parentOf[i] = ROOT
        continue
      }
      const p = this.index.get(parentId)
      if (p !== undefined) parentOf[i] = p
      else {
        parentOf[i] = UNRESOLVED
        const rows = unknown.get(parentId)
        if (rows) rows.push(this.rows[i]!)
        else unknown.set(parentId, [this.rows[i]!])
      }
    }
    for (const [parentId, rows] of unknown)
      problems.push({
        kind: 'unknown_parent',
        rows,
        message: `parent ${quoteId(parentId)} in ${describeRows(rows)} has no row of its own (every parent must also appear as a child, or as the root with an empty parent)`,
      })
    return assemble(parentOf, Int32Array.from(this.rows), this.ids, problems)
  }
}

/** A tree from `parent,child` edges; throws CascadeTreeError naming the offending rows. */
export function buildCascadeTree(edges: Iterable<CascadeEdge>): CascadeTree {
  const builder = new CascadeTreeBuilder()
  for (const edge of edges) builder.add(edge.parent, edge.child, edge.row)
  return builder.build()
}
