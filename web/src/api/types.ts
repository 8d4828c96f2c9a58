/** Shapes the API answers with. Times are ISO-8601 strings; ids are opaque. */

export type Role = 'owner' | 'admin' | 'editor' | 'viewer'

/** Some endpoints may answer epoch milliseconds; the UI formats both. */
export type Timestamp = string | number

export interface User {
  id: string
  email: string
  name: string
  created_at: Timestamp
}

export interface Workspace {
  id: string
  name: string
  slug: string
  time_zone: string
  role: Role
  created_at: Timestamp
  /** The media library image shown on reports; null for none. */
  logo_media_id?: string | null
}

export interface Page<T> {
  data: T[]
  next_cursor: string | null
}

export interface Session {
  user: User
  csrf_token: string
  workspaces: Workspace[]
}

export interface Member {
  user_id: string
  email: string
  name: string
  role: Role
  created_at: Timestamp
}

export interface Invitation {
  id: string
  role: Role
  email: string | null
  created_at: Timestamp
  expires_at: Timestamp
  invited_by: string | { id?: string; name?: string; email?: string } | null
}

export interface CreatedInvitation {
  id: string
  role: Role
  email: string | null
  created_at: Timestamp
  expires_at: Timestamp
  url: string
  token: string
}

export interface InvitationPreview {
  workspace: { name: string }
  role: Role
  email: string | null
  expires_at: Timestamp
}

export interface ApiKey {
  id: string
  name: string
  role: Role
  prefix: string
  created_at: Timestamp
  last_used_at: Timestamp | null
}

export interface CreatedApiKey extends ApiKey {
  key: string
}

/** What set-up, sign-in and accepting an invitation answer with. */
export interface SignedIn {
  user: User
  csrf_token: string
  workspace?: Workspace
}
