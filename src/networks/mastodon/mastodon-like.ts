import type { MastodonClient } from './mastodon-client.js'

/**
 * Favourites a status as the account (`POST /api/v1/statuses/:id/favourite`, scope
 * `write:favourites`). Mastodon answers 200 again for a status already favourited.
 */
export async function likeMastodonStatus(client: MastodonClient, id: string): Promise<void> {
  await client.request({
    method: 'POST',
    path: `/api/v1/statuses/${encodeURIComponent(id)}/favourite`,
    action: 'request',
    idempotent: true,
  })
}
