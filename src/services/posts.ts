import { sql } from 'kysely'
import { conflict, invalid } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import type { DeliveryState } from '../storage/tables/publishing.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { type Actor, actorNeedsApproval, holdForApproval, tellApprovers } from './approval-gate.js'
import { channelRefreshLock } from './channel-refresh-lock.js'
import {
  type Channel,
  channelLabel,
  openCredentials,
  requireChannel,
  saveCredentials,
} from './channels.js'
import { murmurErrorFromNetwork } from './network-failures.js'
import { assertMediaExist, type PostContent, sameContent, writeContent } from './post-content.js'
import {
  EDITABLE_STATES,
  isEditable,
  lockedMessage,
  resolveTimes,
  type When,
} from './post-schedule.js'
import { assertPublishable, type ChannelCheck, checkChannels } from './post-validation.js'
import { type DeliveryView, getPost, type PostView, postViews } from './post-views.js'
import { networksOf } from './publishing-networks.js'

export interface ChannelChoice {
  channel_id: string
  /** Absent: keep (or, new, use the shared content); null: use the shared content; else its own. */
  content?: PostContent | null | undefined
}

export interface PostInput {
  content: PostContent
  channels: ChannelChoice[]
  labels?: string[] | undefined
  campaign?: string | null | undefined
}

const cleanLabels = (labels: string[] | undefined) =>
  [...new Set((labels ?? []).map((label) => label.trim()).filter(Boolean))].slice(0, 50)

export async function resolveChannels(
  scope: WorkspaceScope,
  ids: string[],
): Promise<Map<string, Channel>> {
  const unique = [...new Set(ids)]
  const rows = unique.length
    ? await scope.selectFrom('channels').select('id').where('id', 'in', unique).execute()
    : []
  const found = new Set(rows.map((row) => row.id))
  const missing = unique.filter((id) => !found.has(id))
  if (missing.length > 0) {
    throw invalid(`Unknown channel: ${missing.join(', ')}. Pick one of the workspace's channels.`, {
      unknown_channels: missing,
    })
  }
  const channels = new Map<string, Channel>()
  for (const id of unique) channels.set(id, await requireChannel(scope, id))
  return channels
}

/**
 * Creates a post with one delivery per chosen channel; with `when`, schedules it at once (or,
 * when the actor's role waits for approval, puts it in `needs_approval`).
 */
export async function createPost(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: PostInput,
  options: { createdBy: string | null; when?: When | undefined; actor?: Actor | undefined },
): Promise<PostView> {
  const ids = input.channels.map((choice) => choice.channel_id)
  if (new Set(ids).size !== ids.length) throw invalid('Each channel may appear only once.')
  const channels = await resolveChannels(scope, ids)
  await assertMediaExist(scope, [
    input.content,
    ...input.channels.flatMap((choice) => (choice.content ? [choice.content] : [])),
  ])
  const now = murmur.now()
  const postId = newId('post', now)
  const deliveries = input.channels.map((choice) => ({
    id: newId('dlv', now),
    channel: channels.get(choice.channel_id)!,
    variant: choice.content ?? null,
  }))
  const when = options.when
  let times = new Map<string, { at: number; viaQueue: boolean }>()
  if (when) {
    if (deliveries.length === 0) throw invalid('Choose at least one channel to schedule the post.')
    assertPublishable(
      await checkChannels(
        murmur,
        scope,
        deliveries.map((d) => ({ channel: d.channel, content: d.variant ?? input.content })),
        { publishingNow: when.type === 'now' },
      ),
    )
    times = await resolveTimes(
      murmur,
      scope,
      when,
      deliveries.map((d) => ({ deliveryId: d.id, channel: d.channel })),
    )
  }
  const actor = options.actor
  const waits = Boolean(when && actor && (await actorNeedsApproval(scope, actor)))
  await scope.transaction(async (trx) => {
    await trx
      .insertInto('posts', {
        id: postId,
        campaign_id: input.campaign?.trim() || null,
        labels: JSON.stringify(cleanLabels(input.labels)),
        first_comment: input.content.first_comment?.trim() || null,
        created_by: options.createdBy,
        created_at: now,
        updated_at: now,
      })
      .execute()
    await writeContent(trx, postId, null, input.content, now)
    for (const delivery of deliveries) {
      const time = times.get(delivery.id)
      await trx
        .insertInto('deliveries', {
          id: delivery.id,
          post_id: postId,
          channel_id: delivery.channel.id,
          network: delivery.channel.network,
          has_variant: delivery.variant ? 1 : 0,
          variant_first_comment: delivery.variant?.first_comment?.trim() || null,
          state: time ? (waits ? 'needs_approval' : 'scheduled') : 'draft',
          scheduled_at: time?.at ?? null,
          via_queue: time?.viaQueue ? 1 : 0,
          next_attempt_at: waits ? null : (time?.at ?? null),
          attempts: 0,
          last_error: null,
          last_error_kind: null,
          remote_parts: '[]',
          remote_first_comment: null,
          remote_unconfirmed: null,
          warnings: '[]',
          started_at: null,
          published_at: null,
          late_ms: null,
          lease_owner: null,
          lease_expires_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute()
      if (delivery.variant) await writeContent(trx, postId, delivery.id, delivery.variant, now)
    }
    if (waits && actor) {
      const dueAt = Math.min(...[...times.values()].map((time) => time.at))
      await holdForApproval(trx, postId, actor, dueAt, now)
    }
  })
  if (waits && actor) {
    await tellApprovers(murmur, scope, postId, actor, now, input.content.parts[0]?.text ?? '')
  }
  return getPost(scope, postId)
}

/** Each channel's problems and counters for a post as it stands (drafts included). */
export async function checkPost(
  murmur: Murmur,
  scope: WorkspaceScope,
  post: PostView,
): Promise<ChannelCheck[]> {
  const targets = []
  for (const delivery of post.deliveries) {
    targets.push({
      channel: await requireChannel(scope, delivery.channel_id),
      content: delivery.content ?? post.content,
    })
  }
  return checkChannels(murmur, scope, targets)
}

/** Checks content for channels before anything is saved (the composer's live problems). */
export async function checkUnsaved(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: Pick<PostInput, 'content' | 'channels'>,
): Promise<ChannelCheck[]> {
  const channels = await resolveChannels(
    scope,
    input.channels.map((choice) => choice.channel_id),
  )
  await assertMediaExist(scope, [
    input.content,
    ...input.channels.flatMap((choice) => (choice.content ? [choice.content] : [])),
  ])
  return checkChannels(
    murmur,
    scope,
    input.channels.map((choice) => ({
      channel: channels.get(choice.channel_id)!,
      content: choice.content ?? input.content,
    })),
  )
}

export interface PostPatch {
  content?: PostContent | undefined
  channels?: ChannelChoice[] | undefined
  labels?: string[] | undefined
  campaign?: string | null | undefined
}

/**
 * Edits a post. Labels and campaign always change; content only where no channel has started
 * publishing it. Each delivery whose content or presence changes is locked by a guarded update
 * first, so an edit and a scheduler starting that delivery never both win. When the actor's role
 * waits for approval, scheduled deliveries whose content changes wait for approval again.
 */
export async function updatePost(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
  patch: PostPatch,
  actor?: Actor,
): Promise<PostView> {
  const post = await getPost(scope, postId)
  const now = murmur.now()
  const channelLabels = new Map<string, string>()
  const labelOf = async (channelId: string) => {
    if (!channelLabels.has(channelId)) {
      channelLabels.set(channelId, channelLabel(await requireChannel(scope, channelId)))
    }
    return channelLabels.get(channelId)!
  }

  // What each existing delivery becomes, and which channels are added.
  const existing = new Map(post.deliveries.map((d) => [d.channel_id, d]))
  const removed: DeliveryView[] = []
  const added: ChannelChoice[] = []
  const variantChanges = new Map<string, PostContent | null>()
  if (patch.channels) {
    const ids = patch.channels.map((choice) => choice.channel_id)
    if (new Set(ids).size !== ids.length) throw invalid('Each channel may appear only once.')
    await resolveChannels(scope, ids)
    for (const delivery of post.deliveries) {
      if (!ids.includes(delivery.channel_id)) removed.push(delivery)
    }
    for (const choice of patch.channels) {
      const delivery = existing.get(choice.channel_id)
      if (!delivery) added.push(choice)
      else if (choice.content !== undefined) {
        const before = delivery.content
        const changed =
          before === null || choice.content === null
            ? before !== choice.content
            : !sameContent(before, choice.content)
        if (changed) variantChanges.set(delivery.id, choice.content)
      }
    }
  }
  const sharedChanged = patch.content !== undefined && !sameContent(patch.content, post.content)
  await assertMediaExist(scope, [
    ...(patch.content ? [patch.content] : []),
    ...[...variantChanges.values(), ...added.map((a) => a.content ?? null)].flatMap((c) =>
      c ? [c] : [],
    ),
  ])

  const touched = new Set<string>([...removed.map((d) => d.id), ...variantChanges.keys()])
  if (sharedChanged) {
    for (const delivery of post.deliveries) {
      const usesShared = variantChanges.has(delivery.id)
        ? variantChanges.get(delivery.id) === null
        : delivery.content === null
      if (usesShared && !removed.includes(delivery)) touched.add(delivery.id)
    }
  }
  for (const id of touched) {
    const delivery = post.deliveries.find((d) => d.id === id)!
    if (!isEditable(delivery.state)) {
      throw conflict(
        `${lockedMessage(delivery, await labelOf(delivery.channel_id))}${
          sharedChanged && delivery.content === null
            ? ' Give the other channels their own version instead.'
            : ''
        }`,
        { delivery_id: delivery.id, state: delivery.state },
      )
    }
  }

  // A scheduled delivery must stay publishable after the edit.
  const newShared = patch.content ?? post.content
  const stillScheduled = post.deliveries.filter(
    (d) => d.state === 'scheduled' && touched.has(d.id) && !removed.includes(d),
  )
  if (stillScheduled.length > 0) {
    const targets = []
    for (const delivery of stillScheduled) {
      const variant = variantChanges.has(delivery.id)
        ? variantChanges.get(delivery.id)
        : delivery.content
      targets.push({
        channel: await requireChannel(scope, delivery.channel_id),
        content: variant ?? newShared,
      })
    }
    assertPublishable(await checkChannels(murmur, scope, targets))
  }
  const backToApproval =
    actor && stillScheduled.length > 0 && (await actorNeedsApproval(scope, actor))
      ? stillScheduled
      : []
  let newRequest = false

  await scope.transaction(async (trx) => {
    if (touched.size > 0) {
      const locked = await trx
        .updateTable('deliveries')
        .set({ updated_at: now })
        .where('id', 'in', [...touched])
        .where('state', 'in', EDITABLE_STATES)
        .executeTakeFirst()
      if (Number(locked.numUpdatedRows) !== touched.size) {
        throw conflict('Publishing started a moment ago; reload the post to see where it stands.')
      }
    }
    if (backToApproval.length > 0 && actor) {
      await trx
        .updateTable('deliveries')
        .set({ state: 'needs_approval', next_attempt_at: null, lease_owner: null })
        .where(
          'id',
          'in',
          backToApproval.map((d) => d.id),
        )
        .where('state', '=', 'scheduled')
        .execute()
      const dueAt = Math.min(...backToApproval.map((d) => d.scheduled_at ?? now))
      newRequest = (await holdForApproval(trx, postId, actor, dueAt, now)).isNew
    }
    if (removed.length > 0) {
      await trx
        .deleteFrom('deliveries')
        .where(
          'id',
          'in',
          removed.map((d) => d.id),
        )
        .execute()
    }
    if (sharedChanged && patch.content) {
      await writeContent(trx, postId, null, patch.content, now)
    }
    for (const [deliveryId, content] of variantChanges) {
      await trx
        .updateTable('deliveries')
        .set({
          has_variant: content ? 1 : 0,
          variant_first_comment: content?.first_comment?.trim() || null,
        })
        .where('id', '=', deliveryId)
        .execute()
      await writeContent(trx, postId, deliveryId, content, now)
    }
    for (const choice of added) {
      const channel = await requireChannel(trx, choice.channel_id)
      const id = newId('dlv', now)
      await trx
        .insertInto('deliveries', {
          id,
          post_id: postId,
          channel_id: channel.id,
          network: channel.network,
          has_variant: choice.content ? 1 : 0,
          variant_first_comment: choice.content?.first_comment?.trim() || null,
          state: 'draft',
          scheduled_at: null,
          via_queue: 0,
          next_attempt_at: null,
          attempts: 0,
          last_error: null,
          last_error_kind: null,
          remote_parts: '[]',
          remote_first_comment: null,
          remote_unconfirmed: null,
          warnings: '[]',
          started_at: null,
          published_at: null,
          late_ms: null,
          lease_owner: null,
          lease_expires_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute()
      if (choice.content) await writeContent(trx, postId, id, choice.content, now)
    }
    await trx
      .updateTable('posts')
      .set({
        updated_at: now,
        ...(sharedChanged && patch.content
          ? { first_comment: patch.content.first_comment?.trim() || null }
          : {}),
        ...(patch.labels !== undefined && { labels: JSON.stringify(cleanLabels(patch.labels)) }),
        ...(patch.campaign !== undefined && { campaign_id: patch.campaign?.trim() || null }),
      })
      .where('id', '=', postId)
      .execute()
  })
  if (newRequest && actor) {
    const text = (patch.content ?? post.content).parts[0]?.text ?? ''
    await tellApprovers(murmur, scope, postId, actor, now, text)
  }
  return getPost(scope, postId)
}

/**
 * Deletes a post. Unless `keepOnNetwork`, what it published is deleted on each network that
 * allows it first; if a network refuses, nothing is deleted in Murmur and the error says why.
 */
export async function deletePost(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
  options: { keepOnNetwork: boolean },
): Promise<void> {
  const post = await getPost(scope, postId)
  const busy = post.deliveries.find((d) => d.state === 'publishing')
  if (busy) {
    const channel = await requireChannel(scope, busy.channel_id)
    throw conflict(`${lockedMessage(busy, channelLabel(channel))} Try again in a minute.`)
  }
  if (!options.keepOnNetwork) {
    for (const delivery of post.deliveries) {
      const remote = [
        ...delivery.remote.parts,
        ...(delivery.remote.first_comment ? [delivery.remote.first_comment] : []),
        ...(delivery.remote.unconfirmed ? [delivery.remote.unconfirmed] : []),
      ]
      if (remote.length === 0) continue
      const network = networksOf(murmur).get(delivery.network)
      if (!network?.capabilities.delete) continue
      const channel = await requireChannel(scope, delivery.channel_id)
      const credentials = await openCredentials(murmur, scope, channel.id)
      // Last first: a thread is taken down from its end, like a person would.
      for (const item of remote.reverse()) {
        try {
          await network.delete(credentials, item.id, {
            signal: AbortSignal.timeout(30_000),
            onCredentialsChanged: (next) => saveCredentials(murmur, scope, channel.id, next),
            refreshLock: channelRefreshLock(murmur, scope, channel.id),
          })
        } catch (error) {
          throw murmurErrorFromNetwork(
            error,
            `delete the post on ${channelLabel(channel)} (nothing was deleted in Murmur; to keep it there, delete with keep_on_network=true)`,
          )
        }
      }
    }
  }
  await scope.transaction(async (trx) => {
    // Rows a scheduler started meanwhile stay, and then the whole delete is refused.
    await trx
      .deleteFrom('deliveries')
      .where('post_id', '=', postId)
      .where('state', '!=', 'publishing')
      .execute()
    const started = await trx
      .selectFrom('deliveries')
      .select('id')
      .where('post_id', '=', postId)
      .executeTakeFirst()
    if (started) throw conflict('Publishing started a moment ago; try again in a minute.')
    await trx.deleteFrom('posts').where('id', '=', postId).execute()
  })
}

export interface PostFilters {
  states?: DeliveryState[] | undefined
  channelIds?: string[] | undefined
  /** Inclusive lower and exclusive upper bound of a delivery's time (see `listPosts`). */
  from?: number | undefined
  to?: number | undefined
  order: 'asc' | 'desc'
  limit: number
  cursor?: string | undefined
}

function encodeCursor(at: number, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url')
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return [value[0], value[1]]
    }
  } catch {}
  throw invalid('The cursor is not one this API gave out; start again without it.', [
    { path: 'cursor', message: 'Invalid cursor' },
  ])
}

/**
 * Posts for lists and the calendar. A delivery's time is when it was published, else when it is
 * scheduled, else when it was created (drafts); a post's time is the earliest of its matching
 * deliveries. Sorted by that time, then id; the cursor continues after the last post of a page.
 */
export async function listPosts(
  scope: WorkspaceScope,
  filters: PostFilters,
): Promise<{ data: PostView[]; next_cursor: string | null }> {
  const deliveryTime = sql<number>`coalesce(deliveries.published_at, deliveries.scheduled_at, deliveries.created_at, posts.created_at)`
  const postTime = sql<number>`min(${deliveryTime})`
  const filtered = Boolean(filters.states?.length || filters.channelIds?.length)
  let query = scope
    .selectFrom('posts')
    .leftJoin('deliveries', (join) => {
      let on = join.onRef('deliveries.post_id', '=', 'posts.id')
      if (filters.states?.length) on = on.on('deliveries.state', 'in', filters.states)
      if (filters.channelIds?.length) on = on.on('deliveries.channel_id', 'in', filters.channelIds)
      if (filters.from !== undefined) on = on.on(deliveryTime, '>=', filters.from)
      if (filters.to !== undefined) on = on.on(deliveryTime, '<', filters.to)
      return on
    })
    .select(['posts.id as id', postTime.as('at')])
    .groupBy('posts.id')
  if (filtered || filters.from !== undefined || filters.to !== undefined) {
    query = query.having(sql<number>`count(deliveries.id)`, '>', 0)
  }
  if (filters.cursor) {
    const [at, id] = decodeCursor(filters.cursor)
    const after = filters.order === 'asc' ? '>' : '<'
    query = query.having((eb) =>
      eb.or([eb(postTime, after, at), eb.and([eb(postTime, '=', at), eb('posts.id', after, id)])]),
    )
  }
  const rows = await query
    .orderBy(postTime, filters.order)
    .orderBy('posts.id', filters.order)
    .limit(filters.limit + 1)
    .execute()
  const page = rows.slice(0, filters.limit)
  const last = page.at(-1)
  return {
    data: await postViews(
      scope,
      page.map((row) => row.id),
    ),
    next_cursor:
      rows.length > filters.limit && last ? encodeCursor(Number(last.at), last.id) : null,
  }
}
