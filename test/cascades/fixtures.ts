import type { Murmur } from '../../src/murmur.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'
import type { ApiClient } from '../support/api.js'

/**
 * A cascade in a workspace (the original share link of a tracked link), a reward rule and one
 * reward it marked, for the route-walking tests: fills {root_kind}, {root_id}, {rule_id} and
 * {reward_id}.
 */
export async function createWordOfMouthFixtures(
  client: ApiClient,
  workspaceId: string,
  linkId: string,
  murmur?: Murmur,
): Promise<Record<string, string>> {
  const base = `/api/v1/workspaces/${workspaceId}`
  const response = await client.post(`${base}/share-links`, { root_kind: 'link', root_id: linkId })
  if (response.status >= 300)
    throw new Error(`word-of-mouth fixture failed: ${response.status} ${response.text}`)
  const rule = await client.post(`${base}/reward-rules`, {
    name: 'Fixture',
    reward: 'A thank-you card',
    conditions: [{ metric: 'visits', at_least: 1 }],
  })
  if (rule.status !== 201) throw new Error(`reward rule fixture: ${rule.status} ${rule.text}`)
  const fixtures: Record<string, string> = {
    root_kind: 'link',
    root_id: linkId,
    rule_id: rule.body.id,
  }
  if (murmur) {
    // Earning a reward takes real visits; the route tests only need one to exist.
    const rewardId = `rwd_fixture_${workspaceId}`
    await new WorkspaceScope(murmur.db, workspaceId)
      .insertInto('rewards', {
        id: rewardId,
        rule_id: rule.body.id,
        sharer_key: 'contact:fixture',
        contact_id: null,
        sharer: 'Fixture',
        earned_with: JSON.stringify({ metric: 'visits', at_least: 1, visits: 1 }),
        state: 'due',
        earned_at: murmur.now(),
        given_at: null,
      })
      .execute()
    fixtures.reward_id = rewardId
  }
  return fixtures
}
