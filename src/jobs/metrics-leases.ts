import { nextMetricFetchAt, TRACKING_WINDOW_MS } from '../core/metrics/schedule.js'
import type { Murmur } from '../murmur.js'
import { claimChannelLease, releaseChannelLease } from './channel-lease.js'

/** A channel whose metrics this process reserved. */
export interface ClaimedMetricsChannel {
  workspace_id: string
  channel_id: string
}

/** How many deliveries `ensureTracking` adds per call (a first run over a big history pages). */
const TRACKING_PAGE = 1000

/**
 * Starts following every published delivery (of one workspace, or all) that is younger than the
 * tracking window and not followed yet, and gives its channel a metrics state. The first reading
 * is due at the first checkpoint after publishing (at once for a post published long ago).
 */
export async function ensureTracking(murmur: Murmur, workspaceId?: string): Promise<number> {
  const now = murmur.now()
  let added = 0
  for (;;) {
    let query = murmur.db
      .selectFrom('deliveries')
      .leftJoin('metric_tracking', 'metric_tracking.delivery_id', 'deliveries.id')
      .select([
        'deliveries.id',
        'deliveries.workspace_id',
        'deliveries.post_id',
        'deliveries.channel_id',
        'deliveries.network',
        'deliveries.published_at',
        'deliveries.remote_parts',
      ])
      .where('deliveries.state', '=', 'published')
      .where('deliveries.published_at', '>=', now - TRACKING_WINDOW_MS)
      .where('metric_tracking.delivery_id', 'is', null)
      .limit(TRACKING_PAGE)
    if (workspaceId) query = query.where('deliveries.workspace_id', '=', workspaceId)
    const missing = await query.execute()
    if (missing.length === 0) break
    const rows = missing.map((delivery) => {
      const publishedAt = delivery.published_at ?? now
      const remoteId = firstRemoteId(delivery.remote_parts)
      return {
        workspace_id: delivery.workspace_id,
        delivery_id: delivery.id,
        post_id: delivery.post_id,
        channel_id: delivery.channel_id,
        network: delivery.network,
        remote_id: remoteId ?? '',
        published_at: publishedAt,
        // A delivery without a network id has nothing to read: followed, never fetched.
        next_fetch_at: remoteId ? nextMetricFetchAt(publishedAt, null) : null,
        fetches: 0,
        last_fetched_at: null,
        last_error: remoteId ? null : 'The network gave no id for this post.',
        gone: 0,
        likes: null,
        reposts: null,
        replies: null,
        quotes: null,
        bookmarks: null,
        impressions: null,
        views: null,
        clicks: null,
        shares: null,
        saves: null,
      }
    })
    await murmur.db
      .insertInto('metric_tracking')
      .values(rows)
      .onConflict((oc) => oc.column('delivery_id').doNothing())
      .execute()
    added += rows.length
    await ensureChannelStates(murmur, rows)
    if (missing.length < TRACKING_PAGE) break
  }
  await ensureStatesOfIdleChannels(murmur, workspaceId)
  return added
}

/** When each process last looked for channels without a state (channels are added rarely). */
const idleChecks = new WeakMap<Murmur, number>()
const IDLE_CHECK_MS = 10 * 60_000

/** Active channels with nothing published yet still get a state: their followers are read daily. */
async function ensureStatesOfIdleChannels(murmur: Murmur, workspaceId?: string): Promise<void> {
  const now = murmur.now()
  const last = idleChecks.get(murmur)
  if (!workspaceId && last !== undefined && now - last < IDLE_CHECK_MS && now >= last) return
  if (!workspaceId) idleChecks.set(murmur, now)
  let query = murmur.db
    .selectFrom('channels')
    .leftJoin('metric_channel_state', 'metric_channel_state.channel_id', 'channels.id')
    .select(['channels.id as channel_id', 'channels.workspace_id'])
    .where('channels.status', '=', 'active')
    .where('metric_channel_state.channel_id', 'is', null)
    .limit(TRACKING_PAGE)
  if (workspaceId) query = query.where('channels.workspace_id', '=', workspaceId)
  const idle = await query.execute()
  if (idle.length > 0) await ensureChannelStates(murmur, idle)
}

async function ensureChannelStates(
  murmur: Murmur,
  rows: ReadonlyArray<{ workspace_id: string; channel_id: string }>,
): Promise<void> {
  const channels = new Map(rows.map((row) => [row.channel_id, row.workspace_id]))
  await murmur.db
    .insertInto('metric_channel_state')
    .values(
      [...channels].map(([channelId, workspaceId]) => ({
        workspace_id: workspaceId,
        channel_id: channelId,
        hold_until: null,
        failures: 0,
        last_error: null,
        last_error_kind: null,
        last_run_at: null,
        followers_checked_on: null,
        followers_due_at: null,
        followers_note: null,
        lease_owner: null,
        lease_expires_at: null,
      })),
    )
    .onConflict((oc) => oc.column('channel_id').doNothing())
    .execute()
}

function firstRemoteId(remoteParts: string): string | null {
  try {
    const parts = JSON.parse(remoteParts) as Array<{ id?: unknown }>
    const id = parts[0]?.id
    return typeof id === 'string' && id !== '' ? id : null
  } catch {
    return null
  }
}

/**
 * Reserves up to `limit` active channels with readings due and no hold, atomically, like the
 * publishing scheduler claims deliveries: `FOR UPDATE SKIP LOCKED` in a materialized CTE where
 * the database has it, one UPDATE otherwise; the outer WHERE repeats the conditions.
 */
export async function claimDueMetricsChannels(
  murmur: Murmur,
  input: { workerId: string; limit: number; leaseMs: number },
): Promise<ClaimedMetricsChannel[]> {
  if (input.limit <= 0) return []
  const now = murmur.now()
  const { db } = murmur
  const lease = { lease_owner: input.workerId, lease_expires_at: now + input.leaseMs }
  const due = db
    .selectFrom('metric_channel_state')
    .innerJoin('channels', 'channels.id', 'metric_channel_state.channel_id')
    .select('metric_channel_state.channel_id')
    .where('channels.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('metric_channel_state.hold_until', 'is', null),
        eb('metric_channel_state.hold_until', '<=', now),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb('metric_channel_state.lease_expires_at', 'is', null),
        eb('metric_channel_state.lease_expires_at', '<', now),
      ]),
    )
    .where((eb) =>
      eb.or([
        // The day's follower count is due (a channel with no post to read still gets it).
        eb('metric_channel_state.followers_due_at', 'is', null),
        eb('metric_channel_state.followers_due_at', '<=', now),
        eb.exists(
          eb
            .selectFrom('metric_tracking')
            .select('metric_tracking.delivery_id')
            .whereRef('metric_tracking.channel_id', '=', 'metric_channel_state.channel_id')
            .where('metric_tracking.next_fetch_at', '<=', now),
        ),
      ]),
    )
    .orderBy('metric_channel_state.last_run_at')
    .limit(input.limit)

  if (murmur.storage.capabilities.skipLocked) {
    return db
      .with(
        (cte) => cte('picked').materialized(),
        () => due.forUpdate('metric_channel_state').skipLocked(),
      )
      .updateTable('metric_channel_state')
      .from('picked')
      .set(lease)
      .whereRef('metric_channel_state.channel_id', '=', 'picked.channel_id')
      .where((eb) =>
        eb.or([
          eb('metric_channel_state.lease_expires_at', 'is', null),
          eb('metric_channel_state.lease_expires_at', '<', now),
        ]),
      )
      .returning(['metric_channel_state.workspace_id', 'metric_channel_state.channel_id'])
      .execute()
  }
  return db
    .updateTable('metric_channel_state')
    .set(lease)
    .where('channel_id', 'in', due)
    .where((eb) => eb.or([eb('hold_until', 'is', null), eb('hold_until', '<=', now)]))
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .returning(['workspace_id', 'channel_id'])
    .execute()
}

/** Reserves one channel now, whatever is due ("sync now"); false when another run holds it. */
export const claimMetricsChannel = (
  murmur: Murmur,
  input: { workspaceId: string; channelId: string; workerId: string; leaseMs: number },
): Promise<boolean> => claimChannelLease(murmur, 'metric_channel_state', input)

/** Gives a reservation up. */
export const releaseMetricsChannel = (
  murmur: Murmur,
  channelId: string,
  workerId: string,
): Promise<void> => releaseChannelLease(murmur, 'metric_channel_state', channelId, workerId)
