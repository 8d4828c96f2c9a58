import { claimChannelLease, releaseChannelLease } from '../jobs/channel-lease.js'
import type { Murmur } from '../murmur.js'

/** A channel whose sync this process reserved. */
export interface ClaimedChannel {
  workspace_id: string
  channel_id: string
}

/** Gives every active channel (of one workspace, or all) its sync state, due now. */
export async function ensureSyncStates(murmur: Murmur, workspaceId?: string): Promise<void> {
  let query = murmur.db
    .selectFrom('channels')
    .leftJoin('inbox_sync_state', 'inbox_sync_state.channel_id', 'channels.id')
    .select(['channels.id', 'channels.workspace_id'])
    .where('channels.status', '=', 'active')
    .where('inbox_sync_state.channel_id', 'is', null)
  if (workspaceId) query = query.where('channels.workspace_id', '=', workspaceId)
  const missing = await query.execute()
  if (missing.length === 0) return
  const now = murmur.now()
  await murmur.db
    .insertInto('inbox_sync_state')
    .values(
      missing.map((channel) => ({
        workspace_id: channel.workspace_id,
        channel_id: channel.id,
        gap_cursor: null,
        next_sync_at: now,
        failures: 0,
        last_error: null,
        last_error_kind: null,
        last_started_at: null,
        last_success_at: null,
        items_received: 0,
        lease_owner: null,
        lease_expires_at: null,
      })),
    )
    .onConflict((oc) => oc.column('channel_id').doNothing())
    .execute()
}

/**
 * Reserves up to `limit` active channels due for a sync, atomically, like the publishing
 * scheduler claims deliveries: `FOR UPDATE SKIP LOCKED` in a materialized CTE where the
 * database has it, one UPDATE otherwise; the outer WHERE repeats the conditions.
 */
export async function claimDueChannels(
  murmur: Murmur,
  input: { workerId: string; limit: number; leaseMs: number },
): Promise<ClaimedChannel[]> {
  if (input.limit <= 0) return []
  const now = murmur.now()
  const { db } = murmur
  const lease = { lease_owner: input.workerId, lease_expires_at: now + input.leaseMs }
  const due = db
    .selectFrom('inbox_sync_state')
    .innerJoin('channels', 'channels.id', 'inbox_sync_state.channel_id')
    .select('inbox_sync_state.channel_id')
    .where('channels.status', '=', 'active')
    .where('inbox_sync_state.next_sync_at', '<=', now)
    .where((eb) =>
      eb.or([
        eb('inbox_sync_state.lease_expires_at', 'is', null),
        eb('inbox_sync_state.lease_expires_at', '<', now),
      ]),
    )
    .orderBy('inbox_sync_state.next_sync_at')
    .limit(input.limit)

  if (murmur.storage.capabilities.skipLocked) {
    return db
      .with(
        (cte) => cte('picked').materialized(),
        () => due.forUpdate('inbox_sync_state').skipLocked(),
      )
      .updateTable('inbox_sync_state')
      .from('picked')
      .set(lease)
      .whereRef('inbox_sync_state.channel_id', '=', 'picked.channel_id')
      .returning(['inbox_sync_state.workspace_id', 'inbox_sync_state.channel_id'])
      .execute()
  }
  return db
    .updateTable('inbox_sync_state')
    .set(lease)
    .where('channel_id', 'in', due)
    .where('next_sync_at', '<=', now)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .returning(['workspace_id', 'channel_id'])
    .execute()
}

/** Reserves one channel now, whatever is due ("sync now"); false when another run holds it. */
export const claimChannel = (
  murmur: Murmur,
  input: { workspaceId: string; channelId: string; workerId: string; leaseMs: number },
): Promise<boolean> => claimChannelLease(murmur, 'inbox_sync_state', input)

/** Gives a reservation up. */
export const releaseChannel = (
  murmur: Murmur,
  channelId: string,
  workerId: string,
): Promise<void> => releaseChannelLease(murmur, 'inbox_sync_state', channelId, workerId)
