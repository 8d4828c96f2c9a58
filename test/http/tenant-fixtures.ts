import type { Murmur } from '../../src/murmur.js'
import { createWordOfMouthFixtures } from '../cascades/fixtures.js'
import { createEngagementFixtures } from '../engagement/fixtures.js'
import { createOAuthFixtures } from '../oauth/oauth-fixtures.js'
import { createPagesFixtures } from '../pages/fixtures.js'
import { createPublishingFixtures } from '../publishing/fixtures.js'
import { createSiteCheckFixtures } from '../seo/site-check-fixtures.js'
import type { ApiClient } from '../support/api.js'
import { createWorkflowFixtures } from '../workflow/fixtures.js'
import { createImportFeedFixtures } from '../workflow-import/fixtures.js'

/**
 * Creates one resource of every kind in a workspace and returns the path
 * parameter values that reach them. When you add a route with a new path
 * parameter, add the resource here: the isolation test refuses routes it
 * cannot fill.
 */
export async function createOneOfEverything(
  client: ApiClient,
  workspaceId: string,
  ownerId: string,
  murmur: Murmur,
): Promise<Record<string, string>> {
  const base = `/api/v1/workspaces/${workspaceId}`
  const ok = async (response: Promise<{ status: number; body: { id?: string }; text: string }>) => {
    const r = await response
    if (r.status >= 300) throw new Error(`fixture failed: ${r.status} ${r.text}`)
    return r.body
  }
  const invitation = await ok(client.post(`${base}/invitations`, { role: 'viewer' }))
  const apiKey = await ok(client.post(`${base}/api-keys`, { name: 'fixture' }))
  const link = await ok(
    client.post(`${base}/links`, { destination: 'https://example.com/fixture' }),
  )
  const reportLink = await ok(
    client.post(`${base}/report-links`, {
      from: '2027-03-01T00:00:00Z',
      to: '2027-03-08T00:00:00Z',
    }),
  )
  return {
    workspace_id: workspaceId,
    user_id: ownerId,
    invitation_id: invitation.id ?? '',
    api_key_id: apiKey.id ?? '',
    link_id: link.id ?? '',
    report_link_id: reportLink.id ?? '',
    ...(await createPublishingFixtures(client, workspaceId, murmur)),
    ...(await createImportFeedFixtures(client, workspaceId)),
    ...(await createEngagementFixtures(client, workspaceId)),
    ...(await createPagesFixtures(client, workspaceId, murmur)),
    ...(await createOAuthFixtures(workspaceId, ownerId, murmur)),
    ...(await createWordOfMouthFixtures(client, workspaceId, link.id ?? '', murmur)),
    ...(await createSiteCheckFixtures(murmur, workspaceId)),
    ...(await createWorkflowFixtures(client, workspaceId)),
  }
}
