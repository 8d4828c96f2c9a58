import { notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import {
  findNetworkError,
  type NetworkCredentials,
  type NetworkId,
  type NetworkReshare,
} from '../networks/spec/index.js'
import type { ShareLinksTable, ShareSource } from '../storage/tables/share-links.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { channelRefreshLock } from './channel-refresh-lock.js'
import { channelLabel, openCredentials, saveCredentials } from './channels.js'
import { networksOf } from './publishing-networks.js'

/** Networks that say who reshared (docs/word-of-mouth.md, "Reshares on the networks"). */
const RESHARE_NETWORKS = ['bluesky', 'mastodon'] as const satisfies readonly ShareSource[]

/** Quotes of quotes are followed this many generations down from the post. */
const MAX_QUOTE_DEPTH = 4
/** Reshares read per sync, over all channels: a small business's post, with room to spare. */
const MAX_RESHARES = 5_000
const PAGE_SIZE = 100

/** Who reshared, as a share tree node shows it (stored as JSON in `network_author`). */
export interface NetworkAuthor {
  kind: NetworkReshare['kind']
  id: string
  handle: string
  name: string | null
  url: string | null
}

export interface ReshareSyncResult {
  post_id: string
  /** Reshares found for the first time. */
  added: number
  channels: Array<{
    channel_id: string
    network: NetworkId
    handle: string
    found: number
    added: number
    /** Why this channel could not be read, in the network's words; null when it was. */
    error: string | null
  }>
}

type Row = Omit<ShareLinksTable, 'workspace_id'>

/**
 * The root node of a post's cascade. A post whose reshares are read before it has an original
 * share link gets a root with no tracked link (link_id ''); `createOriginal` gives it one later.
 */
async function postRoot(murmur: Murmur, scope: WorkspaceScope, postId: string): Promise<Row> {
  const existing = await scope
    .selectFrom('share_links')
    .selectAll()
    .where('root_kind', '=', 'post')
    .where('root_id', '=', postId)
    .where('parent_share_link_id', 'is', null)
    .executeTakeFirst()
  if (existing) return existing
  const row: Row = {
    // One id per post, so two syncs starting at once cannot give the tree two roots.
    id: `shl_root_${postId}`,
    link_id: '',
    parent_share_link_id: null,
    root_kind: 'post',
    root_id: postId,
    generation: 0,
    contact_id: null,
    created_by_visitor: null,
    source: 'murmur',
    is_paid: 0,
    created_at: murmur.now(),
    network_reshare_id: null,
    network_author: null,
  }
  await scope
    .insertInto('share_links', row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  return scope
    .selectFrom('share_links')
    .selectAll()
    .where('id', '=', row.id)
    .executeTakeFirstOrThrow()
}

const firstPartId = (remoteParts: string): string | null => {
  try {
    const parts = JSON.parse(remoteParts) as Array<{ id?: unknown }>
    const id = parts[0]?.id
    return typeof id === 'string' && id ? id : null
  } catch {
    return null
  }
}

/**
 * Reads who reposted, quoted or boosted a post on each network it went out to, and adds them
 * to the post's share tree: a repost or boost hangs from the post (or the quote) it reshared; a
 * quote is followed further, since people reshare quotes too. Reshares already known are kept
 * as they are, so running it again only adds what is new. One channel's failure is reported in
 * its entry and does not stop the others.
 */
export async function syncNetworkReshares(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
): Promise<ReshareSyncResult> {
  const post = await scope
    .selectFrom('posts')
    .select('id')
    .where('id', '=', postId)
    .executeTakeFirst()
  if (!post) throw notFound('Post')
  const deliveries = await scope
    .selectFrom('deliveries')
    .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
    .select([
      'deliveries.channel_id',
      'deliveries.network',
      'deliveries.remote_parts',
      'channels.handle',
      'channels.status',
      'channels.account_id',
    ])
    .where('deliveries.post_id', '=', postId)
    .where('channels.workspace_id', '=', scope.workspaceId)
    .where('deliveries.network', 'in', [...RESHARE_NETWORKS])
    .execute()
  const result: ReshareSyncResult = { post_id: postId, added: 0, channels: [] }
  let budget = MAX_RESHARES
  let root: Row | undefined
  for (const delivery of deliveries) {
    const remoteId = firstPartId(delivery.remote_parts)
    if (!remoteId) continue
    const entry = {
      channel_id: delivery.channel_id,
      network: delivery.network,
      handle: delivery.handle,
      found: 0,
      added: 0,
      error: null as string | null,
    }
    result.channels.push(entry)
    const network = networksOf(murmur).get(delivery.network)
    if (!network?.fetchReshares) {
      entry.error = `${channelLabel(delivery)}: this version of Murmur cannot read reshares there.`
      continue
    }
    if (delivery.status !== 'active') {
      entry.error = `${channelLabel(delivery)} needs reconnecting before its reshares can be read.`
      continue
    }
    root ??= await postRoot(murmur, scope, postId)
    const source = delivery.network as ShareSource
    try {
      const credentials = await openCredentials(murmur, scope, delivery.channel_id)
      const options = {
        onCredentialsChanged: (next: NetworkCredentials) =>
          saveCredentials(murmur, scope, delivery.channel_id, next),
        refreshLock: channelRefreshLock(murmur, scope, delivery.channel_id),
      }
      const queue = [{ postId: remoteId, parent: root, depth: 1 }]
      for (let item = queue.shift(); item && budget > 0; item = queue.shift()) {
        let cursor: string | undefined
        do {
          const page = await network.fetchReshares(
            credentials,
            item.postId,
            { limit: PAGE_SIZE, ...(cursor && { cursor }) },
            options,
          )
          for (const reshare of page.items.slice(0, budget)) {
            // The business reposting its own post is not word of mouth.
            if (reshare.author.id === delivery.account_id) continue
            budget--
            entry.found++
            const { node, created } = await addReshare(murmur, scope, item.parent, source, reshare)
            if (created) entry.added++
            if (reshare.kind === 'quote' && item.depth < MAX_QUOTE_DEPTH)
              queue.push({ postId: reshare.id, parent: node, depth: item.depth + 1 })
          }
          cursor = page.cursor
        } while (cursor && budget > 0)
      }
    } catch (error) {
      const networkError = findNetworkError(error)
      if (!networkError) throw error
      entry.error = `${channelLabel(delivery)}: ${networkError.message}`
    }
    result.added += entry.added
  }
  return result
}

async function addReshare(
  murmur: Murmur,
  scope: WorkspaceScope,
  parent: Row,
  source: ShareSource,
  reshare: NetworkReshare,
): Promise<{ node: Row; created: boolean }> {
  const known = await scope
    .selectFrom('share_links')
    .selectAll()
    .where('source', '=', source)
    .where('network_reshare_id', '=', reshare.id)
    .executeTakeFirst()
  if (known) return { node: known, created: false }
  const author: NetworkAuthor = {
    kind: reshare.kind,
    id: reshare.author.id,
    handle: reshare.author.handle,
    name: reshare.author.displayName ?? null,
    url: reshare.url ?? null,
  }
  const dated = reshare.createdAt ? Date.parse(reshare.createdAt) : Number.NaN
  const node: Row = {
    id: newId('shl', murmur.now()),
    link_id: '',
    parent_share_link_id: parent.id,
    root_kind: parent.root_kind,
    root_id: parent.root_id,
    generation: Number(parent.generation) + 1,
    contact_id: null,
    // Who reshared, as the abuse checks and advocates compare sharers.
    created_by_visitor: `${source}:${reshare.author.id}`,
    source,
    is_paid: 0,
    // Reposts and boosts come undated: they count from when Murmur first saw them. Never before
    // what they reshared (a post's root may be made after its first quotes).
    created_at: Math.max(
      Number(parent.created_at),
      Number.isFinite(dated) ? Math.min(dated, murmur.now()) : murmur.now(),
    ),
    network_reshare_id: reshare.id,
    network_author: JSON.stringify(author),
  }
  // Two syncs of the same post at once: the second insert of a reshare is a no-op.
  const result = await scope
    .insertInto('share_links', node)
    .onConflict((oc) => oc.columns(['workspace_id', 'source', 'network_reshare_id']).doNothing())
    .executeTakeFirst()
  if (Number(result.numInsertedOrUpdatedRows ?? 1n) > 0) return { node, created: true }
  const winner = await scope
    .selectFrom('share_links')
    .selectAll()
    .where('source', '=', source)
    .where('network_reshare_id', '=', reshare.id)
    .executeTakeFirstOrThrow()
  return { node: winner, created: false }
}
