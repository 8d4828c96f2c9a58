import { createMiddleware } from 'hono/factory'
import { MurmurError } from '../../core/errors.js'
import { safeEqual } from '../../security/tokens.js'
import type { AppEnv } from '../env.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Cookie-authenticated writes must carry the session's CSRF token in
 * `X-CSRF-Token`. Writes without a session (sign-in, set-up, accepting an
 * invitation) must come from our own origin. API-key requests are exempt:
 * browsers never attach a bearer key by themselves.
 */
export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next()
  const auth = c.var.auth
  if (auth?.kind === 'api_key') return next()
  if (auth?.kind === 'session') {
    const token = c.req.header('x-csrf-token')
    if (!token || !safeEqual(token, auth.session.csrf_token)) {
      throw new MurmurError(
        'csrf_failed',
        'Missing or wrong X-CSRF-Token header. Reload the page and try again.',
      )
    }
    return next()
  }
  if (c.req.header('sec-fetch-site') === 'cross-site') {
    throw new MurmurError('csrf_failed', 'Cross-site requests are not accepted.')
  }
  const origin = c.req.header('origin')
  if (origin && origin !== 'null') {
    const host = c.req.header('host')
    let originHost: string | undefined
    try {
      originHost = new URL(origin).host
    } catch {
      originHost = undefined
    }
    if (!host || originHost !== host)
      throw new MurmurError('csrf_failed', 'Cross-origin requests are not accepted.')
  }
  return next()
})
