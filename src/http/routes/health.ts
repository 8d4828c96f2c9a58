import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { type SchedulerHealth, schedulerHealth } from '../../services/publishing-health.js'
import { pendingMigrations } from '../../storage/migrate.js'
import type { AppEnv } from '../env.js'
import { json } from '../schemas.js'

const Health = z.object({ status: z.literal('ok') }).openapi('Health')
const Readiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({
      database: z.object({ ok: z.boolean(), kind: z.string(), error: z.string().optional() }),
      migrations: z.object({ ok: z.boolean(), pending: z.array(z.string()) }),
      scheduler: z
        .object({
          ok: z.boolean(),
          heartbeat_age_ms: z.number().nullable(),
          workers: z.number().int(),
          overdue: z.number().int(),
          local: z.boolean(),
          message: z.string(),
        })
        .optional()
        .openapi({ description: 'Someone publishes scheduled posts (see docs/publishing.md)' }),
    }),
  })
  .openapi('Readiness')

export function healthRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['Operations'],
      summary: 'The process is up',
      responses: { 200: json(Health, 'Up') },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['Operations'],
      summary: 'The database answers, migrations are current, and a scheduler is beating',
      responses: { 200: json(Readiness, 'Ready'), 503: json(Readiness, 'Not ready') },
    }),
    async (c) => {
      const storage = c.var.murmur.storage
      let database: { ok: boolean; kind: string; error?: string } = { ok: true, kind: storage.kind }
      let pending: string[] = []
      let scheduler: SchedulerHealth | undefined
      try {
        await storage.ping()
        pending = await pendingMigrations(storage)
        if (pending.length === 0) scheduler = await schedulerHealth(c.var.murmur)
      } catch (error) {
        database = {
          ok: false,
          kind: storage.kind,
          error: error instanceof Error ? error.message : String(error),
        }
      }
      const ready = database.ok && pending.length === 0 && scheduler?.ok !== false
      const body = {
        status: ready ? ('ready' as const) : ('not_ready' as const),
        checks: {
          database,
          migrations: { ok: pending.length === 0, pending },
          ...(scheduler && { scheduler }),
        },
      }
      return ready ? c.json(body, 200) : c.json(body, 503)
    },
  )
}
