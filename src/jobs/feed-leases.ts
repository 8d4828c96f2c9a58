import type { Murmur } from '../murmur.js'

/** A feed this process reserved for one poll. */
export interface ClaimedFeed {
  workspace_id: string
  id: string
}

/**
 * Reserves up to `limit` feeds due for a poll, atomically: one UPDATE whose WHERE repeats the
 * conditions, so two processes never poll one feed at once (the second finds it leased). A
 * process that dies leaves a lease that simply runs out.
 */
export async function claimDueFeeds(
  murmur: Murmur,
  input: { workerId: string; limit: number; leaseMs: number },
): Promise<ClaimedFeed[]> {
  if (input.limit <= 0) return []
  const now = murmur.now()
  const due = murmur.db
    .selectFrom('feeds')
    .select('id')
    .where('paused', '=', 0)
    .where('next_poll_at', '<=', now)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .orderBy('next_poll_at')
    .limit(input.limit)
  return murmur.db
    .updateTable('feeds')
    .set({ lease_owner: input.workerId, lease_expires_at: now + input.leaseMs })
    .where('id', 'in', due)
    .where('paused', '=', 0)
    .where('next_poll_at', '<=', now)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .returning(['workspace_id', 'id'])
    .execute()
}

/** Reserves one feed now, whatever its next poll time ("check now"); false while it is busy. */
export async function claimFeed(
  murmur: Murmur,
  input: { workspaceId: string; feedId: string; workerId: string; leaseMs: number },
): Promise<boolean> {
  const now = murmur.now()
  const result = await murmur.db
    .updateTable('feeds')
    .set({ lease_owner: input.workerId, lease_expires_at: now + input.leaseMs })
    .where('workspace_id', '=', input.workspaceId)
    .where('id', '=', input.feedId)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
