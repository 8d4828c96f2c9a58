import { NetworkError } from '../spec/network-error.js'
import type { XClient } from './x-client.js'
import { assertXPostId } from './x-urls.js'

/**
 * Likes a post as the account: `POST /2/users/:id/likes` with `{tweet_id}` (scope `like.write`).
 * X answers `{"data": {"liked": true}}`, also for a post already liked; a post that is gone comes
 * back as a problem in `errors`, which is a refusal, not a retry.
 */
export async function likeXPost(client: XClient, userId: string, id: string): Promise<void> {
  assertXPostId(id)
  const { body } = await client.request<{
    data?: { liked?: boolean }
    errors?: Array<{ detail?: string }>
  }>({
    method: 'POST',
    path: `/2/users/${encodeURIComponent(userId)}/likes`,
    json: { tweet_id: id },
    action: 'request',
    idempotent: true,
  })
  if (body?.data?.liked === true) return
  throw new NetworkError({
    network: 'x',
    kind: 'content_rejected',
    message: `X: the post could not be liked (${body?.errors?.[0]?.detail ?? 'no reason given'})`,
  })
}
