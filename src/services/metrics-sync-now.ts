import { notFound } from '../core/errors.js'
import {
  claimMetricsChannel,
  ensureTracking,
  releaseMetricsChannel,
} from '../jobs/metrics-leases.js'
import { type MetricsSyncOptions, metricsSyncOptions } from '../jobs/metrics-options.js'
import type { Murmur } from '../murmur.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { type MetricsSyncResult, syncChannelMetrics } from './metrics-sync.js'
import { networksOf, type PublishingNetworks } from './publishing-networks.js'

/**
 * "Sync now" for a workspace's metrics (or one channel's): every followed post not read in the
 * last few minutes is read at once, whatever its schedule, except on a channel another run holds
 * (`busy`) or one whose network asked to wait (`waiting`, with `retry_at`): rate limits are
 * honoured even here.
 */
export async function syncMetricsNow(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: {
    channelId?: string | undefined
    options?: Partial<MetricsSyncOptions>
    networks?: PublishingNetworks
  } = {},
): Promise<MetricsSyncResult[]> {
  const options = metricsSyncOptions(input.options)
  const networks = input.networks ?? networksOf(murmur)
  await ensureTracking(murmur, scope.workspaceId)
  if (input.channelId) {
    const exists = await scope
      .selectFrom('channels')
      .select('id')
      .where('id', '=', input.channelId)
      .executeTakeFirst()
    if (!exists) throw notFound('Channel')
  }
  let query = scope
    .selectFrom('metric_channel_state')
    .innerJoin('channels', 'channels.id', 'metric_channel_state.channel_id')
    .select([
      'channels.id',
      'channels.network',
      'channels.handle',
      'channels.status',
      'metric_channel_state.hold_until',
      'metric_channel_state.last_error',
    ])
    .orderBy('channels.id')
  if (input.channelId) query = query.where('channels.id', '=', input.channelId)
  const channels = await query.execute()
  const now = murmur.now()
  const results: MetricsSyncResult[] = []
  for (const channel of channels) {
    const base: MetricsSyncResult = {
      channel_id: channel.id,
      network: channel.network,
      handle: channel.handle,
      status: 'synced',
      fetched: 0,
      gone: 0,
      calls: 0,
      followers: null,
      error: null,
      retry_at: null,
    }
    if (channel.status !== 'active') {
      results.push({
        ...base,
        status: 'skipped',
        error: 'The channel needs reconnecting; its numbers wait until then.',
      })
      continue
    }
    if (channel.hold_until !== null && channel.hold_until > now) {
      results.push({
        ...base,
        status: 'waiting',
        error: channel.last_error ?? 'The network asked Murmur to wait before reading again.',
        retry_at: channel.hold_until,
      })
      continue
    }
    const claimed = await claimMetricsChannel(murmur, {
      workspaceId: scope.workspaceId,
      channelId: channel.id,
      workerId: options.workerId,
      leaseMs: options.leaseMs,
    })
    if (!claimed) {
      results.push({ ...base, status: 'busy', error: 'A metrics sync of this channel is running.' })
      continue
    }
    try {
      results.push(
        await syncChannelMetrics(
          murmur,
          networks,
          { workspace_id: scope.workspaceId, channel_id: channel.id },
          options,
          true,
        ),
      )
    } catch (error) {
      await releaseMetricsChannel(murmur, channel.id, options.workerId).catch(() => undefined)
      throw error
    }
  }
  return results
}
