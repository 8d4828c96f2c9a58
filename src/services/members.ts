import { conflict, forbidden, notFound } from '../core/errors.js'
import { canAssignRole, type Role } from '../core/roles.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

export interface Member {
  user_id: string
  email: string
  name: string
  role: Role
  created_at: number
}

export async function listMembers(scope: WorkspaceScope): Promise<Member[]> {
  return scope
    .selectFrom('members')
    .innerJoin('users', 'users.id', 'members.user_id')
    .select(['members.user_id', 'users.email', 'users.name', 'members.role', 'members.created_at'])
    .orderBy('members.created_at')
    .execute()
}

async function findMember(scope: WorkspaceScope, userId: string): Promise<Member> {
  const member = await scope
    .selectFrom('members')
    .innerJoin('users', 'users.id', 'members.user_id')
    .select(['members.user_id', 'users.email', 'users.name', 'members.role', 'members.created_at'])
    .where('members.user_id', '=', userId)
    .executeTakeFirst()
  if (!member) throw notFound('Member')
  return member
}

async function ownerCount(scope: WorkspaceScope): Promise<number> {
  const row = await scope
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Admins manage editors, viewers and admins; only owners touch owners; a workspace always keeps an owner. */
function assertMayManage(actorRole: Role, member: Member, newRole?: Role): void {
  if (!canAssignRole(actorRole, member.role)) throw forbidden('Only an owner can change an owner.')
  if (newRole && !canAssignRole(actorRole, newRole))
    throw forbidden(`Only an owner can make someone ${newRole}.`)
}

export async function changeRole(
  scope: WorkspaceScope,
  actorRole: Role,
  userId: string,
  role: Role,
): Promise<Member> {
  return scope.transaction(async (tx) => {
    const member = await findMember(tx, userId)
    assertMayManage(actorRole, member, role)
    if (member.role === 'owner' && role !== 'owner' && (await ownerCount(tx)) <= 1) {
      throw conflict('This is the last owner. Make someone else an owner first.')
    }
    await tx.updateTable('members').set({ role }).where('user_id', '=', userId).execute()
    return { ...member, role }
  })
}

export async function removeMember(
  scope: WorkspaceScope,
  actorRole: Role,
  userId: string,
): Promise<void> {
  await scope.transaction(async (tx) => {
    const member = await findMember(tx, userId)
    assertMayManage(actorRole, member)
    if (member.role === 'owner' && (await ownerCount(tx)) <= 1) {
      throw conflict('This is the last owner. Make someone else an owner first.')
    }
    await tx.deleteFrom('members').where('user_id', '=', userId).execute()
  })
}
