import { sql } from 'kysely'
import type { Murmur } from '../murmur.js'
import { NETWORK_IDS, type NetworkId } from '../networks/spec/index.js'

/** A delivery this process reserved and may now start. */
export interface ClaimedDelivery {
  id: string
  workspace_id: string
  post_id: string
  channel_id: string
  network: NetworkId
  scheduled_at: number | null
  next_attempt_at: number | null
}

/**
 * Reserves up to `limit` due deliveries of one network for this worker, atomically. Where rows
 * can be claimed `FOR UPDATE SKIP LOCKED` (PostgreSQL), they are picked so in a materialized
 * CTE: concurrent workers get disjoint rows without waiting on each other, and the LIMIT holds
 * (a plain `id IN (subquery … SKIP LOCKED)` may be re-run and take more rows). With a single
 * writer (SQLite) one UPDATE is atomic by itself. The outer WHERE repeats the conditions either
 * way, so a row changed meanwhile is never taken.
 */
export async function claimDue(
  murmur: Murmur,
  input: { workerId: string; network: NetworkId; limit: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  if (input.limit <= 0) return []
  const now = murmur.now()
  const { db } = murmur
  const lease = { lease_owner: input.workerId, lease_expires_at: now + input.leaseMs }
  const returned = [
    'id',
    'workspace_id',
    'post_id',
    'channel_id',
    'network',
    'scheduled_at',
    'next_attempt_at',
  ] as const
  const due = db
    .selectFrom('deliveries')
    .select('id')
    .where('state', '=', 'scheduled')
    .where('next_attempt_at', '<=', now)
    .where('network', '=', input.network)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(input.limit)

  if (murmur.storage.capabilities.skipLocked) {
    return db
      .with(
        (cte) => cte('picked').materialized(),
        () => due.forUpdate().skipLocked(),
      )
      .updateTable('deliveries')
      .from('picked')
      .set(lease)
      .whereRef('deliveries.id', '=', 'picked.id')
      .where('deliveries.state', '=', 'scheduled')
      .returning(returned.map((column) => `deliveries.${column}` as const))
      .execute()
  }
  // One UPDATE, so the claim stays atomic; the unary `+` (SQLite's documented hint) keeps the
  // repeated conditions off the index choice, so the ids are taken by primary key. Without it
  // SQLite walked every due row on the (state, next_attempt_at) index, once per claim.
  return db
    .updateTable('deliveries')
    .set(lease)
    .where('id', 'in', due)
    .where(sql<string>`+${sql.ref('state')}`, '=', 'scheduled')
    .where(sql<number>`+${sql.ref('next_attempt_at')}`, '<=', now)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .returning([...returned])
    .execute()
}

/**
 * Networks with deliveries due now, so each round only claims where there is work. One probe per
 * network (`LIMIT 1` on the (state, network, next_attempt_at) index), in one statement: a
 * `DISTINCT` over the due rows would read every one of them each round, and a round runs after
 * every publish when the queue is busy.
 */
export async function networksWithDueWork(murmur: Murmur): Promise<NetworkId[]> {
  const now = murmur.now()
  const { db } = murmur
  const probe = (network: NetworkId) =>
    db
      .selectFrom((eb) =>
        eb
          .selectFrom('deliveries')
          .select('network')
          .where('state', '=', 'scheduled')
          .where('network', '=', network)
          .where('next_attempt_at', '<=', now)
          .limit(1)
          .as('due'),
      )
      .select('due.network')
  const [first, ...rest] = NETWORK_IDS.map(probe)
  let query = first!
  for (const next of rest) query = query.unionAll(next)
  const rows = await query.execute()
  return rows.map((row) => row.network)
}

/** Keeps this worker's publishes in flight leased, so nobody mistakes them for interrupted. */
export async function renewLeases(
  murmur: Murmur,
  workerId: string,
  ids: string[],
  leaseMs: number,
): Promise<void> {
  if (ids.length === 0) return
  await murmur.db
    .updateTable('deliveries')
    .set({ lease_expires_at: murmur.now() + leaseMs })
    .where('id', 'in', ids)
    .where('lease_owner', '=', workerId)
    .where('state', '=', 'publishing')
    .execute()
}

/**
 * Publishes whose worker stopped beating (crash, SIGKILL, lost machine): the network may or may
 * not have the post, so they become unconfirmed for a person to settle. Never retried blindly.
 */
export async function markInterrupted(murmur: Murmur): Promise<number> {
  const now = murmur.now()
  const rows = await murmur.db
    .updateTable('deliveries')
    .set({
      state: 'unconfirmed',
      last_error_kind: 'interrupted',
      last_error: `Murmur stopped while publishing this post (${new Date(now).toISOString()}), so it does not know whether the network received it. Murmur will not publish it again by itself: check the channel, then confirm it was published or publish it again.`,
      lease_expires_at: null,
      updated_at: now,
    })
    .where('state', '=', 'publishing')
    .where('lease_expires_at', '<', now)
    .returning('id')
    .execute()
  return rows.length
}

/** Lets go of deliveries this worker claimed but never started, so any worker may claim them now. */
export async function releaseClaims(
  murmur: Murmur,
  workerId: string,
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return
  await murmur.db
    .updateTable('deliveries')
    .set({ lease_owner: null, lease_expires_at: null })
    .where('id', 'in', ids)
    .where('lease_owner', '=', workerId)
    .where('state', '=', 'scheduled')
    .execute()
}
