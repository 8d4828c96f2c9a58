import {
  type ApprovalRole,
  canApprove,
  DEFAULT_APPROVAL_ROLES,
  isApprovalRole,
  needsApproval,
} from '../core/approvals/rules.js'
import { invalid } from '../core/errors.js'
import { newId } from '../core/ids.js'
import { ROLES, type Role } from '../core/roles.js'
import type { Murmur } from '../murmur.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { emailMembers } from './member-email.js'
import { membersWithRoles, notify } from './notifications.js'
import { emitWebhookEvent } from './webhooks.js'

/** Who is acting on a post: their role decides whether their scheduling waits for approval. */
export interface Actor {
  role: Role
  /** Null for an API key. */
  userId: string | null
  /** Said in history and notifications: a person's name or e-mail, or `API key "shop"`. */
  name: string
}

export interface ApprovalSettings {
  roles: ApprovalRole[]
  /** Who decides, derived from `roles`. */
  approver_roles: Role[]
}

function settingsOf(roles: readonly ApprovalRole[]): ApprovalSettings {
  return {
    roles: [...roles],
    approver_roles: ROLES.filter((role) => canApprove(role, roles)),
  }
}

export async function getApprovalSettings(scope: WorkspaceScope): Promise<ApprovalSettings> {
  const row = await scope.selectFrom('approval_settings').select('roles').executeTakeFirst()
  if (!row) return settingsOf(DEFAULT_APPROVAL_ROLES)
  const stored = JSON.parse(row.roles) as string[]
  return settingsOf(stored.filter(isApprovalRole))
}

export async function setApprovalSettings(
  scope: WorkspaceScope,
  roles: string[],
  updatedBy: string | null,
  now: number,
): Promise<ApprovalSettings> {
  const unknown = roles.filter((role) => !isApprovalRole(role))
  if (unknown.length > 0) {
    throw invalid(
      `Only editors and admins can be asked to wait for approval (owners always publish); not: ${unknown.join(', ')}.`,
      [{ path: 'roles', message: 'Unknown role' }],
    )
  }
  const chosen = [...new Set(roles)] as ApprovalRole[]
  const values = { roles: JSON.stringify(chosen), updated_by: updatedBy, updated_at: now }
  await scope.transaction(async (trx) => {
    const updated = await trx.updateTable('approval_settings').set(values).executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) {
      await trx.insertInto('approval_settings', values).execute()
    }
  })
  return settingsOf(chosen)
}

export async function actorNeedsApproval(scope: WorkspaceScope, actor: Actor): Promise<boolean> {
  return needsApproval(actor.role, (await getApprovalSettings(scope)).roles)
}

/** The latest approval request of a post that still waits, if any. */
export async function pendingRequest(scope: WorkspaceScope, postId: string) {
  return scope
    .selectFrom('approval_requests')
    .selectAll()
    .where('post_id', '=', postId)
    .where('status', '=', 'pending')
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()
}

/**
 * Records that a post waits for approval (inside the caller's transaction): a new request, or
 * the open one with its new time. Returns whether a new request was made, so the caller tells
 * approvers once.
 */
export async function holdForApproval(
  trx: WorkspaceScope,
  postId: string,
  actor: Actor,
  dueAt: number | null,
  now: number,
): Promise<{ requestId: string; isNew: boolean }> {
  const open = await pendingRequest(trx, postId)
  if (open) {
    await trx
      .updateTable('approval_requests')
      .set({ due_at: dueAt, overdue_at: null })
      .where('id', '=', open.id)
      .execute()
    return { requestId: open.id, isNew: false }
  }
  const requestId = newId('apr', now)
  await trx
    .insertInto('approval_requests', {
      id: requestId,
      post_id: postId,
      status: 'pending',
      submitted_by: actor.userId,
      submitted_by_name: actor.name,
      submitted_at: now,
      due_at: dueAt,
      overdue_at: null,
      decided_by: null,
      decided_by_name: null,
      decided_at: null,
      comment: null,
    })
    .execute()
  return { requestId, isNew: true }
}

/**
 * Closes the open request of a post when it stops waiting without a decision on the request
 * itself: an approver scheduled it (approved) or its author took it back (withdrawn).
 */
export async function closePendingRequest(
  trx: WorkspaceScope,
  postId: string,
  status: 'approved' | 'withdrawn',
  actor: Actor,
  now: number,
  comment: string | null = null,
): Promise<string | undefined> {
  const open = await pendingRequest(trx, postId)
  if (!open) return undefined
  await trx
    .updateTable('approval_requests')
    .set({
      status,
      decided_by: actor.userId,
      decided_by_name: actor.name,
      decided_at: now,
      comment,
    })
    .where('id', '=', open.id)
    .where('status', '=', 'pending')
    .execute()
  return open.id
}

/**
 * In-app notification (and an email, when the workspace has a mail server) to every approver
 * that a post waits for them, and the webhook event.
 */
export async function tellApprovers(
  murmur: Murmur,
  scope: WorkspaceScope,
  postId: string,
  actor: Actor,
  now: number,
  excerpt: string,
): Promise<void> {
  const { approver_roles } = await getApprovalSettings(scope)
  const approvers = (await membersWithRoles(scope, approver_roles)).filter(
    (id) => id !== actor.userId,
  )
  await notify(
    scope,
    approvers,
    {
      kind: 'approval.requested',
      postId,
      title: `${actor.name} asks for approval`,
      body: excerpt,
    },
    now,
  )
  await emailMembers(murmur, scope, approvers, 'approval.requested', {
    subject: `${actor.name} asks for your approval`,
    paragraphs: [`${actor.name} asks you to approve a post before it goes out:`, excerpt],
    action: { label: 'Review it in Murmur', path: '/approvals' },
  })
  await emitWebhookEvent(murmur, scope.workspaceId, 'post.needs_approval', {
    post_id: postId,
    submitted_by: actor.userId,
    submitted_by_name: actor.name,
  })
}
