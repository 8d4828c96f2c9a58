import { AtUri } from '@atproto/api'
import { NetworkError } from '../spec/network-error.js'

export const POST_COLLECTION = 'app.bsky.feed.post'

export interface PostAddress {
  /** DID (or handle) of the repository. */
  repo: string
  rkey: string
}

/** Reads a post id (`at://did/app.bsky.feed.post/rkey`), refusing anything else. */
export function parsePostId(id: string): PostAddress {
  let uri: AtUri | undefined
  try {
    uri = new AtUri(id)
  } catch {
    uri = undefined
  }
  if (!uri || uri.collection !== POST_COLLECTION || uri.rkey === '') {
    throw new NetworkError({
      network: 'bluesky',
      kind: 'content_rejected',
      message: `Bluesky: "${id}" is not a Bluesky post id (at://…/app.bsky.feed.post/…)`,
    })
  }
  return { repo: uri.host, rkey: uri.rkey }
}

export function postId(did: string, rkey: string): string {
  return `at://${did}/${POST_COLLECTION}/${rkey}`
}

/** Web address of a post; uses the DID, which (unlike a handle) never changes. */
export function postUrl(webUrl: string, id: string): string {
  const { repo, rkey } = parsePostId(id)
  return `${webUrl}/profile/${repo}/post/${rkey}`
}
