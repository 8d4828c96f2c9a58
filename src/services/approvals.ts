import { canApprove, MAX_APPROVAL_COMMENT } from '../core/approvals/rules.js'
import { conflict, forbidden, invalid } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import type { ApprovalStatus } from '../storage/tables/team-workflow.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { type Actor, getApprovalSettings, pendingRequest } from './approval-gate.js'
import { requireChannel } from './channels.js'
import { emailMembers } from './member-email.js'
import { membersWithRoles, notify } from './notifications.js'
import { schedulePost, type When } from './post-schedule.js'
import { assertPublishable, checkChannels } from './post-validation.js'
import { effectiveContent, getPost, type PostView, postViews } from './post-views.js'
import { emitWebhookEvent } from './webhooks.js'

/** A time this close in the past still counts as "on time" when approving. */
const LATE_TOLERANCE_MS = 60_000

export interface ApprovalRequestView {
  id: string
  post_id: string
  status: ApprovalStatus
  submitted_by: string | null
  submitted_by_name: string
  submitted_at: number
  due_at: number | null
  /** When Murmur flagged that the post's time passed while it waited (it was not published). */
  overdue_at: number | null
  decided_by: string | null
  decided_by_name: string | null
  decided_at: number | null
  comment: string | null
}

const REQUEST_COLUMNS = [
  'id',
  'post_id',
  'status',
  'submitted_by',
  'submitted_by_name',
  'submitted_at',
  'due_at',
  'overdue_at',
  'decided_by',
  'decided_by_name',
  'decided_at',
  'comment',
] as const

const num = (value: number | null) => (value === null ? null : Number(value))

function requestView(row: ApprovalRequestView): ApprovalRequestView {
  return {
    ...row,
    submitted_at: Number(row.submitted_at),
    due_at: num(row.due_at),
    overdue_at: num(row.overdue_at),
    decided_at: num(row.decided_at),
  }
}

/** Every submission of a post and its decision, oldest first. */
export async function approvalHistory(
  scope: WorkspaceScope,
  postId: string,
): Promise<ApprovalRequestView[]> {
  await getPost(scope, postId)
  const rows = await scope
    .selectFrom('approval_requests')
    .select(REQUEST_COLUMNS)
    .where('post_id', '=', postId)
    .orderBy('submitted_at')
    .orderBy('id')
    .execute()
  return rows.map(requestView)
}

/** Posts waiting for approval, soonest due first, each with its open request. */
export async function approvalQueue(
  scope: WorkspaceScope,
  options: { limit: number },
): Promise<Array<{ request: ApprovalRequestView; post: PostView }>> {
  const rows = await scope
    .selectFrom('approval_requests')
    .select(REQUEST_COLUMNS)
    .where('status', '=', 'pending')
    .orderBy('due_at')
    .orderBy('id')
    .limit(options.limit)
    .execute()
  const posts = new Map(
    (
      await postViews(
        scope,
        rows.map((row) => row.post_id),
      )
    ).map((post) => [post.id, post]),
  )
  return rows.flatMap((row) => {
    const post = posts.get(row.post_id)
    return post ? [{ request: requestView(row), post }] : []
  })
}

async function requireApprover(scope: WorkspaceScope, actor: Actor) {
  const settings = await getApprovalSettings(scope)
  if (!canApprove(actor.role, settings.roles)) {
    throw forbidden(
      `Your role (${actor.role}) cannot approve posts here; ${settings.approver_roles.join(' and ')} can.`,
    )
  }
  return settings
}

function cleanComment(comment: string | null | undefined): string | null {
  const text = comment?.trim() ?? ''
  if (text.length > MAX_APPROVAL_COMMENT) {
    throw invalid(`Keep the comment under ${MAX_APPROVAL_COMMENT} characters.`, [
      { path: 'comment', message: 'Too long' },
    ])
  }
  return text || null
}

async function requireWaiting(scope: WorkspaceScope, postId: string) {
  const post = await getPost(scope, postId)
  const waiting = post.deliveries.filter((d) => d.state === 'needs_approval')
  const request = await pendingRequest(scope, postId)
  if (waiting.length === 0 || !request) {
    throw conflict('This post is not waiting for approval (it was decided, withdrawn or changed).')
  }
  return { post, waiting, request }
}

/**
 * Approves a waiting post: its deliveries become scheduled at their times, or at `when`. A post
 * whose time passed while it waited is never published late by approval alone: the approver
 * must pick a new time (or publish now).
 */
export async function approvePost(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
  actor: Actor,
  input: { comment?: string | null | undefined; when?: When | undefined },
): Promise<PostView> {
  await requireApprover(scope, actor)
  const comment = cleanComment(input.comment)
  const { post, waiting, request } = await requireWaiting(scope, postId)
  const now = murmur.now()
  if (input.when) {
    await schedulePost(
      murmur,
      scope,
      postId,
      input.when,
      waiting.map((d) => d.id),
      actor,
    )
  } else {
    const late = waiting.find((d) => (d.scheduled_at ?? 0) < now - LATE_TOLERANCE_MS)
    if (late) {
      throw conflict(
        `Its time (${new Date(late.scheduled_at ?? 0).toISOString()}) passed while it waited, so it was not published. Approve it with a new time, or to publish now.`,
        { delivery_id: late.id, scheduled_at: late.scheduled_at },
      )
    }
    const targets = []
    for (const delivery of waiting) {
      targets.push({
        channel: await requireChannel(scope, delivery.channel_id),
        content: effectiveContent(post, delivery),
      })
    }
    assertPublishable(await checkChannels(murmur, scope, targets))
    await scope.transaction(async (trx) => {
      for (const delivery of waiting) {
        const moved = await trx
          .updateTable('deliveries')
          .set({
            state: 'scheduled',
            next_attempt_at: delivery.scheduled_at,
            attempts: 0,
            lease_owner: null,
            lease_expires_at: null,
            updated_at: now,
          })
          .where('id', '=', delivery.id)
          .where('state', '=', 'needs_approval')
          .executeTakeFirst()
        if (Number(moved.numUpdatedRows) === 0) {
          throw conflict('The post changed meanwhile; reload it.')
        }
      }
      await trx.updateTable('posts').set({ updated_at: now }).where('id', '=', postId).execute()
    })
  }
  await decide(scope, request.id, 'approved', actor, comment, now)
  await notify(
    scope,
    [request.submitted_by === actor.userId ? null : request.submitted_by],
    {
      kind: 'approval.approved',
      postId,
      title: `${actor.name} approved your post`,
      body: comment,
    },
    now,
  )
  await emailMembers(
    murmur,
    scope,
    [request.submitted_by === actor.userId ? null : request.submitted_by],
    'approval.approved',
    {
      subject: `${actor.name} approved your post`,
      paragraphs: [
        `${actor.name} approved your post; it goes out as scheduled.`,
        ...(comment ? [`Their comment: ${comment}`] : []),
      ],
      action: { label: 'Open the post', path: `/compose?post=${encodeURIComponent(postId)}` },
    },
  )
  await emitWebhookEvent(murmur, scope.workspaceId, 'post.approved', {
    post_id: postId,
    decided_by_name: actor.name,
    comment,
  })
  return getPost(scope, postId)
}

/** Rejects a waiting post with a comment: it goes back to draft for its author to revise. */
export async function rejectPost(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
  actor: Actor,
  input: { comment: string },
): Promise<PostView> {
  await requireApprover(scope, actor)
  const comment = cleanComment(input.comment)
  if (!comment) {
    throw invalid('Say what to change: a rejection needs a comment for the author.', [
      { path: 'comment', message: 'Required' },
    ])
  }
  const { waiting, request } = await requireWaiting(scope, postId)
  const now = murmur.now()
  await scope.transaction(async (trx) => {
    await trx
      .updateTable('deliveries')
      .set({ state: 'draft', next_attempt_at: null, updated_at: now })
      .where(
        'id',
        'in',
        waiting.map((d) => d.id),
      )
      .where('state', '=', 'needs_approval')
      .execute()
    await decide(trx, request.id, 'rejected', actor, comment, now)
    await trx.updateTable('posts').set({ updated_at: now }).where('id', '=', postId).execute()
  })
  await notify(
    scope,
    [request.submitted_by],
    {
      kind: 'approval.rejected',
      postId,
      title: `${actor.name} asks for changes`,
      body: comment,
    },
    now,
  )
  await emailMembers(murmur, scope, [request.submitted_by], 'approval.rejected', {
    subject: `${actor.name} asks for changes to your post`,
    paragraphs: [
      `${actor.name} did not approve your post; it is back in your drafts. What to change:`,
      comment,
    ],
    action: { label: 'Revise the post', path: `/compose?post=${encodeURIComponent(postId)}` },
  })
  await emitWebhookEvent(murmur, scope.workspaceId, 'post.rejected', {
    post_id: postId,
    decided_by_name: actor.name,
    comment,
  })
  return getPost(scope, postId)
}

async function decide(
  scope: WorkspaceScope,
  requestId: string,
  status: 'approved' | 'rejected',
  actor: Actor,
  comment: string | null,
  now: number,
) {
  // Scheduling by an approver may already have closed it as approved; keep the comment then.
  await scope
    .updateTable('approval_requests')
    .set({
      status,
      decided_by: actor.userId,
      decided_by_name: actor.name,
      decided_at: now,
      comment,
    })
    .where('id', '=', requestId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'pending'),
        eb.and([eb('status', '=', status), eb('decided_at', '=', now)]),
      ]),
    )
    .execute()
}

/**
 * Flags posts whose time passed while they waited for approval (they are not published):
 * once per request, to the author and the approvers. Run by the scheduler every round, for
 * every workspace. Returns how many were flagged.
 */
export async function flagLateApprovals(murmur: Murmur): Promise<number> {
  const now = murmur.now()
  const late = await murmur.db
    .selectFrom('approval_requests')
    .select(['workspace_id', 'id', 'post_id', 'submitted_by', 'submitted_by_name', 'due_at'])
    .where('status', '=', 'pending')
    .where('overdue_at', 'is', null)
    .where('due_at', '<', now - LATE_TOLERANCE_MS)
    .limit(100)
    .execute()
  let flagged = 0
  for (const request of late) {
    const scope = new WorkspaceScope(murmur.db, request.workspace_id)
    const claimed = await scope
      .updateTable('approval_requests')
      .set({ overdue_at: now })
      .where('id', '=', request.id)
      .where('overdue_at', 'is', null)
      .executeTakeFirst()
    // Another worker flagged it first.
    if (Number(claimed.numUpdatedRows) === 0) continue
    flagged++
    const { approver_roles } = await getApprovalSettings(scope)
    const approvers = await membersWithRoles(scope, approver_roles)
    await notify(
      scope,
      [request.submitted_by, ...approvers],
      {
        kind: 'approval.late',
        postId: request.post_id,
        title: 'A post’s time passed while it waited for approval',
        body: `Submitted by ${request.submitted_by_name} for ${new Date(Number(request.due_at)).toISOString()}; it was not published. Approve it with a new time, or reschedule it.`,
      },
      now,
    )
  }
  return flagged
}
