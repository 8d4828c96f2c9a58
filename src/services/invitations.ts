import { conflict, forbidden, notFound } from '../core/errors.js'
import { newId, newToken } from '../core/ids.js'
import { canAssignRole, type Role } from '../core/roles.js'
import type { Murmur } from '../murmur.js'
import { hashToken } from '../security/tokens.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { normalizeEmail } from './accounts.js'

const INVITATION_DAYS = 7

export interface Invitation {
  id: string
  role: Role
  email: string | null
  invited_by: string
  created_at: number
  expires_at: number
}

export async function createInvitation(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: { actorRole: Role; invitedBy: string; role: Role; email?: string | undefined },
): Promise<Invitation & { token: string; url: string }> {
  if (!canAssignRole(input.actorRole, input.role))
    throw forbidden(`Only an owner can invite an ${input.role}.`)
  const token = newToken()
  const now = murmur.now()
  const invitation = {
    id: newId('inv'),
    role: input.role,
    email: input.email ? normalizeEmail(input.email) : null,
    invited_by: input.invitedBy,
    created_at: now,
    expires_at: now + INVITATION_DAYS * 86_400_000,
  }
  await scope.insertInto('invitations', { ...invitation, token_hash: hashToken(token) }).execute()
  return { ...invitation, token, url: `${murmur.config.publicUrl}/invite/${token}` }
}

export async function listPendingInvitations(
  murmur: Murmur,
  scope: WorkspaceScope,
): Promise<Invitation[]> {
  return scope
    .selectFrom('invitations')
    .select(['id', 'role', 'email', 'invited_by', 'created_at', 'expires_at'])
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', murmur.now())
    .orderBy('created_at')
    .execute()
}

export async function revokeInvitation(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
): Promise<void> {
  const result = await scope
    .updateTable('invitations')
    .set({ revoked_at: murmur.now() })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) throw notFound('Invitation')
}

/** An invitation that can still be accepted, looked up by its secret token. */
export async function findUsableInvitation(murmur: Murmur, token: string) {
  const row = await murmur.db
    .selectFrom('invitations')
    .innerJoin('workspaces', 'workspaces.id', 'invitations.workspace_id')
    .select([
      'invitations.id',
      'invitations.workspace_id',
      'invitations.role',
      'invitations.email',
      'invitations.expires_at',
      'workspaces.name as workspace_name',
    ])
    .where('invitations.token_hash', '=', hashToken(token))
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', murmur.now())
    .executeTakeFirst()
  if (!row) throw notFound('Invitation (it may have expired, been used or been revoked)')
  return row
}

/** Adds the user to the invitation's workspace; the invitation is used up. */
export async function acceptInvitation(
  murmur: Murmur,
  token: string,
  user: { id: string; email: string },
): Promise<{ workspaceId: string; role: Role }> {
  const invitation = await findUsableInvitation(murmur, token)
  if (invitation.email && invitation.email !== user.email) {
    throw forbidden(`This invitation is for ${invitation.email}. Sign in with that email.`)
  }
  const now = murmur.now()
  await murmur.db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('invitations')
      .set({ accepted_at: now, accepted_by: user.id })
      .where('id', '=', invitation.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst()
    if (Number(used.numUpdatedRows) === 0) throw conflict('This invitation was just used.')
    const existing = await trx
      .selectFrom('members')
      .select('role')
      .where('workspace_id', '=', invitation.workspace_id)
      .where('user_id', '=', user.id)
      .executeTakeFirst()
    // Accepting never demotes someone who is already a member.
    if (!existing) {
      await trx
        .insertInto('members')
        .values({
          workspace_id: invitation.workspace_id,
          user_id: user.id,
          role: invitation.role,
          created_at: now,
        })
        .execute()
    }
  })
  return { workspaceId: invitation.workspace_id, role: invitation.role }
}
