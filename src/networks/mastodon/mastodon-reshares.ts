import type { NetworkReshare, ResharePage, ReshareRequest } from '../spec/network-reshare.js'
import type { MastodonClient } from './mastodon-client.js'
import { nextMaxIdFromLink } from './mastodon-html.js'

interface MastodonAccount {
  id: string
  username?: string
  acct?: string
  display_name?: string
  avatar?: string
}

/**
 * Boosts: `GET /api/v1/statuses/:id/reblogged_by`, up to 80 accounts a page, the cursor being
 * the `max_id` of the Link header's next page. A boost of a boost boosts the original, so every
 * boost hangs from the status itself; Mastodon does not date them here.
 */
export async function fetchMastodonReshares(
  client: MastodonClient,
  statusId: string,
  request: ReshareRequest,
): Promise<ResharePage> {
  const answer = await client.request<MastodonAccount[]>({
    method: 'GET',
    path: `/api/v1/statuses/${encodeURIComponent(statusId)}/reblogged_by`,
    query: {
      limit: String(Math.min(Math.max(request.limit ?? 40, 1), 80)),
      max_id: request.cursor,
    },
    action: 'request',
    idempotent: true,
  })
  const accounts = Array.isArray(answer.body) ? answer.body : []
  const items: NetworkReshare[] = accounts.flatMap((account) =>
    typeof account?.id === 'string'
      ? [
          {
            id: `${statusId}#boost:${account.id}`,
            kind: 'boost' as const,
            of: statusId,
            author: {
              id: account.id,
              handle: account.acct ?? account.username ?? '',
              ...(account.display_name && { displayName: account.display_name }),
              ...(account.avatar && { avatarUrl: account.avatar }),
            },
          },
        ]
      : [],
  )
  const cursor = accounts.length > 0 ? nextMaxIdFromLink(answer.headers.get('link')) : undefined
  return { items, ...(cursor && { cursor }) }
}
