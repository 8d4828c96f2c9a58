import type { Murmur } from '../murmur.js'

/** Per-channel state tables that carry a lease (`lease_owner`, `lease_expires_at`). */
export type ChannelLeaseTable = 'inbox_sync_state' | 'metric_channel_state'

/**
 * Reserves one channel's row now, whatever is due ("sync now"); false when another run holds an
 * unexpired lease. Background rounds claim many rows at once with their own due conditions.
 */
export async function claimChannelLease(
  murmur: Murmur,
  table: ChannelLeaseTable,
  input: { workspaceId: string; channelId: string; workerId: string; leaseMs: number },
): Promise<boolean> {
  const now = murmur.now()
  const result = await murmur.db
    .updateTable(table)
    .set({ lease_owner: input.workerId, lease_expires_at: now + input.leaseMs })
    .where('workspace_id', '=', input.workspaceId)
    .where('channel_id', '=', input.channelId)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Gives a reservation up, if this worker still holds it. */
export async function releaseChannelLease(
  murmur: Murmur,
  table: ChannelLeaseTable,
  channelId: string,
  workerId: string,
): Promise<void> {
  await murmur.db
    .updateTable(table)
    .set({ lease_owner: null, lease_expires_at: null })
    .where('channel_id', '=', channelId)
    .where('lease_owner', '=', workerId)
    .execute()
}
