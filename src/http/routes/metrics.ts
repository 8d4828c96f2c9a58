import type { OpenAPIHono } from '@hono/zod-openapi'
import { MurmurError } from '../../core/errors.js'
import { safeEqual } from '../../security/tokens.js'
import type { AppEnv } from '../env.js'

/** Prometheus scrape endpoint. With MURMUR_METRICS_TOKEN set, scrapers must send it as a bearer token. */
export function metricsRoutes(app: OpenAPIHono<AppEnv>) {
  app.get('/metrics', async (c) => {
    const token = c.var.murmur.config.metricsToken
    if (token) {
      const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? ''
      if (!safeEqual(given, token))
        throw new MurmurError('unauthenticated', 'Send MURMUR_METRICS_TOKEN as a bearer token.')
    }
    const registry = c.var.murmur.metrics.registry
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType })
  })
}
