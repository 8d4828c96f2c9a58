import { sql } from 'kysely'
import { runningScheduler } from '../jobs/scheduler.js'
import { HEARTBEAT_STALE_MS, OVERDUE_ALERT_MS } from '../jobs/scheduler-options.js'
import type { Murmur } from '../murmur.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

export interface SchedulerHealth {
  /** False when posts would sit in the queue unpublished. */
  ok: boolean
  /** Age of the freshest heartbeat of any scheduler process, or null when none ever beat. */
  heartbeat_age_ms: number | null
  /** Scheduler processes beating recently. */
  workers: number
  /** Scheduled deliveries more than 2 minutes past their time, in every workspace. */
  overdue: number
  /** This process runs a scheduler (MURMUR_SCHEDULER is not off). */
  local: boolean
  message: string
}

/**
 * Whether publishing works, for /readyz. A scheduler is expected when this process runs one,
 * when one ever beat against this database, or when posts are overdue: an API-only process with
 * nobody publishing is then "not ready" instead of quietly healthy while posts pile up.
 */
export async function schedulerHealth(murmur: Murmur): Promise<SchedulerHealth> {
  const now = murmur.now()
  const beats = await murmur.db
    .selectFrom('scheduler_heartbeats')
    .select([sql<number>`max(beat_at)`.as('latest'), sql<number>`count(*)`.as('total')])
    .executeTakeFirst()
  const fresh = await murmur.db
    .selectFrom('scheduler_heartbeats')
    .select(sql<number>`count(*)`.as('count'))
    .where('beat_at', '>=', now - HEARTBEAT_STALE_MS)
    .executeTakeFirst()
  const overdueRow = await murmur.db
    .selectFrom('deliveries')
    .select(sql<number>`count(*)`.as('count'))
    .where('state', '=', 'scheduled')
    .where('next_attempt_at', '<', now - OVERDUE_ALERT_MS)
    .executeTakeFirst()
  const latest = beats?.latest === null || beats?.latest === undefined ? null : Number(beats.latest)
  const workers = Number(fresh?.count ?? 0)
  const overdue = Number(overdueRow?.count ?? 0)
  const local = runningScheduler(murmur) !== undefined
  const expected = local || Number(beats?.total ?? 0) > 0 || overdue > 0
  const age = latest === null ? null : Math.max(0, now - latest)
  const ok = !expected || workers > 0
  let message: string
  if (ok && workers > 0) message = `${workers} scheduler${workers === 1 ? '' : 's'} running`
  else if (ok) message = 'No scheduler has run yet and nothing is due'
  else if (age === null) {
    message =
      'No scheduler is running, so scheduled posts are not published: run `murmur start` without MURMUR_SCHEDULER=off'
  } else {
    message = `No scheduler has beaten for ${Math.round(age / 1000)} s, so scheduled posts are not published`
  }
  return { ok, heartbeat_age_ms: age, workers, overdue, local, message }
}

/** What the web app's banners need for one workspace. */
export async function workspacePublishingStatus(murmur: Murmur, scope: WorkspaceScope) {
  const now = murmur.now()
  const scheduler = await schedulerHealth(murmur)
  const overdue = await scope
    .selectFrom('deliveries')
    .select(['id', 'post_id', 'channel_id', 'next_attempt_at'])
    .where('state', '=', 'scheduled')
    .where('next_attempt_at', '<', now - OVERDUE_ALERT_MS)
    .orderBy('next_attempt_at')
    .limit(100)
    .execute()
  const attention = await scope
    .selectFrom('deliveries')
    .select(['state', sql<number>`count(*)`.as('count')])
    .where('state', 'in', ['failed', 'unconfirmed'])
    .groupBy('state')
    .execute()
  const reconnect = await scope
    .selectFrom('channels')
    .select(['id', 'network', 'handle', 'status_reason'])
    .where('status', '=', 'needs_reconnect')
    .execute()
  const count = (state: string) => Number(attention.find((row) => row.state === state)?.count ?? 0)
  return {
    scheduler: {
      ok: scheduler.ok,
      heartbeat_age_ms: scheduler.heartbeat_age_ms,
      workers: scheduler.workers,
      message: scheduler.message,
    },
    overdue: overdue.map((row) => ({
      delivery_id: row.id,
      post_id: row.post_id,
      channel_id: row.channel_id,
      due_at: row.next_attempt_at ?? now,
    })),
    failed: count('failed'),
    unconfirmed: count('unconfirmed'),
    channels_needing_reconnect: reconnect.map((row) => ({
      channel_id: row.id,
      network: row.network,
      handle: row.handle,
      reason: row.status_reason,
    })),
  }
}
