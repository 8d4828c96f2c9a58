import { readsFollowerCount } from '../core/metrics/audience.js'
import { localDay, shiftDay } from '../core/metrics/days.js'
import { nextMetricFetchAt } from '../core/metrics/schedule.js'
import { instantOf, localTimeOf } from '../core/zoned-time.js'
import type { MetricsSyncOptions } from '../jobs/metrics-options.js'
import { retryDelayMs } from '../jobs/scheduler-options.js'
import type { Murmur } from '../murmur.js'
import {
  findNetworkError,
  METRIC_NAMES,
  type MetricsById,
  NETWORK_NAMES,
  type NetworkCredentials,
  type NetworkId,
  type SocialNetworkV1,
} from '../networks/spec/index.js'
import type { MetricColumns } from '../storage/tables/attention.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { channelRefreshLock } from './channel-refresh-lock.js'
import { channelLabel, markNeedsReconnect, openCredentials, saveCredentials } from './channels.js'
import type { PublishingNetworks } from './publishing-networks.js'

/** What one metrics run of one channel did, for the API, the CLI and logs. */
export interface MetricsSyncResult {
  channel_id: string
  network: NetworkId
  handle: string
  /**
   * `synced`: every due reading done; `more`: stopped at its call budget, the rest comes next
   * round; `waiting`: the network asked to wait (rate limit, outage) until `retry_at`; `failed`;
   * `busy`: another run holds the channel; `skipped`: the channel needs reconnecting, its network
   * is not available, or nothing was due.
   */
  status: 'synced' | 'more' | 'waiting' | 'failed' | 'busy' | 'skipped'
  /** Posts whose numbers were read and stored as a snapshot. */
  fetched: number
  /** Posts the network no longer has (deleted): no longer followed. */
  gone: number
  /** Calls made to the network (metrics and follower count). */
  calls: number
  /** The follower count stored today, when the network reports it and it was read now. */
  followers: number | null
  error: string | null
  retry_at: number | null
}

interface Run {
  murmur: Murmur
  scope: WorkspaceScope
  network: SocialNetworkV1
  channel: { id: string; network: NetworkId; handle: string }
  credentials: NetworkCredentials
  options: MetricsSyncOptions
  result: MetricsSyncResult
}

/**
 * Reads the due numbers of one channel's published posts, the caller holding the channel's
 * lease: up to `callsPerRun` calls of `batchSize` posts, oldest due first, each reading stored as
 * a snapshot and the post's next reading set from the schedule. `manual` ("sync now") reads every
 * followed post not read in the last few minutes. Once a day (workspace time) it also stores the
 * follower count, where the network reports it. A network that asks to wait puts the whole channel
 * on hold, never sooner than its Retry-After. Releases the lease.
 */
export async function syncChannelMetrics(
  murmur: Murmur,
  networks: PublishingNetworks,
  claimed: { workspace_id: string; channel_id: string },
  options: MetricsSyncOptions,
  manual = false,
): Promise<MetricsSyncResult> {
  const scope = new WorkspaceScope(murmur.db, claimed.workspace_id)
  const channel = await scope
    .selectFrom('channels')
    .select(['id', 'network', 'handle', 'status'])
    .where('id', '=', claimed.channel_id)
    .executeTakeFirst()
  const state = await scope
    .selectFrom('metric_channel_state')
    .select(['failures', 'followers_checked_on', 'followers_due_at'])
    .where('channel_id', '=', claimed.channel_id)
    .executeTakeFirst()
  const result: MetricsSyncResult = {
    channel_id: claimed.channel_id,
    network: channel?.network ?? 'bluesky',
    handle: channel?.handle ?? '',
    status: 'synced',
    fetched: 0,
    gone: 0,
    calls: 0,
    followers: null,
    error: null,
    retry_at: null,
  }
  const finish = async (update: {
    hold_until?: number | null
    failures?: number
    last_error?: string | null
    last_error_kind?: string | null
    followers_checked_on?: string | null
    followers_due_at?: number | null
    followers_note?: string | null
  }) => {
    await scope
      .updateTable('metric_channel_state')
      .set({ ...update, last_run_at: murmur.now(), lease_owner: null, lease_expires_at: null })
      .where('channel_id', '=', claimed.channel_id)
      .execute()
    return result
  }
  if (!channel || !state) return result
  if (channel.status !== 'active') {
    result.status = 'skipped'
    result.error = `${channelLabel(channel)} needs reconnecting; its numbers wait until then.`
    return finish({})
  }
  const network = networks.get(channel.network)
  if (!network) {
    result.status = 'skipped'
    result.error = `${channelLabel(channel)}: this version of Murmur cannot read this network.`
    return finish({ hold_until: murmur.now() + 24 * 3_600_000, last_error: result.error })
  }
  let credentials: NetworkCredentials
  try {
    credentials = await openCredentials(murmur, scope, channel.id)
  } catch {
    await markNeedsReconnect(murmur, scope, channel.id, 'Its stored credentials cannot be read.')
    result.status = 'failed'
    result.error = `${channelLabel(channel)}: the stored connection cannot be read. Reconnect it.`
    return finish({ last_error: result.error, last_error_kind: 'auth_expired' })
  }
  const run: Run = { murmur, scope, network, channel, credentials, options, result }
  const { today, tomorrowStartsAt } = await workspaceDays(scope, murmur.now())
  const followers: FollowerUpdate = { followers_checked_on: state.followers_checked_on }
  try {
    let more = false
    for (let call = 0; call < options.callsPerRun; call++) {
      const due = await dueReadings(run, manual)
      if (due.length === 0) break
      await readBatch(run, due)
      more = due.length === options.batchSize && call === options.callsPerRun - 1
    }
    const followersDue =
      state.followers_checked_on !== today &&
      (state.followers_due_at === null || state.followers_due_at <= murmur.now())
    if (followersDue) Object.assign(followers, await readFollowers(run, today, tomorrowStartsAt))
    result.status = more ? 'more' : 'synced'
  } catch (error) {
    return recordFailure(run, state.failures, error, followers, finish)
  }
  return finish({
    hold_until: null,
    failures: 0,
    last_error: null,
    last_error_kind: null,
    ...followers,
  })
}

type FollowerUpdate = {
  followers_checked_on: string | null
  followers_due_at?: number | null
  followers_note?: string | null
}

/**
 * The day's follower count, where the network gives one (one call); the next is due at the
 * workspace's next midnight either way, so a network without counts is not asked again all day.
 */
async function readFollowers(
  run: Run,
  today: string,
  tomorrowStartsAt: number,
): Promise<FollowerUpdate> {
  const { network, channel } = run
  const done = { followers_checked_on: today, followers_due_at: tomorrowStartsAt }
  if (!readsFollowerCount(network)) {
    return { ...done, followers_note: notAvailableFrom(channel.network) }
  }
  run.result.calls += 1
  const count = await network.fetchFollowerCount(run.credentials, callOptions(run))
  if (count === null) return { ...done, followers_note: notAvailableFrom(channel.network) }
  await storeFollowers(run, today, count)
  return { ...done, followers_note: null }
}

const notAvailableFrom = (network: NetworkId) => `not available from ${NETWORK_NAMES[network]}`

interface DueReading {
  delivery_id: string
  remote_id: string
  published_at: number
}

async function dueReadings(run: Run, manual: boolean): Promise<DueReading[]> {
  const now = run.murmur.now()
  let query = run.scope
    .selectFrom('metric_tracking')
    .select(['delivery_id', 'remote_id', 'published_at'])
    .where('channel_id', '=', run.channel.id)
    .where('next_fetch_at', 'is not', null)
  query = manual
    ? query.where((eb) =>
        eb.or([
          eb('last_fetched_at', 'is', null),
          eb('last_fetched_at', '<=', now - run.options.manualMinAgeMs),
        ]),
      )
    : query.where('next_fetch_at', '<=', now)
  return query
    .orderBy('next_fetch_at')
    .orderBy('delivery_id')
    .limit(run.options.batchSize)
    .execute()
}

/** One `fetchMetrics` call; every post answered gets a snapshot, every post missing is gone. */
async function readBatch(run: Run, due: readonly DueReading[]): Promise<void> {
  const { murmur, scope } = run
  run.result.calls += 1
  let answer: MetricsById
  try {
    answer = await run.network.fetchMetrics(
      run.credentials,
      due.map((reading) => reading.remote_id),
      callOptions(run),
    )
  } catch (error) {
    const failure = findNetworkError(error)
    if (failure?.kind !== 'content_rejected') throw error
    // The network refuses to read these posts (e.g. an id it does not accept): reading them
    // again at once would fail again, so they move to their next checkpoint with the reason.
    await skipBatch(run, due, failure.message)
    return
  }
  const fetchedAt = murmur.now()
  await scope.transaction(async (trx) => {
    const snapshots: Array<MetricColumns & { delivery_id: string; fetched_at: number }> = []
    for (const reading of due) {
      const metrics = Object.hasOwn(answer, reading.remote_id) ? answer[reading.remote_id] : null
      if (!metrics) {
        await trx
          .updateTable('metric_tracking')
          .set({ gone: 1, next_fetch_at: null, last_fetched_at: fetchedAt, last_error: null })
          .where('delivery_id', '=', reading.delivery_id)
          .execute()
        run.result.gone += 1
        continue
      }
      const values = metricColumns(metrics)
      snapshots.push({ delivery_id: reading.delivery_id, fetched_at: fetchedAt, ...values })
      await trx
        .updateTable('metric_tracking')
        .set((eb) => ({
          ...values,
          fetches: eb('fetches', '+', 1),
          last_fetched_at: fetchedAt,
          last_error: null,
          next_fetch_at: nextMetricFetchAt(reading.published_at, fetchedAt),
        }))
        .where('delivery_id', '=', reading.delivery_id)
        .execute()
    }
    if (snapshots.length > 0) {
      await trx
        .insertInto('metric_snapshots', snapshots)
        .onConflict((oc) => oc.columns(['delivery_id', 'fetched_at']).doNothing())
        .execute()
    }
  })
  run.result.fetched += countPresent(answer, due)
}

function countPresent(answer: MetricsById, due: readonly DueReading[]): number {
  return due.filter((reading) => Object.hasOwn(answer, reading.remote_id)).length
}

async function skipBatch(run: Run, due: readonly DueReading[], reason: string): Promise<void> {
  const now = run.murmur.now()
  for (const reading of due) {
    await run.scope
      .updateTable('metric_tracking')
      .set({ last_error: reason, next_fetch_at: nextMetricFetchAt(reading.published_at, now) })
      .where('delivery_id', '=', reading.delivery_id)
      .execute()
  }
  run.result.error = `${channelLabel(run.channel)}: ${reason}`
}

/** Every metric as a column: what the network reported, null for what it did not. */
export function metricColumns(
  metrics: Readonly<Record<string, number | undefined>>,
): MetricColumns {
  const columns = {} as Record<keyof MetricColumns, number | null>
  for (const name of METRIC_NAMES) {
    const value = metrics[name]
    columns[name] = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null
  }
  return columns
}

async function storeFollowers(run: Run, day: string, followers: number): Promise<void> {
  const fetchedAt = run.murmur.now()
  const count = Math.max(0, Math.round(followers))
  await run.scope
    .insertInto('follower_counts', {
      channel_id: run.channel.id,
      day,
      followers: count,
      fetched_at: fetchedAt,
    })
    .onConflict((oc) =>
      oc.columns(['channel_id', 'day']).doUpdateSet({ followers: count, fetched_at: fetchedAt }),
    )
    .execute()
  run.result.followers = count
}

/** The workspace's calendar day at `instant`, and when its next day starts. */
async function workspaceDays(
  scope: WorkspaceScope,
  instant: number,
): Promise<{ today: string; tomorrowStartsAt: number }> {
  const workspace = await scope.db
    .selectFrom('workspaces')
    .select('time_zone')
    .where('id', '=', scope.workspaceId)
    .executeTakeFirst()
  const timeZone = workspace?.time_zone ?? 'UTC'
  const today = localDay(instant, timeZone)
  const [year, month, day] = shiftDay(today, 1).split('-').map(Number) as [number, number, number]
  const tomorrowStartsAt = instantOf({ year, month, day, hour: 0, minute: 0 }, timeZone)
  return { today, tomorrowStartsAt }
}

/** The workspace's calendar day at `instant`, YYYY-MM-DD. */
export async function workspaceDay(scope: WorkspaceScope, instant: number): Promise<string> {
  const workspace = await scope.db
    .selectFrom('workspaces')
    .select('time_zone')
    .where('id', '=', scope.workspaceId)
    .executeTakeFirst()
  const local = localTimeOf(instant, workspace?.time_zone ?? 'UTC')
  return `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`
}

const callOptions = (run: Run) => ({
  signal: AbortSignal.timeout(run.options.callTimeoutMs),
  onCredentialsChanged: async (next: NetworkCredentials) => {
    run.credentials = next
    await saveCredentials(run.murmur, run.scope, run.channel.id, next)
  },
  refreshLock: channelRefreshLock(run.murmur, run.scope, run.channel.id),
})

async function recordFailure(
  run: Run,
  failuresBefore: number,
  error: unknown,
  followers: FollowerUpdate,
  finish: (
    update: Partial<FollowerUpdate> & {
      hold_until?: number | null
      failures?: number
      last_error?: string | null
      last_error_kind?: string | null
    },
  ) => Promise<MetricsSyncResult>,
): Promise<MetricsSyncResult> {
  const { murmur, options, result, channel } = run
  const failure = findNetworkError(error)
  const failures = failuresBefore + 1
  const label = channelLabel(channel)
  if (failure?.kind === 'auth_expired') {
    await markNeedsReconnect(murmur, run.scope, channel.id, failure.message)
    result.status = 'failed'
    result.error = `${label} needs reconnecting: ${failure.message}`
    return finish({
      failures,
      last_error: result.error,
      last_error_kind: failure.kind,
      ...followers,
    })
  }
  if (!failure) murmur.log.error({ err: error, channel: channel.id }, 'metrics sync crashed')
  const wait = retryDelayMs(failures, failure?.retryAfterMs, options)
  const retryAt = murmur.now() + wait
  result.status = failure?.kind === 'retryable' ? 'waiting' : 'failed'
  result.error = failure
    ? `${label}: ${failure.message}`
    : `${label}: ${error instanceof Error ? error.message : String(error)}`
  result.retry_at = retryAt
  return finish({
    hold_until: retryAt,
    failures,
    last_error: result.error,
    last_error_kind: failure?.kind ?? 'internal',
    ...followers,
  })
}
