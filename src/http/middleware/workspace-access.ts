import { createMiddleware } from 'hono/factory'
import { MurmurError, notFound } from '../../core/errors.js'
import { type Action, can, type Role } from '../../core/roles.js'
import { roleIn } from '../../services/workspaces.js'
import { WorkspaceScope } from '../../storage/workspace-scope.js'
import type { AppEnv, Auth, WorkspaceAccess } from '../env.js'

/**
 * Guards every route under /api/v1/workspaces/{workspace_id}. A caller who is
 * not a member gets 404, exactly as for a workspace that does not exist, and
 * handlers receive a WorkspaceScope that can only reach that workspace's rows.
 */
export const workspaceAccess = createMiddleware<AppEnv>(async (c, next) => {
  const auth = requireAuth(c.var.auth)
  const workspaceId = c.req.param('workspace_id') ?? ''
  const role = await callerRole(c.var.murmur, auth, workspaceId)
  if (!role) throw notFound('Workspace')
  const access: WorkspaceAccess = {
    id: workspaceId,
    role,
    scope: new WorkspaceScope(c.var.murmur.db, workspaceId),
  }
  c.set('workspace', access)
  return next()
})

async function callerRole(
  murmur: AppEnv['Variables']['murmur'],
  auth: Auth,
  workspaceId: string,
): Promise<Role | undefined> {
  if (auth.kind === 'api_key') return auth.workspaceId === workspaceId ? auth.role : undefined
  return roleIn(murmur, workspaceId, auth.user.id)
}

export function requireAuth(auth: Auth | undefined): Auth {
  if (!auth)
    throw new MurmurError(
      'unauthenticated',
      'Sign in, or send an API key as "Authorization: Bearer <key>".',
    )
  return auth
}

export function requireSession(auth: Auth | undefined): Extract<Auth, { kind: 'session' }> {
  const caller = requireAuth(auth)
  if (caller.kind !== 'session')
    throw new MurmurError('forbidden', 'This needs a signed-in user, not an API key.')
  return caller
}

/** Stops the request unless the caller's role allows `action` (403 with what is needed). */
export function authorize(access: WorkspaceAccess, action: Action): void {
  if (!can(access.role, action)) {
    throw new MurmurError('forbidden', `Your role (${access.role}) cannot do this.`, {
      details: { action },
    })
  }
}
