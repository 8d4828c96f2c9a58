import { NetworkError } from '../spec/network-error.js'
import type { LinkedInClient } from './linkedin-client.js'
import { assertLinkedInId } from './linkedin-urns.js'

/**
 * Likes a post or a comment as the channel's member or organization through the Reactions API:
 * `POST /rest/reactions?actor={urn}` with `{root, reactionType: 'LIKE'}` (201; scope
 * `w_member_social`, or `w_organization_social` for a Page). A 409 (the actor already reacted) is
 * success: the message is liked either way.
 */
export async function likeLinkedInMessage(client: LinkedInClient, id: string): Promise<void> {
  assertLinkedInId(id)
  try {
    await client.request({
      method: 'POST',
      path: '/rest/reactions',
      query: { actor: client.credentials.author },
      json: { root: id, reactionType: 'LIKE' },
      action: 'like',
      // Liking twice leaves one like: safe to retry.
      idempotent: true,
    })
  } catch (error) {
    if (NetworkError.isInstance(error) && error.status === 409) return
    throw error
  }
}

/**
 * Takes the like back: `DELETE /rest/reactions/(actor:{urn},entity:{urn})` (204), the compound key
 * with each URN percent-encoded as Rest.li 2.0 requires. No reaction to remove (404) is success.
 */
export async function unlikeLinkedInMessage(client: LinkedInClient, id: string): Promise<void> {
  assertLinkedInId(id)
  const key = `(actor:${encodeKeyPart(client.credentials.author)},entity:${encodeKeyPart(id)})`
  try {
    await client.request({
      method: 'DELETE',
      path: `/rest/reactions/${key}`,
      action: 'like',
      idempotent: true,
    })
  } catch (error) {
    if (NetworkError.isInstance(error) && error.status === 404) return
    throw error
  }
}

/** Inside a compound key `(`, `)` and `,` are syntax: a comment URN's must be escaped too. */
function encodeKeyPart(urn: string): string {
  return encodeURIComponent(urn).replace(/\(/g, '%28').replace(/\)/g, '%29')
}
