import type { ApiClient } from '../support/api.js'

/**
 * A cascade in a workspace (the original share link of a tracked link), for the
 * route-walking tests: fills {root_kind} and {root_id}.
 */
export async function createWordOfMouthFixtures(
  client: ApiClient,
  workspaceId: string,
  linkId: string,
): Promise<Record<'root_kind' | 'root_id', string>> {
  const response = await client.post(`/api/v1/workspaces/${workspaceId}/share-links`, {
    root_kind: 'link',
    root_id: linkId,
  })
  if (response.status >= 300)
    throw new Error(`word-of-mouth fixture failed: ${response.status} ${response.text}`)
  return { root_kind: 'link', root_id: linkId }
}
