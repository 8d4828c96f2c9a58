/**
 * Inboxes built from several Graph edges at once (a Page's comments and its tags; an Instagram
 * account's comments and its mentions) page through each edge with its own cursor. Murmur hands
 * out one opaque cursor holding all of them.
 */
import type { NetworkMention } from '../spec/network-mention.js'

/** Per source: a cursor to continue from, `null` when it has no more pages. */
export type SourceCursors = Record<string, string | null>

export function encodeSourceCursors(cursors: SourceCursors): string | undefined {
  if (Object.values(cursors).every((cursor) => cursor === null)) return undefined
  return Buffer.from(JSON.stringify(cursors)).toString('base64url')
}

/** An empty object on the first page (every source starts from its newest item). */
export function decodeSourceCursors(cursor: string | undefined): SourceCursors {
  if (!cursor) return {}
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {}
    const cursors: SourceCursors = {}
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === 'string' || value === null) cursors[key] = value
    }
    return cursors
  } catch {
    return {}
  }
}

/** Newest first, each id once (a comment can reach Murmur through two edges). */
export function newestFirst(items: NetworkMention[]): NetworkMention[] {
  const byId = new Map<string, NetworkMention>()
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item)
  return [...byId.values()].sort(
    (left, right) => Date.parse(right.createdAt) - Date.parse(left.createdAt),
  )
}

/** The `after` cursor of a Graph page when a next page exists, else null. */
export function nextAfter(paging: GraphPaging | undefined): string | null {
  return paging?.next && paging.cursors?.after ? paging.cursors.after : null
}

export interface GraphPaging {
  cursors?: { before?: string; after?: string }
  next?: string
  previous?: string
}

export interface GraphPage<Item> {
  data?: Item[]
  paging?: GraphPaging
}
