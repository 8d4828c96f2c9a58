import { NetworkError } from '../spec/network-error.js'
import type { FacebookCall } from './facebook-context.js'
import { assertFacebookId } from './facebook-publish.js'

/**
 * Likes a comment or a post as the Page: `POST /{object-id}/likes` with the Page token
 * (`pages_manage_engagement`). Facebook answers `{"success": true}`, also when already liked.
 */
export async function likeFacebookObject(call: FacebookCall, id: string): Promise<void> {
  assertFacebookId(id)
  const { body } = await call.client.request<{ success?: boolean }>({
    method: 'POST',
    path: `/${id}/likes`,
    action: 'request',
    idempotent: true,
  })
  if (body?.success === true) return
  throw new NetworkError({
    network: 'facebook',
    kind: 'content_rejected',
    message: `Facebook: ${id} could not be liked (no success in the answer)`,
  })
}
