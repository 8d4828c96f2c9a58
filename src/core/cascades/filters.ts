import { type CascadeTree, nodeId, nodeRow, subtreeOf } from './tree.js'

/** Why a node was left out of the metrics. */
export type ExclusionReason = 'bot' | 'self_referral' | 'link_farming'

export interface Exclusion {
  /** Input position of the node. */
  node: number
  id: string
  row: number
  reason: ExclusionReason
  /** The reason in plain words, for the business owner. */
  detail: string
}

/** Signals per node, in input order. Missing arrays switch their filter off. */
export interface AbuseSignals {
  /** Who made each share link (Murmur's visitor id, or a contact id); empty for unknown. */
  visitors?: ArrayLike<string | null | undefined>
  /** Whether each node came from a bot or crawler. */
  bots?: ArrayLike<boolean | number | null | undefined>
  /** A visitor who made more share links than this is farming links. */
  maxLinksPerVisitor?: number
}

export const DEFAULT_MAX_LINKS_PER_VISITOR = 20

const shortVisitor = (visitor: string) =>
  visitor.length > 12 ? `${visitor.slice(0, 10)}...` : visitor

/**
 * Finds the nodes to leave out, each once, with the first reason that applies:
 * - bot: the node was flagged as a bot or crawler;
 * - self_referral: the same visitor already appears above the node, i.e. they
 *   came back through their own branch to get another link;
 * - link_farming: the visitor made more than `maxLinksPerVisitor` links; the
 *   first one (in input order) is kept and the rest left out.
 * The root (the business's own post) is never left out. Linear time: one
 * iterative depth-first walk keeps the visitors on the current path.
 */
export function findAbuse(tree: CascadeTree, signals: AbuseSignals): Exclusion[] {
  const n = tree.size
  const { inputIndex } = tree
  const reason: (ExclusionReason | null)[] = new Array(n).fill(null)
  const detail: string[] = new Array(n)
  const visitorOf = (v: number): string | null => {
    const visitor = signals.visitors?.[inputIndex[v]!]
    return typeof visitor === 'string' && visitor !== '' ? visitor : null
  }

  const bots = signals.bots
  if (bots)
    for (let v = 1; v < n; v++) {
      const flag = bots[inputIndex[v]!]
      if (flag === true || flag === 1) {
        reason[v] = 'bot'
        detail[v] = 'came from a bot or crawler'
      }
    }

  if (signals.visitors) {
    markSelfReferrals(tree, visitorOf, reason, detail)
    markLinkFarming(tree, visitorOf, reason, detail, signals.maxLinksPerVisitor)
  }

  const excluded: Exclusion[] = []
  for (let v = 1; v < n; v++) {
    const why = reason[v]
    if (why)
      excluded.push({
        node: inputIndex[v]!,
        id: nodeId(tree, v),
        row: nodeRow(tree, v),
        reason: why,
        detail: detail[v]!,
      })
  }
  return excluded.sort((a, b) => a.row - b.row || a.node - b.node)
}

function markSelfReferrals(
  tree: CascadeTree,
  visitorOf: (v: number) => string | null,
  reason: (ExclusionReason | null)[],
  detail: string[],
) {
  const n = tree.size
  // In breadth-first order each node's children are one contiguous range.
  const firstChild = new Int32Array(n + 1)
  for (let v = 1; v < n; v++) firstChild[tree.parent[v]! + 1]!++
  firstChild[0] = 1
  for (let v = 0; v < n; v++) firstChild[v + 1]! += firstChild[v]!

  const onPath = new Map<string, number>() // visitor -> tree position of the highest node on the path
  const stack = new Int32Array(2 * n) // v to enter, ~v to leave
  let top = 0
  stack[top++] = 0
  while (top > 0) {
    const item = stack[--top]!
    if (item < 0) {
      const v = ~item
      const visitor = visitorOf(v)
      if (visitor !== null && onPath.get(visitor) === v) onPath.delete(visitor)
      continue
    }
    const v = item
    const visitor = visitorOf(v)
    if (visitor !== null) {
      const above = onPath.get(visitor)
      if (above !== undefined) {
        if (reason[v] === null) {
          reason[v] = 'self_referral'
          detail[v] =
            `visitor ${shortVisitor(visitor)} also made ${quoteNode(tree, above)} above it: a self-referral loop`
        }
      } else onPath.set(visitor, v)
    }
    stack[top++] = ~v
    for (let c = firstChild[v + 1]! - 1; c >= firstChild[v]!; c--) stack[top++] = c
  }
}

function markLinkFarming(
  tree: CascadeTree,
  visitorOf: (v: number) => string | null,
  reason: (ExclusionReason | null)[],
  detail: string[],
  maxLinksPerVisitor = DEFAULT_MAX_LINKS_PER_VISITOR,
) {
  const n = tree.size
  const made = new Map<string, { count: number; first: number }>()
  for (let v = 1; v < n; v++) {
    if (reason[v] === 'bot') continue
    const visitor = visitorOf(v)
    if (visitor === null) continue
    const entry = made.get(visitor)
    if (!entry) made.set(visitor, { count: 1, first: v })
    else {
      entry.count++
      if (tree.inputIndex[v]! < tree.inputIndex[entry.first]!) entry.first = v
    }
  }
  for (let v = 1; v < n; v++) {
    if (reason[v] !== null) continue
    const visitor = visitorOf(v)
    if (visitor === null) continue
    const entry = made.get(visitor)!
    if (entry.count <= maxLinksPerVisitor || entry.first === v) continue
    reason[v] = 'link_farming'
    detail[v] =
      `visitor ${shortVisitor(visitor)} made ${entry.count} share links (more than ${maxLinksPerVisitor}); only the first, ${quoteNode(tree, entry.first)}, counts`
  }
}

const quoteNode = (tree: CascadeTree, v: number) =>
  `${JSON.stringify(nodeId(tree, v))} (row ${nodeRow(tree, v)})`

/**
 * The tree without the given nodes (input positions): each remaining node
 * hangs from its nearest remaining ancestor, so real people who came after a
 * left-out node still count, credited to the sharer above it.
 */
export function withoutNodes(tree: CascadeTree, nodes: Iterable<number>): CascadeTree {
  const out = new Set(nodes)
  if (out.size === 0) return tree
  return subtreeOf(tree, (input) => !out.has(input))
}

/** The tree with abuse left out, and what was left out and why. */
export function filterAbuse(
  tree: CascadeTree,
  signals: AbuseSignals,
): { tree: CascadeTree; excluded: Exclusion[] } {
  const excluded = findAbuse(tree, signals)
  return {
    tree: withoutNodes(
      tree,
      excluded.map((e) => e.node),
    ),
    excluded,
  }
}
