import type { Role } from '../api/types.js'

/** Mirrors src/core/roles.ts: the server enforces it, the UI only hides what would be refused. */
export const ROLES: readonly Role[] = ['owner', 'admin', 'editor', 'viewer']

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 }

export type Action =
  | 'workspace.update'
  | 'members.manage'
  | 'invitations.manage'
  | 'api_keys.manage'
  | 'content.write'
  | 'channels.manage'

const MINIMUM_ROLE: Record<Action, Role> = {
  'workspace.update': 'admin',
  'members.manage': 'admin',
  'invitations.manage': 'admin',
  'api_keys.manage': 'admin',
  'content.write': 'editor',
  'channels.manage': 'admin',
}

export const roleAtLeast = (role: Role, minimum: Role) => RANK[role] >= RANK[minimum]

export const can = (role: Role, action: Action) => roleAtLeast(role, MINIMUM_ROLE[action])

/** Roles an actor may hand out: never above their own. */
export const assignableRoles = (actor: Role): Role[] =>
  ROLES.filter((role) => RANK[role] <= RANK[actor])

export const ROLE_LABEL: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  editor: 'Editor',
  viewer: 'Viewer',
}

/** "an admin", "a viewer": for sentences that name the caller's role. */
export const ROLE_ARTICLE: Record<Role, 'a' | 'an'> = {
  owner: 'an',
  admin: 'an',
  editor: 'an',
  viewer: 'a',
}

export const ROLE_DESCRIPTION: Record<Role, string> = {
  owner: 'Everything, including managing owners',
  admin: 'Settings, members, invitations and API keys',
  editor: 'Writes, schedules and replies',
  viewer: 'Sees everything, changes nothing',
}

export const ROLE_COLOR: Record<Role, string> = {
  owner: 'indigo',
  admin: 'blue',
  editor: 'teal',
  viewer: 'gray',
}
