import { type Role, roleAtLeast } from '../roles.js'

/**
 * Who waits for approval and who decides. Owners never wait: someone must always be able to
 * publish. Approvers are admins and owners whose own posts do not wait, so nobody approves a
 * post while needing approval themselves.
 */
export const APPROVAL_ROLE_CHOICES = ['editor', 'admin'] as const satisfies Role[]
export type ApprovalRole = (typeof APPROVAL_ROLE_CHOICES)[number]

/** A new workspace: editors' posts wait; admins and owners publish directly. */
export const DEFAULT_APPROVAL_ROLES: readonly ApprovalRole[] = ['editor']

export function isApprovalRole(role: string): role is ApprovalRole {
  return (APPROVAL_ROLE_CHOICES as readonly string[]).includes(role)
}

export function needsApproval(role: Role, rolesThatWait: readonly Role[]): boolean {
  return role !== 'owner' && rolesThatWait.includes(role)
}

export function canApprove(role: Role, rolesThatWait: readonly Role[]): boolean {
  return roleAtLeast(role, 'admin') && !needsApproval(role, rolesThatWait)
}

/** Longest decision comment kept; rejecting needs one, so the author learns what to change. */
export const MAX_APPROVAL_COMMENT = 2_000
