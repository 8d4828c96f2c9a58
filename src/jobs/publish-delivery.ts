import { setTimeout as sleep } from 'node:timers/promises'
import type { QueryCreator } from 'kysely'
import { isMurmurError } from '../core/errors.js'
import { describeInstant } from '../core/zoned-time.js'
import type { Murmur } from '../murmur.js'
import {
  type Draft,
  findNetworkError,
  hasErrors,
  type NetworkCredentials,
  type NetworkError,
  type PublishedPost,
  type PublishResult,
  type SocialNetworkV1,
} from '../networks/spec/index.js'
import { channelRefreshLock } from '../services/channel-refresh-lock.js'
import {
  type Channel,
  channelForPublishing,
  channelLabel,
  markNeedsReconnect,
  saveCredentials,
} from '../services/channels.js'
import {
  type PostToPublish,
  readPostToPublish,
  STARTED_COLUMNS,
  type StartedDelivery,
  startAndReadPostToPublish,
} from '../services/delivery-content.js'
import { withTrackedLinks } from '../services/links-in-posts.js'
import { draftOf, type PostContent } from '../services/post-content.js'
import { parseJson } from '../services/post-views.js'
import type { PublishingNetworks } from '../services/publishing-networks.js'
import { emitWebhookEvent, webhookEventInsert } from '../services/webhooks.js'
import { findWorkspace } from '../services/workspaces.js'
import type { Schema } from '../storage/schema.js'
import type { DeliveriesTable, DeliveryErrorKind } from '../storage/tables/publishing.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import type { ClaimedDelivery } from './delivery-leases.js'
import { retryDelayMs, type SchedulerOptions } from './scheduler-options.js'

const FINISH_ATTEMPTS = 3
const FINISH_RETRY_MS = 500

export type PublishOutcome =
  | 'published'
  | 'retrying'
  | 'failed'
  | 'unconfirmed'
  | 'missed'
  | 'skipped'

interface Job {
  murmur: Murmur
  networks: PublishingNetworks
  options: SchedulerOptions
  claimed: ClaimedDelivery
  scope: WorkspaceScope
  /** The network has been called: from here on, a failure to record means "unknown", not "not sent". */
  sent?: boolean
}

/**
 * Takes one claimed delivery to its next state. The order is what makes publishing honest:
 * 1. checks that need no network (missed its time, channel needs reconnecting);
 * 2. records the start (`publishing`) with a guarded update: only if it is still scheduled,
 *    still due and still leased to this worker, so edits, cancels and other workers win before;
 * 3. reads the content (edits are refused from step 2 on), validates it, and calls the network;
 * 4. records what the network said; an unknown outcome is never retried by itself.
 */
export async function publishDelivery(
  murmur: Murmur,
  networks: PublishingNetworks,
  options: SchedulerOptions,
  claimed: ClaimedDelivery,
): Promise<PublishOutcome> {
  const job: Job = {
    murmur,
    networks,
    options,
    claimed,
    scope: new WorkspaceScope(murmur.db, claimed.workspace_id),
  }
  const { scope } = job
  // One read for the channel and its sealed credentials; the claim brought the delivery's ids.
  const channel = await channelForPublishing(scope, claimed.channel_id)
  if (!channel) return 'skipped'
  const label = channelLabel(channel)
  const now = murmur.now()
  const dueAt = claimed.next_attempt_at ?? now

  if (now - dueAt > options.lateGraceMs) {
    const timeZone = (await findWorkspace(murmur, scope.workspaceId))?.time_zone ?? 'UTC'
    const done = await finishUnstarted(job, 'missed', {
      message: `Missed its time: it was due ${describeInstant(dueAt, timeZone)}, but no scheduler was running until ${describeInstant(now, timeZone)}, more than ${Math.round(options.lateGraceMs / 60_000)} minutes later. It was not published. Publish it now or pick a new time.`,
    })
    return done ? 'missed' : 'skipped'
  }
  if (channel.status === 'needs_reconnect') {
    const done = await finishUnstarted(job, 'auth_expired', {
      message: `${label} needs reconnecting (${channel.status_reason ?? 'its connection stopped working'}). Nothing was sent. Reconnect the channel, then retry this post.`,
    })
    return done ? 'failed' : 'skipped'
  }
  const network = networks.get(channel.network)
  if (!network) {
    const done = await finishUnstarted(job, 'invalid', {
      message: `${label}: this version of Murmur cannot publish to this network. Nothing was sent.`,
    })
    return done ? 'failed' : 'skipped'
  }

  // 2. The start, recorded before the network is called.
  // Late against when the scheduler meant to take it (after a backoff, the retry time).
  const late = now - dueAt
  const start = scope
    .updateTable('deliveries')
    .set((eb) => ({
      state: 'publishing',
      started_at: now,
      attempts: eb('attempts', '+', 1),
      lease_expires_at: now + options.publishLeaseMs,
      late_ms: late > options.lateThresholdMs ? late : null,
      updated_at: now,
    }))
    .where('id', '=', claimed.id)
    .where('state', '=', 'scheduled')
    .where('lease_owner', '=', options.workerId)
    .where('next_attempt_at', '<=', now)
    // What publishing needs of the delivery comes back with the start: no read of its own.
    .returning(STARTED_COLUMNS)
  let started: StartedDelivery | undefined
  let readPost: () => Promise<PostToPublish> | PostToPublish
  if (murmur.storage.kind === 'postgres') {
    // The start and the content it publishes in one statement (no edit can land after it).
    const both = await startAndReadPostToPublish(scope, start)
    started = both?.started
    readPost = () => both!.post()
  } else {
    started = await start.executeTakeFirst()
    readPost = () => readPostToPublish(scope, claimed.post_id, started!)
  }
  if (!started) return 'skipped'

  // 3. Content as it stands now (no edit can land any more), then the network.
  try {
    return await sendStarted(job, channel, network, started, readPost)
  } catch (error) {
    // After sending, a record that could not be written is left to the lease: it expires and
    // the delivery becomes unconfirmed, which is the truth.
    if (job.sent) throw error
    // Storage trouble before the network call: nothing was sent, so say so if we still can.
    murmur.log.error({ err: error, delivery: claimed.id }, 'publish failed before sending')
    await finishStarted(job, {
      state: 'failed',
      kind: 'internal',
      message: `Murmur could not prepare this post (${error instanceof Error ? error.message : String(error)}). Nothing was sent. Retry it.`,
    }).catch(() => undefined)
    return 'failed'
  }
}

/** Steps 3 and 4 of a started delivery; throws only for storage trouble before sending. */
async function sendStarted(
  job: Job,
  channel: Channel & { sealedCredentials: string },
  network: SocialNetworkV1,
  started: StartedDelivery,
  readPost: () => Promise<PostToPublish> | PostToPublish,
): Promise<PublishOutcome> {
  const { murmur, options, scope } = job
  const label = channelLabel(channel)
  const post = await readPost()
  const delivery = {
    id: started.id,
    attempts: started.attempts,
    remote: {
      parts: parseJson<PublishedPost[]>(started.remote_parts, []),
      first_comment: parseJson<PublishedPost | null>(started.remote_first_comment, null),
    },
  }
  const { content } = post
  let draft: Draft
  try {
    draft = await draftOf(murmur, scope, content)
    // The workspace setting: each URL becomes this delivery's tracked link (docs/links.md).
    draft = await withTrackedLinks(murmur, scope, draft, {
      deliveryId: delivery.id,
      network: channel.network,
      postId: post.id,
      campaign: post.campaign_id,
      createdBy: post.created_by,
    })
  } catch (error) {
    if (!isMurmurError(error)) throw error
    // Media storage that cannot answer (S3 down) is not the post's fault: nothing was sent,
    // so it is tried again later like a network that is down.
    if (error.code === 'unavailable' && delivery.attempts < options.maxAttempts) {
      const wait = retryDelayMs(delivery.attempts, undefined, options)
      await finishStarted(job, {
        state: 'scheduled',
        kind: 'retryable',
        nextAttemptAt: murmur.now() + wait,
        message: `${label}: ${error.message} Nothing was sent. Trying again in ${Math.ceil(wait / 1000)} s (attempt ${delivery.attempts + 1} of ${options.maxAttempts}).`,
      })
      return 'retrying'
    }
    await finishStarted(job, {
      state: 'failed',
      kind: error.code === 'unavailable' ? 'retryable' : 'invalid',
      message: `${label}: ${error.message}${error.code === 'unavailable' ? ' Nothing was sent. Retry when it works again.' : ''}`,
    })
    return 'failed'
  }
  const problems = network.validate(draft).filter((p) => p.severity === 'error')
  if (hasErrors(problems)) {
    await finishStarted(job, {
      state: 'failed',
      kind: 'invalid',
      message: `Not sent: ${problems.map((p) => p.message).join('; ')}. Edit the post, then retry.`,
    })
    return 'failed'
  }

  const already = delivery.remote.parts
  const plan = resumePlan(draft, content, already, delivery.remote.first_comment !== null)
  if (plan.kind === 'done') {
    await finishStarted(job, { state: 'published', parts: already })
    return 'published'
  }
  if (plan.kind === 'cannot_resume') {
    await finishStarted(job, {
      state: 'failed',
      kind: 'invalid',
      message: `${label}: part ${already.length} of ${draft.parts.length} is already published, and ${network.name} cannot continue a thread. Delete it there and retry, or confirm what exists.`,
    })
    return 'failed'
  }

  let credentials: NetworkCredentials
  try {
    credentials = JSON.parse(murmur.secrets.open(channel.sealedCredentials)) as NetworkCredentials
  } catch (error) {
    await finishStarted(job, {
      state: 'failed',
      kind: 'auth_expired',
      message: `${label}: the stored connection cannot be read (${error instanceof Error ? error.message : String(error)}). Nothing was sent. Reconnect the channel, then retry.`,
    })
    await markNeedsReconnect(murmur, scope, channel.id, 'Its stored credentials cannot be read.')
    return 'failed'
  }

  let result: PublishResult
  job.sent = true
  try {
    result = await network.publish(credentials, plan.draft, {
      signal: AbortSignal.timeout(options.publishTimeoutMs),
      onCredentialsChanged: (next) => saveCredentials(murmur, scope, channel.id, next),
      refreshLock: channelRefreshLock(murmur, scope, channel.id),
    })
  } catch (error) {
    return await recordFailure(job, {
      channel,
      label,
      network,
      credentials,
      error,
      already,
      plan,
      attempts: delivery.attempts,
    })
  }
  const parts = [...already, ...(plan.onlyFirstComment ? [] : result.parts)]
  const firstComment = plan.onlyFirstComment ? result.parts[0] : result.firstComment
  await finishStarted(job, {
    state: 'published',
    parts,
    ...(firstComment && { firstComment }),
    warnings: result.warnings,
  })
  return 'published'
}

type Plan =
  | { kind: 'done' }
  | { kind: 'cannot_resume' }
  | { kind: 'send'; draft: Draft; onlyFirstComment: boolean }

/**
 * What is left to send. A thread that failed half-way continues under its last published part
 * instead of starting again (which would publish the first parts twice).
 */
function resumePlan(
  draft: Draft,
  content: PostContent,
  already: PublishedPost[],
  firstCommentDone: boolean,
): Plan {
  if (already.length === 0) return { kind: 'send', draft, onlyFirstComment: false }
  const last = already[already.length - 1]!
  const remaining = draft.parts.slice(already.length)
  const firstComment = content.first_comment?.trim()
  if (remaining.length === 0) {
    if (!firstComment || firstCommentDone) return { kind: 'done' }
    return {
      kind: 'send',
      draft: { parts: [{ text: firstComment, media: [] }], replyTo: { id: last.id } },
      onlyFirstComment: true,
    }
  }
  return {
    kind: 'send',
    draft: {
      ...draft,
      parts: remaining,
      replyTo: { id: last.id },
    },
    onlyFirstComment: false,
  }
}

async function recordFailure(
  job: Job,
  input: {
    channel: Channel
    label: string
    network: SocialNetworkV1
    credentials: NetworkCredentials
    error: unknown
    already: PublishedPost[]
    plan: Extract<Plan, { kind: 'send' }>
    attempts: number
  },
): Promise<PublishOutcome> {
  const { murmur, options, scope } = job
  const { channel, label, network, already, plan } = input
  const failure = findNetworkError(input.error)
  const progress = failure?.progress
  const published = plan.onlyFirstComment ? [] : (progress?.publishedParts ?? [])
  const parts = [...already, ...published]
  const progressNote =
    parts.length > 0
      ? ` ${parts.length} part${parts.length === 1 ? ' is' : 's are'} already published and will not be sent again.`
      : ''

  if (!failure) {
    // A bug, not a network answer: whether anything left is unknown, so a person decides.
    murmur.log.error({ err: input.error, delivery: job.claimed.id }, 'publish crashed')
    await finishStarted(job, {
      state: 'unconfirmed',
      kind: 'internal',
      parts,
      message: `Murmur hit an internal error while publishing to ${label} (${input.error instanceof Error ? input.error.message : String(input.error)}), so it does not know whether the post went out. Check the channel, then confirm or publish again.`,
    })
    return 'unconfirmed'
  }

  switch (failure.kind) {
    case 'retryable': {
      if (input.attempts >= options.maxAttempts) {
        await finishStarted(job, {
          state: 'failed',
          kind: 'retryable',
          parts,
          message: `Gave up after ${input.attempts} attempts. Last answer: ${failure.message}.${progressNote} Retry when ${network.name} works again.`,
        })
        return 'failed'
      }
      const wait = retryDelayMs(input.attempts, failure.retryAfterMs, options)
      await finishStarted(job, {
        state: 'scheduled',
        kind: 'retryable',
        parts,
        nextAttemptAt: murmur.now() + wait,
        message: `${failure.message}. Trying again in ${Math.ceil(wait / 1000)} s (attempt ${input.attempts + 1} of ${options.maxAttempts}).${progressNote}`,
      })
      return 'retrying'
    }
    case 'auth_expired': {
      await markNeedsReconnect(murmur, scope, channel.id, failure.message)
      await finishStarted(job, {
        state: 'failed',
        kind: 'auth_expired',
        parts,
        message: `${label} needs reconnecting: ${failure.message}.${progressNote} Reconnect the channel, then retry this post.`,
      })
      return 'failed'
    }
    case 'content_rejected': {
      await finishStarted(job, {
        state: 'failed',
        kind: 'content_rejected',
        parts,
        message: `${network.name} refused the post: ${failure.reason ?? failure.message}.${progressNote} Edit it, then retry.`,
      })
      return 'failed'
    }
    case 'outcome_unknown':
      return recordUnknown(job, { ...input, failure, parts })
  }
}

/**
 * The request left but its answer was lost. Murmur records what it knows and, when the network
 * named the part that may exist, reads it back: found means published (or continue the thread
 * under it); anything else stays unconfirmed for a person to settle.
 */
async function recordUnknown(
  job: Job,
  input: {
    label: string
    network: SocialNetworkV1
    credentials: NetworkCredentials
    failure: NetworkError
    parts: PublishedPost[]
    plan: Extract<Plan, { kind: 'send' }>
    channel: Channel
  },
): Promise<PublishOutcome> {
  const { murmur, scope } = job
  const { label, network, failure, parts, plan, channel } = input
  const unconfirmed = failure.progress?.unconfirmedPart
  const base = `${failure.message}. ${network.name} may or may not have the post, so Murmur will not send it again by itself.`
  await finishStarted(job, {
    state: 'unconfirmed',
    kind: 'outcome_unknown',
    parts,
    ...(unconfirmed && { unconfirmed }),
    message: `${base} Check ${label}, then confirm it was published or publish it again.`,
  })
  if (!unconfirmed) return 'unconfirmed'

  let found: Awaited<ReturnType<SocialNetworkV1['fetchPost']>> = null
  try {
    found = await network.fetchPost(input.credentials, unconfirmed.id, {
      signal: AbortSignal.timeout(job.options.publishTimeoutMs),
      onCredentialsChanged: (next) => saveCredentials(murmur, scope, channel.id, next),
      refreshLock: channelRefreshLock(murmur, scope, channel.id),
    })
  } catch (error) {
    murmur.log.warn({ err: error, delivery: job.claimed.id }, 'could not check an unconfirmed post')
    return 'unconfirmed'
  }
  const now = murmur.now()
  if (!found) {
    await scope
      .updateTable('deliveries')
      .set({
        last_error: `${base} Murmur checked at ${new Date(now).toISOString()} and ${network.name} does not show it. Publish it again, or dismiss it if you know better.`,
        updated_at: now,
      })
      .where('id', '=', job.claimed.id)
      .where('state', '=', 'unconfirmed')
      .execute()
    return 'unconfirmed'
  }
  const confirmed = { id: found.id, url: found.url }
  // Which piece was lost: the part after those known to exist, or (all parts out) the comment.
  const sentParts = plan.onlyFirstComment ? 0 : plan.draft.parts.length
  const knownSent = plan.onlyFirstComment ? 0 : (failure.progress?.publishedParts.length ?? 0)
  const isFirstComment = plan.onlyFirstComment || knownSent >= sentParts
  const allParts = isFirstComment ? parts : [...parts, confirmed]
  const complete =
    isFirstComment || (knownSent + 1 >= sentParts && !plan.draft.firstComment?.trim())
  const guarded = scope
    .updateTable('deliveries')
    .where('id', '=', job.claimed.id)
    .where('state', '=', 'unconfirmed')
  if (complete) {
    await guarded
      .set({
        state: 'published',
        published_at: now,
        remote_parts: JSON.stringify(allParts),
        ...(isFirstComment && { remote_first_comment: JSON.stringify(confirmed) }),
        remote_unconfirmed: null,
        last_error: null,
        last_error_kind: null,
        lease_owner: null,
        lease_expires_at: null,
        updated_at: now,
      })
      .execute()
    return 'published'
  }
  // The lost part exists: the rest was never sent, so continuing under it is not a blind retry.
  await guarded
    .set({
      state: 'scheduled',
      next_attempt_at: now,
      remote_parts: JSON.stringify(allParts),
      remote_unconfirmed: null,
      last_error: `${failure.message}. Murmur found part ${allParts.length} on ${network.name} and continues with the rest.`,
      last_error_kind: 'outcome_unknown',
      lease_owner: null,
      lease_expires_at: null,
      updated_at: now,
    })
    .execute()
  return 'retrying'
}

/** Ends a claimed delivery that was never started (nothing reached the network). */
async function finishUnstarted(
  job: Job,
  kind: DeliveryErrorKind,
  input: { message: string },
): Promise<boolean> {
  const now = job.murmur.now()
  const result = await job.scope
    .updateTable('deliveries')
    .set({
      state: 'failed',
      last_error: input.message,
      last_error_kind: kind,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: now,
    })
    .where('id', '=', job.claimed.id)
    .where('state', '=', 'scheduled')
    .where('lease_owner', '=', job.options.workerId)
    .executeTakeFirst()
  const done = Number(result.numUpdatedRows) > 0
  if (done) await deliveryEvent(job, 'post.failed', { error: input.message, error_kind: kind })
  return done
}

/** Tells subscribed webhook endpoints what became of one delivery (never throws). */
function deliveryEvent(
  job: Job,
  type: DeliveryEventType,
  extra: Record<string, unknown>,
): Promise<void> {
  return emitWebhookEvent(job.murmur, job.claimed.workspace_id, type, deliveryEventData(job, extra))
}

type DeliveryEventType = 'post.published' | 'post.failed' | 'post.unconfirmed'

function deliveryEventData(job: Job, extra: Record<string, unknown>): Record<string, unknown> {
  const { claimed } = job
  return {
    post_id: claimed.post_id,
    delivery_id: claimed.id,
    channel_id: claimed.channel_id,
    network: claimed.network,
    ...extra,
  }
}

/** The event a finished publish sends, if any. */
function finishEvent(
  finish: Finish,
): { type: DeliveryEventType; extra: Record<string, unknown> } | undefined {
  if (finish.state === 'published') {
    return {
      type: 'post.published',
      extra: { url: finish.parts[0]?.url ?? null, parts: finish.parts },
    }
  }
  if (finish.state === 'failed' || finish.state === 'unconfirmed') {
    return {
      type: `post.${finish.state}`,
      extra: { error: finish.message, error_kind: finish.kind },
    }
  }
  return undefined
}

type Finish =
  | {
      state: 'published'
      parts: PublishedPost[]
      firstComment?: PublishedPost
      warnings?: unknown[]
    }
  | {
      state: 'failed' | 'unconfirmed' | 'scheduled'
      kind: DeliveryErrorKind
      message: string
      parts?: PublishedPost[]
      unconfirmed?: PublishedPost
      nextAttemptAt?: number
    }

/**
 * Records the end of a started publish. Guarded by this worker's lease; a success also lands on
 * a delivery that recovery marked unconfirmed meanwhile (this worker was slow, not dead).
 */
async function finishStarted(job: Job, finish: Finish): Promise<void> {
  const now = job.murmur.now()
  let changes: Partial<Omit<DeliveriesTable, 'workspace_id' | 'id'>>
  if (finish.state === 'published') {
    changes = {
      state: 'published',
      published_at: now,
      remote_parts: JSON.stringify(finish.parts),
      ...(finish.firstComment && { remote_first_comment: JSON.stringify(finish.firstComment) }),
      remote_unconfirmed: null,
      warnings: JSON.stringify(finish.warnings ?? []),
      last_error: null,
      last_error_kind: null,
    }
  } else {
    changes = {
      state: finish.state,
      last_error: finish.message,
      last_error_kind: finish.kind,
      ...(finish.parts && { remote_parts: JSON.stringify(finish.parts) }),
      ...(finish.unconfirmed && { remote_unconfirmed: JSON.stringify(finish.unconfirmed) }),
      ...(finish.nextAttemptAt !== undefined && { next_attempt_at: finish.nextAttemptAt }),
    }
  }
  const states =
    finish.state === 'published'
      ? (['publishing', 'unconfirmed'] as const)
      : (['publishing'] as const)
  const update = () =>
    job.scope
      .updateTable('deliveries')
      .set({
        ...changes,
        lease_expires_at: null,
        updated_at: now,
        ...(finish.state !== 'unconfirmed' && { lease_owner: null }),
      })
      .where('id', '=', job.claimed.id)
      .where('state', 'in', states)
      .where('lease_owner', '=', job.options.workerId)
  const event = finishEvent(finish)
  // On PostgreSQL the event is queued by the same statement as the finish (a data-modifying
  // WITH runs whatever the INSERT reads): one round trip instead of two. Only the first try, so
  // an event that cannot be queued never keeps the finish from being recorded.
  let eventQueued = false
  const write = async (attempt: number) => {
    if (event && attempt === 1 && job.murmur.storage.kind === 'postgres') {
      await webhookEventInsert(
        // The CTE adds a table nobody reads: the INSERT is typed against the plain schema.
        job.murmur.db.with('finished', () => update()) as unknown as QueryCreator<Schema>,
        job.scope,
        event.type,
        deliveryEventData(job, event.extra),
        now,
      ).execute()
      eventQueued = true
      return
    }
    await update().execute()
  }
  // A lost write after a publish would turn a success into "unconfirmed": try a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      await write(attempt)
      break
    } catch (error) {
      if (attempt >= FINISH_ATTEMPTS) throw error
      await sleep(FINISH_RETRY_MS * attempt)
    }
  }
  job.murmur.log.info(
    {
      delivery: job.claimed.id,
      workspace: job.claimed.workspace_id,
      network: job.claimed.network,
      state: finish.state,
      ...(finish.state !== 'published' && { reason: finish.message }),
    },
    finish.state === 'published' ? 'delivery published' : `delivery ${finish.state}`,
  )
  if (event && !eventQueued) await deliveryEvent(job, event.type, event.extra)
}
