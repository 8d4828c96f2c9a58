/**
 * Roles and what each may do. Permissions are data so the web app, the API
 * and the docs read the same table.
 */
export const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const
export type Role = (typeof ROLES)[number]

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 }

export type Action =
  | 'workspace.read'
  | 'workspace.update'
  | 'members.manage'
  | 'invitations.manage'
  | 'api_keys.manage'
  | 'content.write'
  | 'channels.manage'

const MINIMUM_ROLE: Record<Action, Role> = {
  'workspace.read': 'viewer',
  'workspace.update': 'admin',
  'members.manage': 'admin',
  'invitations.manage': 'admin',
  'api_keys.manage': 'admin',
  'content.write': 'editor',
  'channels.manage': 'admin',
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum]
}

export function can(role: Role, action: Action): boolean {
  return roleAtLeast(role, MINIMUM_ROLE[action])
}

/**
 * An actor may only hand out or change roles up to their own: an admin can
 * make editors and admins but cannot create or demote owners.
 */
export function canAssignRole(actor: Role, target: Role): boolean {
  return RANK[target] <= RANK[actor]
}
