import type { Murmur } from '../../src/murmur.js'
import { insertChoosingSignIn, SAMPLE_PAGES } from './oauth-support.js'

/**
 * Path values of the OAuth routes for the route-walking tests (tenant isolation, fuzzing): a
 * network (the same in every workspace: it names no resource) and a sign-in of this workspace
 * waiting for its Pages to be chosen.
 */
export async function createOAuthFixtures(
  workspaceId: string,
  ownerId: string,
  murmur: Murmur,
): Promise<Record<'network' | 'pending_id', string>> {
  const pendingId = await insertChoosingSignIn(murmur, {
    workspaceId,
    userId: ownerId,
    network: 'facebook',
    accounts: SAMPLE_PAGES,
  })
  return { network: 'x', pending_id: pendingId }
}
