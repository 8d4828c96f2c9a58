import { createMiddleware } from 'hono/factory'
import { MurmurError } from '../../core/errors.js'
import type { AppEnv } from '../env.js'
import { RateLimiter } from '../rate-limiter.js'

/** Requests each API key (or signed-in user) may make per window. */
export const API_RATE_LIMIT = 1_200
export const API_RATE_WINDOW_SECONDS = 60

/**
 * A per-caller rate limit on the API, announced on every answer with the IETF RateLimit headers
 * (`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` in seconds, `RateLimit-Policy`).
 * Over the limit the answer is 429 `rate_limited` with `Retry-After`. Counted per API key, or per
 * user for the web app; requests without a caller are not counted here (sign-in has its own).
 * Counters live in this process, as the sign-in limiter's: each API process allows the limit.
 */
export function apiRateLimit(limit = API_RATE_LIMIT, windowSeconds = API_RATE_WINDOW_SECONDS) {
  // Wall-clock windows on purpose: a frozen test clock must not freeze the window.
  const limiter = new RateLimiter(limit, windowSeconds * 1000)
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = c.var.auth
    if (!auth) return next()
    const key = auth.kind === 'api_key' ? `key:${auth.keyId}` : `user:${auth.user.id}`
    c.header('RateLimit-Policy', `${limit};w=${windowSeconds}`)
    const wait = limiter.retryAfter(key)
    if (wait > 0) {
      c.header('RateLimit-Limit', String(limit))
      c.header('RateLimit-Remaining', '0')
      c.header('RateLimit-Reset', String(wait))
      throw new MurmurError(
        'rate_limited',
        `Too many requests: ${limit} a minute per ${auth.kind === 'api_key' ? 'API key' : 'user'}. Try again in ${wait} s.`,
        { retryAfterSeconds: wait },
      )
    }
    const { remaining, resetSeconds } = limiter.hit(key)
    c.header('RateLimit-Limit', String(limit))
    c.header('RateLimit-Remaining', String(remaining))
    c.header('RateLimit-Reset', String(resetSeconds))
    return next()
  })
}
