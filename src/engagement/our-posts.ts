import { createHash } from 'node:crypto'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

/** A post of the business on the network, found through the delivery that published it. */
export interface OurPost {
  post_id: string
  delivery_id: string
  url: string
}

/**
 * Every post the channel published through Murmur (all parts of threads and first comments),
 * by the network's id: what tells a reply to the business's post from a mention elsewhere.
 */
export async function loadOurPosts(
  scope: WorkspaceScope,
  channelId: string,
): Promise<Map<string, OurPost>> {
  const rows = await scope
    .selectFrom('deliveries')
    .select(['id', 'post_id', 'remote_parts', 'remote_first_comment'])
    .where('channel_id', '=', channelId)
    .where('remote_parts', '!=', '[]')
    .execute()
  const ours = new Map<string, OurPost>()
  for (const row of rows) {
    const parts = [
      ...parseRemote(row.remote_parts),
      ...(row.remote_first_comment ? parseRemote(`[${row.remote_first_comment}]`) : []),
    ]
    for (const part of parts) {
      ours.set(part.id, { post_id: row.post_id, delivery_id: row.id, url: part.url })
    }
  }
  return ours
}

function parseRemote(json: string): Array<{ id: string; url: string }> {
  try {
    const value = JSON.parse(json) as unknown
    if (!Array.isArray(value)) return []
    return value.filter(
      (v): v is { id: string; url: string } =>
        typeof v?.id === 'string' && typeof v?.url === 'string',
    )
  } catch {
    return []
  }
}

/**
 * What an erased person's message id becomes: a one-way stand-in that still lets sync recognise
 * the message (and not bring it back) without keeping the id, which names the author on some
 * networks (a Bluesky post id holds its author's DID).
 */
export function erasedRemoteId(workspaceId: string, remoteId: string): string {
  const digest = createHash('sha256').update(`${workspaceId}\n${remoteId}`).digest('base64url')
  return `erased:${digest.slice(0, 32)}`
}
