import type { Role } from '../../core/roles.js'

export interface UsersTable {
  id: string
  email: string
  name: string
  password_hash: string
  created_at: number
}

export interface WorkspacesTable {
  id: string
  name: string
  slug: string
  time_zone: string
  created_at: number
  /** Media library image shown with the name on reports (migration 0025); null for none. */
  logo_media_id: string | null
}

export interface MembersTable {
  workspace_id: string
  user_id: string
  role: Role
  created_at: number
}

export interface SessionsTable {
  /** sha256 of the cookie token */
  id: string
  user_id: string
  csrf_token: string
  user_agent: string | null
  created_at: number
  last_seen_at: number
  expires_at: number
}

export interface InvitationsTable {
  id: string
  workspace_id: string
  role: Role
  email: string | null
  token_hash: string
  invited_by: string
  created_at: number
  expires_at: number
  accepted_at: number | null
  accepted_by: string | null
  revoked_at: number | null
}

export interface ApiKeysTable {
  id: string
  workspace_id: string
  name: string
  role: Role
  prefix: string
  token_hash: string
  created_by: string | null
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

export interface IdempotencyKeysTable {
  workspace_id: string
  key: string
  fingerprint: string
  status: number
  body: string
  created_at: number
}

export interface FoundationTables {
  users: UsersTable
  workspaces: WorkspacesTable
  members: MembersTable
  sessions: SessionsTable
  invitations: InvitationsTable
  api_keys: ApiKeysTable
  idempotency_keys: IdempotencyKeysTable
}
