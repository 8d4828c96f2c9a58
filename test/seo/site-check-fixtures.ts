import { newId } from '../../src/core/ids.js'
import type { Murmur } from '../../src/murmur.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'

/** A finished site check run in a workspace, stored as a run would be, for the route walkers. */
export async function createSiteCheckFixtures(
  murmur: Murmur,
  workspaceId: string,
): Promise<Record<'site_check_id', string>> {
  const now = murmur.now()
  const id = newId('sck', now)
  await new WorkspaceScope(murmur.db, workspaceId)
    .insertInto('site_checks', {
      id,
      site_url: 'https://cornerbakery.example/',
      home_url: 'https://cornerbakery.example/',
      status: 'done',
      max_pages: 50,
      pages_done: 1,
      pages_total: 1,
      score: 100,
      error_count: 0,
      warning_count: 0,
      info_count: 0,
      pages_checked: 1,
      not_checked: 0,
      failure: null,
      report: JSON.stringify({ startedAt: new Date(now).toISOString(), pages: [], findings: [] }),
      started_by: null,
      created_at: now,
      updated_at: now,
      finished_at: now,
    })
    .execute()
  return { site_check_id: id }
}
