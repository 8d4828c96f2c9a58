import type { Role } from '../core/roles.js'
import type { Logger } from '../logger.js'
import type { Murmur } from '../murmur.js'
import type { Session, User } from '../services/accounts.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

/** Who is calling: a signed-in browser (cookie session) or an API key of one workspace. */
export type Auth =
  | { kind: 'session'; user: User; session: Session }
  | { kind: 'api_key'; keyId: string; workspaceId: string; role: Role }

/** Set for every route under /api/v1/workspaces/{workspace_id}: the caller is a member. */
export interface WorkspaceAccess {
  id: string
  role: Role
  scope: WorkspaceScope
}

export interface AppEnv {
  Variables: {
    murmur: Murmur
    log: Logger
    requestId: string
    auth: Auth | undefined
    workspace: WorkspaceAccess
  }
}
