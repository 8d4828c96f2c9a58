import { conflict, invalid, notFound } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import type { DeliveryState } from '../storage/tables/publishing.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import {
  type Actor,
  actorNeedsApproval,
  closePendingRequest,
  holdForApproval,
  tellApprovers,
} from './approval-gate.js'
import { type Channel, channelLabel, requireChannel } from './channels.js'
import { assertPublishable, checkChannels } from './post-validation.js'
import { type DeliveryView, effectiveContent, getPost, type PostView } from './post-views.js'
import { nextFreeSlots } from './slots.js'
import { findWorkspace } from './workspaces.js'

/** When to publish: a given instant, the channel's next free queue slot, or right away. */
export type When = { type: 'at'; at: number } | { type: 'queue' } | { type: 'now' }

/** States a person may still change: nothing has reached the network (or it failed). */
export const EDITABLE_STATES = [
  'draft',
  'needs_approval',
  'scheduled',
  'failed',
] as const satisfies DeliveryState[]
/** A time this close in the past still counts as "now" (clocks and slow requests). */
const PAST_TOLERANCE_MS = 60_000

export const isEditable = (state: DeliveryState) =>
  (EDITABLE_STATES as readonly DeliveryState[]).includes(state)

/** Why a delivery cannot change any more, said for people. */
export function lockedMessage(delivery: DeliveryView, channel: string): string {
  switch (delivery.state) {
    case 'publishing':
      return `${channel} is publishing this post right now; it can no longer change.`
    case 'published':
      return `${channel} already published this post; it can no longer change.`
    case 'unconfirmed':
      return `${channel} may already have published this post: confirm or dismiss it first.`
    default:
      return `${channel} cannot change in state ${delivery.state}.`
  }
}

async function channelsById(scope: WorkspaceScope, ids: string[]): Promise<Map<string, Channel>> {
  const map = new Map<string, Channel>()
  for (const id of new Set(ids)) map.set(id, await requireChannel(scope, id))
  return map
}

async function workspaceTimeZone(murmur: Murmur, scope: WorkspaceScope): Promise<string> {
  return (await findWorkspace(murmur, scope.workspaceId))?.time_zone ?? 'UTC'
}

/**
 * Instants for each delivery: `at` as given (refused when in the past), the next free slot of
 * each channel, or now. Throws a message naming the channel when its queue has no slot.
 */
export async function resolveTimes(
  murmur: Murmur,
  scope: WorkspaceScope,
  when: When,
  targets: Array<{ deliveryId: string; channel: Channel }>,
): Promise<Map<string, { at: number; viaQueue: boolean }>> {
  const now = murmur.now()
  const times = new Map<string, { at: number; viaQueue: boolean }>()
  if (when.type === 'at' && when.at < now - PAST_TOLERANCE_MS) {
    throw invalid(
      `${new Date(when.at).toISOString()} is in the past. Pick a later time, or publish now.`,
      [{ path: 'at', message: 'In the past' }],
    )
  }
  const timeZone = when.type === 'queue' ? await workspaceTimeZone(murmur, scope) : 'UTC'
  const promised = new Map<string, Set<number>>()
  for (const { deliveryId, channel } of targets) {
    if (when.type === 'now') times.set(deliveryId, { at: now, viaQueue: false })
    else if (when.type === 'at')
      times.set(deliveryId, { at: Math.max(when.at, now), viaQueue: false })
    else {
      const exclude = promised.get(channel.id) ?? new Set<number>()
      const [slot] = await nextFreeSlots(scope, channel.id, timeZone, now, 1, exclude)
      if (slot === undefined) {
        throw invalid(
          `${channelLabel(channel)} has no free queue slot. Add posting times to its queue, or pick a time.`,
          { channel_id: channel.id },
        )
      }
      exclude.add(slot)
      promised.set(channel.id, exclude)
      times.set(deliveryId, { at: slot, viaQueue: true })
    }
  }
  return times
}

function pickDeliveries(
  post: PostView,
  deliveryIds: string[] | undefined,
  allowed: readonly DeliveryState[],
  what: string,
): DeliveryView[] {
  if (deliveryIds && deliveryIds.length > 0) {
    return deliveryIds.map((id) => {
      const delivery = post.deliveries.find((d) => d.id === id)
      if (!delivery) throw notFound('Delivery')
      if (!allowed.includes(delivery.state)) {
        throw conflict(`Cannot ${what} a delivery that is ${delivery.state}.`, {
          delivery_id: id,
          state: delivery.state,
        })
      }
      return delivery
    })
  }
  const chosen = post.deliveries.filter((d) => allowed.includes(d.state))
  if (chosen.length === 0) {
    throw conflict(`Nothing to ${what}: no channel of this post is ${allowed.join(' or ')}.`)
  }
  return chosen
}

/**
 * Schedules some (or all schedulable) deliveries of a post after checking each channel's rules.
 * Rescheduling is safe until publishing starts: the scheduler only starts a delivery that is
 * still scheduled, still due, and still leased to it. When the actor's role waits for approval,
 * the deliveries go to `needs_approval` instead, which the scheduler never takes; when an
 * approver schedules a waiting post, that is their approval.
 */
export async function schedulePost(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
  when: When,
  deliveryIds?: string[],
  actor?: Actor,
): Promise<PostView> {
  const post = await getPost(scope, postId)
  const deliveries = pickDeliveries(post, deliveryIds, EDITABLE_STATES, 'schedule')
  const channels = await channelsById(
    scope,
    deliveries.map((d) => d.channel_id),
  )
  const checks = await checkChannels(
    murmur,
    scope,
    deliveries.map((d) => ({
      channel: channels.get(d.channel_id)!,
      content: effectiveContent(post, d),
    })),
    { publishingNow: when.type === 'now' },
  )
  assertPublishable(checks)
  const times = await resolveTimes(
    murmur,
    scope,
    when,
    deliveries.map((d) => ({ deliveryId: d.id, channel: channels.get(d.channel_id)! })),
  )
  const now = murmur.now()
  const waits = actor ? await actorNeedsApproval(scope, actor) : false
  let newRequest = false
  await scope.transaction(async (trx) => {
    for (const delivery of deliveries) {
      const time = times.get(delivery.id)!
      const result = await trx
        .updateTable('deliveries')
        .set({
          state: waits ? 'needs_approval' : 'scheduled',
          scheduled_at: time.at,
          next_attempt_at: waits ? null : time.at,
          via_queue: time.viaQueue ? 1 : 0,
          attempts: 0,
          last_error: null,
          last_error_kind: null,
          lease_owner: null,
          lease_expires_at: null,
          updated_at: now,
        })
        .where('id', '=', delivery.id)
        .where('state', 'in', EDITABLE_STATES)
        .executeTakeFirst()
      if (Number(result.numUpdatedRows) === 0) {
        throw conflict(
          lockedMessage(
            { ...delivery, state: 'publishing' },
            channelLabel(channels.get(delivery.channel_id)!),
          ),
        )
      }
    }
    if (actor && waits) {
      const dueAt = Math.min(...[...times.values()].map((time) => time.at))
      newRequest = (await holdForApproval(trx, postId, actor, dueAt, now)).isNew
    } else if (actor) {
      const stillWaiting = await trx
        .selectFrom('deliveries')
        .select('id')
        .where('post_id', '=', postId)
        .where('state', '=', 'needs_approval')
        .executeTakeFirst()
      if (!stillWaiting) {
        await closePendingRequest(
          trx,
          postId,
          actor.role === 'admin' || actor.role === 'owner' ? 'approved' : 'withdrawn',
          actor,
          now,
        )
      }
    }
    await trx.updateTable('posts').set({ updated_at: now }).where('id', '=', postId).execute()
  })
  if (actor && newRequest) {
    await tellApprovers(murmur, scope, postId, actor, now, post.content.parts[0]?.text ?? '')
  }
  return getPost(scope, postId)
}

/**
 * Takes scheduled (or waiting for approval) deliveries back to draft (cancel), unless publishing
 * already started. A post that no longer waits withdraws its approval request.
 */
export async function unschedulePost(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
  deliveryIds?: string[],
  actor?: Actor,
): Promise<PostView> {
  const post = await getPost(scope, postId)
  const deliveries = pickDeliveries(
    post,
    deliveryIds,
    ['scheduled', 'needs_approval'],
    'unschedule',
  )
  const now = murmur.now()
  await scope.transaction(async (trx) => {
    for (const delivery of deliveries) {
      const result = await trx
        .updateTable('deliveries')
        .set({
          state: 'draft',
          next_attempt_at: null,
          lease_owner: null,
          lease_expires_at: null,
          updated_at: now,
        })
        .where('id', '=', delivery.id)
        .where('state', 'in', ['scheduled', 'needs_approval'])
        .executeTakeFirst()
      if (Number(result.numUpdatedRows) === 0) {
        throw conflict('Publishing started a moment ago; it can no longer be cancelled.', {
          delivery_id: delivery.id,
        })
      }
    }
    const stillWaiting = await trx
      .selectFrom('deliveries')
      .select('id')
      .where('post_id', '=', postId)
      .where('state', '=', 'needs_approval')
      .executeTakeFirst()
    if (actor && !stillWaiting) await closePendingRequest(trx, postId, 'withdrawn', actor, now)
    await trx.updateTable('posts').set({ updated_at: now }).where('id', '=', postId).execute()
  })
  return getPost(scope, postId)
}

async function requireDelivery(scope: WorkspaceScope, postId: string, deliveryId: string) {
  const post = await getPost(scope, postId)
  const delivery = post.deliveries.find((d) => d.id === deliveryId)
  if (!delivery) throw notFound('Delivery')
  return { post, delivery }
}

/**
 * Publishes a failed or unconfirmed delivery again, now: a person decided. Parts that already
 * exist on the network are kept, and the rest continues the thread under them. A retry is a
 * publish like any other: when the actor's role waits for approval, the delivery waits
 * (`needs_approval`) and approvers are told, as when scheduling.
 */
export async function retryDelivery(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
  deliveryId: string,
  actor?: Actor,
): Promise<PostView> {
  const { post, delivery } = await requireDelivery(scope, postId, deliveryId)
  if (delivery.state !== 'failed' && delivery.state !== 'unconfirmed') {
    throw conflict(
      `Only a failed or unconfirmed delivery can be retried; this one is ${delivery.state}.`,
    )
  }
  const channel = await requireChannel(scope, delivery.channel_id)
  if (channel.status === 'needs_reconnect') {
    throw conflict(`Reconnect ${channelLabel(channel)} first, then retry.`, {
      channel_id: channel.id,
    })
  }
  assertPublishable(
    await checkChannels(murmur, scope, [{ channel, content: effectiveContent(post, delivery) }], {
      publishingNow: true,
    }),
  )
  const now = murmur.now()
  const waits = actor ? await actorNeedsApproval(scope, actor) : false
  const newRequest = await scope.transaction(async (trx) => {
    const result = await trx
      .updateTable('deliveries')
      .set({
        state: waits ? 'needs_approval' : 'scheduled',
        scheduled_at: now,
        next_attempt_at: waits ? null : now,
        via_queue: 0,
        attempts: 0,
        last_error: null,
        last_error_kind: null,
        remote_unconfirmed: null,
        lease_owner: null,
        lease_expires_at: null,
        late_ms: null,
        updated_at: now,
      })
      .where('id', '=', deliveryId)
      .where('state', 'in', ['failed', 'unconfirmed'])
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0)
      throw conflict('The delivery changed meanwhile; reload it.')
    if (!actor || !waits) return false
    await trx.updateTable('posts').set({ updated_at: now }).where('id', '=', postId).execute()
    return (await holdForApproval(trx, postId, actor, now, now)).isNew
  })
  if (actor && newRequest) {
    await tellApprovers(murmur, scope, postId, actor, now, post.content.parts[0]?.text ?? '')
  }
  return getPost(scope, postId)
}

/** A person checked the network: the post is there. Murmur records it as published. */
export async function confirmDelivery(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
  deliveryId: string,
  input: { url?: string | undefined },
): Promise<PostView> {
  const { delivery } = await requireDelivery(scope, postId, deliveryId)
  if (delivery.state !== 'unconfirmed') {
    throw conflict(`Only an unconfirmed delivery can be confirmed; this one is ${delivery.state}.`)
  }
  const parts = [...delivery.remote.parts]
  const unconfirmed = delivery.remote.unconfirmed
  if (unconfirmed) parts.push(input.url ? { ...unconfirmed, url: input.url } : unconfirmed)
  else if (input.url && parts.length === 0) parts.push({ id: input.url, url: input.url })
  const now = murmur.now()
  const result = await scope
    .updateTable('deliveries')
    .set({
      state: 'published',
      published_at: now,
      remote_parts: JSON.stringify(parts),
      remote_unconfirmed: null,
      last_error: null,
      last_error_kind: null,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: now,
    })
    .where('id', '=', deliveryId)
    .where('state', '=', 'unconfirmed')
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0)
    throw conflict('The delivery changed meanwhile; reload it.')
  return getPost(scope, postId)
}

/** A person checked the network: the post is not there. It becomes failed, ready to retry. */
export async function dismissDelivery(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
  deliveryId: string,
): Promise<PostView> {
  const { delivery } = await requireDelivery(scope, postId, deliveryId)
  if (delivery.state !== 'unconfirmed') {
    throw conflict(`Only an unconfirmed delivery can be dismissed; this one is ${delivery.state}.`)
  }
  const now = murmur.now()
  const result = await scope
    .updateTable('deliveries')
    .set({
      state: 'failed',
      last_error: `Marked as not published after checking. Earlier: ${delivery.error?.message ?? 'the outcome was unknown'}`,
      last_error_kind: 'manual',
      remote_unconfirmed: null,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: now,
    })
    .where('id', '=', deliveryId)
    .where('state', '=', 'unconfirmed')
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0)
    throw conflict('The delivery changed meanwhile; reload it.')
  return getPost(scope, postId)
}
