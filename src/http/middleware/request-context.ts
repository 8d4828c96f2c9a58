import { randomUUID } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import type { Murmur } from '../../murmur.js'
import type { AppEnv } from '../env.js'

const REQUEST_ID = /^[\w.-]{1,64}$/

/** Gives each request an id, a logger bound to it, and one log line when it ends. */
export const requestContext = (murmur: Murmur) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header('x-request-id')
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID()
    const log = murmur.log.child({ requestId })
    c.set('murmur', murmur)
    c.set('log', log)
    c.set('requestId', requestId)
    c.set('auth', undefined)
    const started = performance.now()
    await next()
    c.header('X-Request-Id', requestId)
    const status = c.res.status
    // The route pattern, not the path, so ids do not explode the label set.
    const route = c.req.routePath || 'unmatched'
    const seconds = (performance.now() - started) / 1000
    murmur.metrics.httpRequests.inc({
      method: c.req.method,
      route,
      status: `${Math.floor(status / 100)}xx`,
    })
    murmur.metrics.httpDuration.observe({ method: c.req.method, route }, seconds)
    const line = {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    }
    if (status >= 500) log.error(line, 'request')
    else if (c.req.path === '/healthz' || c.req.path === '/readyz') log.debug(line, 'request')
    else log.info(line, 'request')
  })
