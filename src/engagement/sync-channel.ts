import type { Updateable } from 'kysely'
import { retryDelayMs } from '../jobs/scheduler-options.js'
import type { Murmur } from '../murmur.js'
import {
  findNetworkError,
  type MentionPage,
  type NetworkCredentials,
  type NetworkId,
  type SocialNetworkV1,
} from '../networks/spec/index.js'
import { channelRefreshLock } from '../services/channel-refresh-lock.js'
import {
  channelLabel,
  markNeedsReconnect,
  openCredentials,
  saveCredentials,
} from '../services/channels.js'
import { workspaceUnderstander } from '../services/intent-rules.js'
import type { PublishingNetworks } from '../services/publishing-networks.js'
import type { InboxSyncStateTable } from '../storage/tables/engagement.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { inboxEvents } from './events.js'
import { type IngestContext, ingestMentions } from './ingest.js'
import { loadOurPosts } from './our-posts.js'
import type { InboxSyncOptions } from './sync-options.js'
import type { Understander } from './understanding/understand.js'

/** What one sync of one channel did, for the API, the CLI and logs. */
export interface ChannelSyncResult {
  channel_id: string
  network: NetworkId
  handle: string
  /**
   * `synced`: done; `more`: stopped on its page budget, the rest comes next time; `waiting`: the
   * network asked to wait (rate limit) or earlier failures back off until `retry_at`; `failed`;
   * `busy`: another sync of this channel is running; `skipped`: the channel needs reconnecting
   * or its network is not available.
   */
  status: 'synced' | 'more' | 'waiting' | 'failed' | 'busy' | 'skipped'
  /** New messages stored. */
  received: number
  pages: number
  /** Messages found edited, and deleted, on the network. */
  edited: number
  deleted: number
  error: string | null
  retry_at: number | null
}

interface SyncRun {
  murmur: Murmur
  scope: WorkspaceScope
  network: SocialNetworkV1
  credentials: NetworkCredentials
  options: InboxSyncOptions
  ingest: IngestContext
  result: ChannelSyncResult
  /** Items older than this end the walk (the first sync's reach). */
  since: number | null
  pagesLeft: number
}

/** Thrown inside a walk: where the walk was, so the next sync resumes there. */
class WalkFailure extends Error {
  constructor(
    readonly resumeCursor: string | null,
    readonly failure: unknown,
  ) {
    super('walk failed')
  }
}

/**
 * One sync of one channel, the caller holding its lease. In order: finish a walk through older
 * items that an earlier sync left half-done (its `gap_cursor`), then read from the newest item
 * down until an item already stored, then ask the network about recent messages (edited?
 * deleted?). Each page is stored as it arrives, so a failure keeps what came before it and the
 * next sync resumes where this one stopped. Failures back off (never sooner than the network's
 * Retry-After); expired credentials mark the channel for reconnecting. Releases the lease.
 */
export async function syncChannel(
  murmur: Murmur,
  networks: PublishingNetworks,
  claimed: { workspace_id: string; channel_id: string },
  options: InboxSyncOptions,
): Promise<ChannelSyncResult> {
  const scope = new WorkspaceScope(murmur.db, claimed.workspace_id)
  const channel = await scope
    .selectFrom('channels')
    .select(['id', 'network', 'account_id', 'handle', 'status'])
    .where('id', '=', claimed.channel_id)
    .executeTakeFirst()
  const state = await scope
    .selectFrom('inbox_sync_state')
    .select(['gap_cursor', 'failures', 'last_success_at'])
    .where('channel_id', '=', claimed.channel_id)
    .executeTakeFirst()
  const result: ChannelSyncResult = {
    channel_id: claimed.channel_id,
    network: channel?.network ?? 'bluesky',
    handle: channel?.handle ?? '',
    status: 'synced',
    received: 0,
    pages: 0,
    edited: 0,
    deleted: 0,
    error: null,
    retry_at: null,
  }
  const now = murmur.now()
  const finish = async (update: StateUpdate) => {
    await scope
      .updateTable('inbox_sync_state')
      .set({ ...update, lease_owner: null, lease_expires_at: null })
      .where('channel_id', '=', claimed.channel_id)
      .execute()
    return result
  }
  if (!channel || !state) return result
  if (channel.status !== 'active') {
    result.status = 'skipped'
    result.error = `${channelLabel(channel)} needs reconnecting; its inbox waits until then.`
    return finish({ next_sync_at: now + options.intervalMs })
  }
  const network = networks.get(channel.network)
  if (!network) {
    result.status = 'skipped'
    result.error = `${channelLabel(channel)}: this version of Murmur cannot read this network.`
    return finish({ next_sync_at: now + 24 * 3_600_000, last_error: result.error })
  }
  await scope
    .updateTable('inbox_sync_state')
    .set({ last_started_at: now })
    .where('channel_id', '=', channel.id)
    .execute()

  let credentials: NetworkCredentials
  try {
    credentials = await openCredentials(murmur, scope, channel.id)
  } catch {
    await markNeedsReconnect(murmur, scope, channel.id, 'Its stored credentials cannot be read.')
    result.status = 'failed'
    result.error = `${channelLabel(channel)}: the stored connection cannot be read. Reconnect it.`
    return finish({ last_error: result.error, last_error_kind: 'auth_expired' })
  }
  const understand: Understander = await workspaceUnderstander(murmur, scope)
  const run: SyncRun = {
    murmur,
    scope,
    network,
    credentials,
    options,
    ingest: {
      murmur,
      scope,
      channel,
      understand,
      ours: await loadOurPosts(scope, channel.id),
    },
    result,
    since: state.last_success_at === null ? now - options.backfillMs : null,
    pagesLeft: options.pagesPerRun,
  }

  let gapCursor = state.gap_cursor
  try {
    if (gapCursor) gapCursor = await walk(run, gapCursor)
    if (!gapCursor && run.pagesLeft > 0) gapCursor = await walk(run, undefined)
    if (!gapCursor) await recheck(run)
  } catch (error) {
    const resume = error instanceof WalkFailure ? error.resumeCursor : gapCursor
    return recordFailure(run, channel, state.failures, resume, unwrap(error), finish)
  } finally {
    announce(run)
  }
  result.status = gapCursor ? 'more' : 'synced'
  await scope
    .updateTable('inbox_sync_state')
    .set((eb) => ({ items_received: eb('items_received', '+', result.received) }))
    .where('channel_id', '=', channel.id)
    .execute()
  return finish({
    gap_cursor: gapCursor,
    failures: 0,
    last_error: null,
    last_error_kind: null,
    last_success_at: murmur.now(),
    // Unread history waits for nobody: go on at the next round.
    next_sync_at: gapCursor ? murmur.now() : murmur.now() + options.intervalMs,
  })
}

type StateUpdate = Updateable<Omit<InboxSyncStateTable, 'workspace_id' | 'channel_id'>>

const unwrap = (error: unknown) => (error instanceof WalkFailure ? error.failure : error)

/**
 * Reads pages from `cursor` (or the newest) until an item already stored, the end, the first
 * sync's reach, or the page budget. Returns the cursor to resume from, or null when caught up.
 */
async function walk(run: SyncRun, start: string | undefined): Promise<string | null> {
  let cursor = start
  while (run.pagesLeft > 0) {
    let page: MentionPage
    let inReach: MentionPage['items']
    let stored: Awaited<ReturnType<typeof ingestMentions>>
    try {
      page = await run.network.fetchMentions(
        run.credentials,
        { ...(cursor && { cursor }), limit: run.options.pageSize },
        callOptions(run),
      )
      const since = run.since
      inReach = since === null ? page.items : page.items.filter((i) => reachable(i, since))
      stored = await ingestMentions(run.ingest, inReach)
    } catch (error) {
      // Resume with the page that failed (from the newest again when it was the first).
      throw new WalkFailure(cursor ?? null, error)
    }
    run.pagesLeft -= 1
    run.result.pages += 1
    run.result.received += stored.created.length
    for (const message of stored.created) {
      inboxEvents(run.murmur).publish(run.scope.workspaceId, {
        type: 'message.created',
        conversation_id: message.conversation_id,
        message_id: message.id,
        direction: 'in',
      })
    }
    const caughtUp = stored.known > 0 || inReach.length < page.items.length || !page.cursor
    if (caughtUp) return null
    cursor = page.cursor
  }
  return cursor ?? null
}

function reachable(item: { createdAt: string }, since: number): boolean {
  const at = Date.parse(item.createdAt)
  return !Number.isFinite(at) || at >= since
}

const callOptions = (run: SyncRun) => ({
  signal: AbortSignal.timeout(run.options.callTimeoutMs),
  onCredentialsChanged: async (next: NetworkCredentials) => {
    run.credentials = next
    await saveCredentials(run.murmur, run.scope, run.ingest.channel.id, next)
  },
  refreshLock: channelRefreshLock(run.murmur, run.scope, run.ingest.channel.id),
})

/**
 * Asks the network about a few recent messages, least recently checked first: a deleted one
 * loses its text (the author took it back), an edited one gets the new text and is read again.
 * A rate limit here ends the checks quietly; they continue next time.
 */
async function recheck(run: SyncRun): Promise<void> {
  const { murmur, scope, options } = run
  if (options.recheckPerRun <= 0) return
  const now = murmur.now()
  const due = await scope
    .selectFrom('messages')
    .select(['id', 'conversation_id', 'remote_id', 'text'])
    .where('channel_id', '=', run.ingest.channel.id)
    .where('received_at', '>=', now - options.recheckWindowMs)
    .where('direction', '=', 'in')
    .where('deleted_at', 'is', null)
    .where('erased', '=', 0)
    .where((eb) =>
      eb.or([eb('checked_at', 'is', null), eb('checked_at', '<', now - options.recheckEveryMs)]),
    )
    .orderBy('checked_at')
    .limit(options.recheckPerRun)
    .execute()
  for (const message of due) {
    if (!message.remote_id) continue
    let post: Awaited<ReturnType<SocialNetworkV1['fetchPost']>>
    try {
      post = await run.network.fetchPost(run.credentials, message.remote_id, callOptions(run))
    } catch (error) {
      if (findNetworkError(error)?.kind === 'auth_expired') throw error
      return
    }
    const checkedAt = murmur.now()
    if (post === null) {
      await scope
        .updateTable('messages')
        .set({ text: '', labels: '[]', deleted_at: checkedAt, checked_at: checkedAt })
        .where('id', '=', message.id)
        .execute()
      run.result.deleted += 1
      changed(run, message.conversation_id)
    } else if (post.text !== message.text) {
      const understood = run.ingest.understand(post.text)
      await scope
        .updateTable('messages')
        .set({
          text: post.text,
          edited_at: checkedAt,
          checked_at: checkedAt,
          sentiment: understood.sentiment,
          sentiment_score: understood.sentimentScore,
          intent: understood.intent,
          priority: understood.priority,
          labels: JSON.stringify(understood.labels),
        })
        .where('id', '=', message.id)
        .execute()
      run.result.edited += 1
      changed(run, message.conversation_id)
    } else {
      await scope
        .updateTable('messages')
        .set({ checked_at: checkedAt })
        .where('id', '=', message.id)
        .execute()
    }
  }
}

const changed = (run: SyncRun, conversationId: string) =>
  inboxEvents(run.murmur).publish(run.scope.workspaceId, {
    type: 'conversation.updated',
    conversation_id: conversationId,
  })

function announce(run: SyncRun) {
  inboxEvents(run.murmur).publish(run.scope.workspaceId, {
    type: 'sync.finished',
    channel_id: run.result.channel_id,
    received: run.result.received,
  })
}

async function recordFailure(
  run: SyncRun,
  channel: { id: string; network: NetworkId; handle: string },
  failuresBefore: number,
  resumeCursor: string | null,
  error: unknown,
  finish: (update: StateUpdate) => Promise<ChannelSyncResult>,
): Promise<ChannelSyncResult> {
  const { murmur, options, result } = run
  const failure = findNetworkError(error)
  const failures = failuresBefore + 1
  const label = channelLabel(channel)
  if (failure?.kind === 'auth_expired') {
    await markNeedsReconnect(murmur, run.scope, channel.id, failure.message)
    result.status = 'failed'
    result.error = `${label} needs reconnecting: ${failure.message}`
    return finish({
      gap_cursor: resumeCursor,
      failures,
      last_error: result.error,
      last_error_kind: failure.kind,
      next_sync_at: murmur.now() + options.intervalMs,
    })
  }
  if (!failure) murmur.log.error({ err: error, channel: channel.id }, 'inbox sync crashed')
  // Refusals repeat whatever we do: wait the longest. Anything else backs off, honouring Retry-After.
  const wait =
    failure?.kind === 'content_rejected'
      ? options.backoffMaxMs
      : retryDelayMs(failures, failure?.retryAfterMs, options)
  const retryAt = murmur.now() + wait
  result.status = failure?.kind === 'retryable' ? 'waiting' : 'failed'
  result.error = failure
    ? `${label}: ${failure.message}`
    : `${label}: ${error instanceof Error ? error.message : String(error)}`
  result.retry_at = retryAt
  return finish({
    gap_cursor: resumeCursor,
    failures,
    last_error: result.error,
    last_error_kind: failure?.kind ?? 'internal',
    next_sync_at: retryAt,
  })
}
