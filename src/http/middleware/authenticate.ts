import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { MurmurError } from '../../core/errors.js'
import { resolveSession } from '../../services/accounts.js'
import { resolveApiKey } from '../../services/api-keys.js'
import type { AppEnv } from '../env.js'
import { SESSION_COOKIE } from '../session-cookie.js'

/**
 * Works out who is calling, from `Authorization: Bearer <API key>` or the
 * session cookie. It never rejects: routes that need a caller use `requireAuth`.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const murmur = c.var.murmur
  const authorization = c.req.header('authorization')
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization)
    const key = match?.[1] && (await resolveApiKey(murmur, match[1]))
    if (!key)
      throw new MurmurError(
        'unauthenticated',
        'The API key is unknown or revoked. Create one in Settings > API keys.',
      )
    c.set('auth', { kind: 'api_key', keyId: key.id, workspaceId: key.workspaceId, role: key.role })
    return next()
  }
  const token = getCookie(c, SESSION_COOKIE)
  if (token) {
    const found = await resolveSession(murmur, token)
    if (found) c.set('auth', { kind: 'session', user: found.user, session: found.session })
  }
  return next()
})
