import { findNetworkError, NetworkError } from '../spec/network-error.js'
import { toBlueskyError } from './bluesky-failure.js'
import type { BlueskyCallContext } from './bluesky-publish.js'
import { nextTid } from './bluesky-tid.js'
import { POST_COLLECTION, parsePostId } from './bluesky-urls.js'

const LIKE_COLLECTION = 'app.bsky.feed.like'

/**
 * Likes a post as the account: an `app.bsky.feed.like` record in its own repo whose subject is
 * the post's strong reference (its URI and the CID read from the author's repo, so the like
 * points at exactly the version people saw).
 */
export async function likeBlueskyPost(context: BlueskyCallContext, id: string): Promise<void> {
  const { repo, rkey } = parsePostId(id)
  let subject: { uri: string; cid: string }
  try {
    const { data } = await context.agent.com.atproto.repo.getRecord({
      repo,
      collection: POST_COLLECTION,
      rkey,
    })
    if (!data.cid) throw new Error('the record has no cid')
    subject = { uri: data.uri, cid: data.cid }
  } catch (error) {
    const networkError = findNetworkError(error)
    if (networkError?.kind === 'content_rejected')
      throw new NetworkError({
        ...networkError.toOptions(),
        message: `Bluesky: the post to like (${id}) does not exist or cannot be read`,
      })
    throw toBlueskyError(error, true)
  }
  try {
    await context.agent.com.atproto.repo.createRecord({
      repo: context.did,
      collection: LIKE_COLLECTION,
      rkey: nextTid(context.now()),
      record: {
        $type: LIKE_COLLECTION,
        subject,
        createdAt: new Date(context.now()).toISOString(),
      },
      validate: true,
    })
  } catch (error) {
    throw toBlueskyError(error, true)
  }
}
