import { Counter } from 'prom-client'
import { notFound } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import { networksOf, type PublishingNetworks } from '../services/publishing-networks.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { type ChannelSyncResult, syncChannel } from './sync-channel.js'
import {
  type ClaimedChannel,
  claimChannel,
  claimDueChannels,
  ensureSyncStates,
  releaseChannel,
} from './sync-leases.js'
import { claimSyncNow } from './sync-now-throttle.js'
import { type InboxSyncOptions, inboxSyncOptions } from './sync-options.js'

const running = new WeakMap<Murmur, InboxSync>()
const counters = new WeakMap<
  Murmur,
  { syncs: Counter<'network' | 'status'>; messages: Counter<'network'> }
>()

/** Syncs by network and outcome, and messages received, for /metrics. */
function inboxCounters(murmur: Murmur) {
  let found = counters.get(murmur)
  if (!found) {
    found = {
      syncs: new Counter({
        name: 'murmur_inbox_syncs_total',
        help: 'Inbox syncs of one channel finished by this process, by network and status',
        labelNames: ['network', 'status'] as const,
        registers: [murmur.metrics.registry],
      }),
      messages: new Counter({
        name: 'murmur_inbox_messages_received_total',
        help: 'New inbox messages stored by syncs of this process, by network',
        labelNames: ['network'] as const,
        registers: [murmur.metrics.registry],
      }),
    }
    counters.set(murmur, found)
  }
  return found
}

function count(murmur: Murmur, result: ChannelSyncResult): ChannelSyncResult {
  const { syncs, messages } = inboxCounters(murmur)
  syncs.inc({ network: result.network, status: result.status })
  if (result.received > 0) messages.inc({ network: result.network }, result.received)
  return result
}

/** The background sync this process runs for `murmur`, if any. */
export function runningInboxSync(murmur: Murmur): InboxSync | undefined {
  return running.get(murmur)
}

/**
 * The background inbox sync: every tick it gives new channels a sync state, then reserves the
 * channels that are due (leases, so several processes never sync one channel at once) and
 * syncs them, a few at a time. Each channel then waits `intervalMs`, or its backoff. Nothing is
 * decided once at start: each round reads the channels again and asks for the networks as they
 * are now, so a channel (or a whole network) connected while it runs is synced at the next round.
 */
export class InboxSync {
  readonly options: InboxSyncOptions
  readonly #murmur: Murmur
  /** Networks given by the caller (tests); otherwise the process's, asked for every round. */
  readonly #networks: PublishingNetworks | undefined
  readonly #inFlight = new Map<string, Promise<ChannelSyncResult | undefined>>()
  #timer: NodeJS.Timeout | undefined
  #tick: Promise<void> | undefined
  #stopped = true

  constructor(
    murmur: Murmur,
    options: Partial<InboxSyncOptions> = {},
    networks?: PublishingNetworks,
  ) {
    this.#murmur = murmur
    this.#networks = networks
    this.options = inboxSyncOptions(options)
  }

  start(): void {
    if (!this.#stopped) return
    this.#stopped = false
    running.set(this.#murmur, this)
    this.#murmur.log.info({ worker: this.options.workerId }, 'inbox sync started')
    this.#schedule(0)
  }

  /** Stops ticking and waits for the syncs in flight (each holds its lease until it ends). */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    if (running.get(this.#murmur) === this) running.delete(this.#murmur)
    await this.#tick?.catch(() => undefined)
    await Promise.allSettled(this.#inFlight.values())
  }

  /** One round; concurrent calls share the round in progress. Resolves when its syncs end. */
  tick(): Promise<void> {
    this.#tick ??= this.#round().finally(() => {
      this.#tick = undefined
    })
    return this.#tick
  }

  #schedule(delay: number): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.tick()
        .catch((error) => this.#murmur.log.error({ err: error }, 'inbox sync round failed'))
        .finally(() => this.#schedule(this.options.tickMs))
    }, delay)
  }

  async #round(): Promise<void> {
    await ensureSyncStates(this.#murmur)
    const claimed = await claimDueChannels(this.#murmur, {
      workerId: this.options.workerId,
      limit: this.options.concurrency - this.#inFlight.size,
      leaseMs: this.options.leaseMs,
    })
    const networks = this.#networks ?? networksOf(this.#murmur)
    await Promise.allSettled(claimed.map((channel) => this.#launch(channel, networks)))
  }

  #launch(
    channel: ClaimedChannel,
    networks: PublishingNetworks,
  ): Promise<ChannelSyncResult | undefined> {
    const murmur = this.#murmur
    const done = syncChannel(murmur, networks, channel, this.options)
      .then((result) => count(murmur, result))
      .then((result) => {
        if (result.error) murmur.log.warn({ channel: channel.channel_id, ...result }, 'inbox sync')
        return result
      })
      .catch(async (error) => {
        murmur.log.error({ err: error, channel: channel.channel_id }, 'inbox sync failed')
        // Give the channel back; if storage itself is down the lease runs out instead.
        await releaseChannel(murmur, channel.channel_id, this.options.workerId).catch(
          () => undefined,
        )
        return undefined
      })
      .finally(() => this.#inFlight.delete(channel.channel_id))
    this.#inFlight.set(channel.channel_id, done)
    return done
  }
}

/**
 * "Sync now" for a workspace (or one of its channels): every active channel is synced at once,
 * whatever its schedule, except a channel another sync holds (`busy`) or one the network asked
 * to leave alone until later (`waiting`, with `retry_at`): rate limits are honoured even here.
 */
export async function syncWorkspaceNow(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: {
    channelId?: string | undefined
    options?: Partial<InboxSyncOptions>
    networks?: PublishingNetworks
    /** A person pressed "Sync now": refused with a 429 when pressed again too soon. */
    pressed?: boolean
  } = {},
): Promise<ChannelSyncResult[]> {
  const options = inboxSyncOptions(input.options)
  const networks = input.networks ?? networksOf(murmur)
  await ensureSyncStates(murmur, scope.workspaceId)
  let query = scope
    .selectFrom('channels')
    .leftJoin('inbox_sync_state', 'inbox_sync_state.channel_id', 'channels.id')
    .select([
      'channels.id',
      'channels.network',
      'channels.handle',
      'channels.status',
      'inbox_sync_state.next_sync_at',
      'inbox_sync_state.last_error_kind',
    ])
    .orderBy('channels.id')
  if (input.channelId) query = query.where('channels.id', '=', input.channelId)
  const channels = await query.execute()
  if (input.channelId && channels.length === 0) throw notFound('Channel')
  if (input.pressed)
    await claimSyncNow(
      murmur,
      scope,
      channels.map((channel) => channel.id),
    )
  const now = murmur.now()
  const results: ChannelSyncResult[] = []
  for (const channel of channels) {
    const base: ChannelSyncResult = {
      channel_id: channel.id,
      network: channel.network,
      handle: channel.handle,
      status: 'synced',
      received: 0,
      pages: 0,
      edited: 0,
      deleted: 0,
      error: null,
      retry_at: null,
    }
    if (channel.status !== 'active') {
      results.push({
        ...base,
        status: 'skipped',
        error: 'The channel needs reconnecting; its inbox waits until then.',
      })
      continue
    }
    const rateLimited =
      channel.last_error_kind === 'retryable' &&
      channel.next_sync_at !== null &&
      channel.next_sync_at > now
    if (rateLimited) {
      results.push({
        ...base,
        status: 'waiting',
        error: 'The network asked Murmur to wait before reading again.',
        retry_at: channel.next_sync_at,
      })
      continue
    }
    const claimed = await claimChannel(murmur, {
      workspaceId: scope.workspaceId,
      channelId: channel.id,
      workerId: options.workerId,
      leaseMs: options.leaseMs,
    })
    if (!claimed) {
      results.push({ ...base, status: 'busy', error: 'A sync of this channel is running.' })
      continue
    }
    try {
      const result = await syncChannel(
        murmur,
        networks,
        { workspace_id: scope.workspaceId, channel_id: channel.id },
        options,
      )
      results.push(count(murmur, result))
    } catch (error) {
      await releaseChannel(murmur, channel.id, options.workerId).catch(() => undefined)
      throw error
    }
  }
  return results
}
