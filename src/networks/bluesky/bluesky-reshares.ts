import type { AppBskyActorDefs } from '@atproto/api'
import type { MentionAuthor } from '../spec/network-mention.js'
import type { NetworkReshare, ResharePage, ReshareRequest } from '../spec/network-reshare.js'
import { toBlueskyError } from './bluesky-failure.js'
import type { BlueskyCallContext } from './bluesky-publish.js'
import { parsePostId, postUrl } from './bluesky-urls.js'

const authorOf = (actor: AppBskyActorDefs.ProfileView | AppBskyActorDefs.ProfileViewBasic) =>
  ({
    id: actor.did,
    handle: actor.handle,
    ...(actor.displayName && { displayName: actor.displayName }),
    ...(actor.avatar && { avatarUrl: actor.avatar }),
  }) satisfies MentionAuthor

/**
 * Reposts (`getRepostedBy`), then quotes (`getQuotes`), both from the AppView. One cursor walks
 * both lists: `r:<cursor>` while reading reposts, `q:<cursor>` while reading quotes. Reposts come
 * without a date or their own id, so they are named by the post and who reposted it.
 */
export async function fetchBlueskyReshares(
  context: BlueskyCallContext,
  postId: string,
  request: ReshareRequest,
): Promise<ResharePage> {
  parsePostId(postId)
  const limit = Math.min(Math.max(request.limit ?? 50, 1), 100)
  const phase = request.cursor?.startsWith('q:') ? 'quotes' : 'reposts'
  const inner = request.cursor?.slice(2) || undefined
  try {
    if (phase === 'reposts') {
      const { data } = await context.agent.app.bsky.feed.getRepostedBy({
        uri: postId,
        limit,
        ...(inner && { cursor: inner }),
      })
      const items: NetworkReshare[] = data.repostedBy.map((actor) => ({
        id: `${postId}#repost:${actor.did}`,
        kind: 'repost',
        of: postId,
        author: authorOf(actor),
      }))
      const more = data.cursor && data.repostedBy.length > 0
      return { items, cursor: more ? `r:${data.cursor}` : 'q:' }
    }
    const { data } = await context.agent.app.bsky.feed.getQuotes({
      uri: postId,
      limit,
      ...(inner && { cursor: inner }),
    })
    const items: NetworkReshare[] = data.posts.map((post) => {
      const record = post.record as { createdAt?: unknown }
      return {
        id: post.uri,
        kind: 'quote',
        of: postId,
        author: authorOf(post.author),
        url: postUrl(context.webUrl, post.uri),
        createdAt: typeof record.createdAt === 'string' ? record.createdAt : post.indexedAt,
      }
    })
    const more = data.cursor && data.posts.length > 0
    return { items, ...(more && { cursor: `q:${data.cursor}` }) }
  } catch (error) {
    throw toBlueskyError(error, true)
  }
}
