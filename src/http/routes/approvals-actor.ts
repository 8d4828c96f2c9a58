import type { Actor } from '../../services/approval-gate.js'
import type { AppEnv } from '../env.js'

/** Who is acting, for approvals: the signed-in person, or the API key by its name. */
export async function actorOf(c: { var: AppEnv['Variables'] }): Promise<Actor> {
  const auth = c.var.auth
  const access = c.var.workspace
  if (auth?.kind === 'session') {
    return { role: access.role, userId: auth.user.id, name: auth.user.name || auth.user.email }
  }
  const key = auth
    ? await c.var.murmur.db
        .selectFrom('api_keys')
        .select('name')
        .where('id', '=', auth.keyId)
        .executeTakeFirst()
    : undefined
  return { role: access.role, userId: null, name: `API key "${key?.name ?? 'unknown'}"` }
}
