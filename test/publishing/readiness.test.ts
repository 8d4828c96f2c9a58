import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createLogger } from '../../src/logger.js'
import { startServer } from '../../src/server.js'
import { apiFor } from '../support/api.js'
import { testDialects } from '../support/databases.js'
import { createWorld, type World } from './world.js'

for (const dialect of await testDialects()) {
  describe(`${dialect}: /readyz watches the scheduler`, () => {
    let w: World
    beforeEach(async () => {
      w = await createWorld(dialect)
    })
    afterEach(() => w.t.cleanup())

    const readyz = async () => apiFor(w.murmur).client().get('/readyz')

    test('ready while a scheduler beats; not ready once its heartbeat is stale', async () => {
      const scheduler = w.scheduler({ workerId: 'beating', tickMs: 60_000 })
      scheduler.start()
      await scheduler.tick()
      const ready = await readyz()
      expect(ready.status).toBe(200)
      expect(ready.body.checks.scheduler).toMatchObject({
        ok: true,
        workers: 1,
        local: true,
        heartbeat_age_ms: 0,
      })
      w.clock.advance(31_000)
      const stale = await readyz()
      expect(stale.status).toBe(503)
      expect(stale.body.checks.scheduler.ok).toBe(false)
      expect(stale.body.checks.scheduler.message).toContain('No scheduler has beaten for 31 s')
      await scheduler.stop()
    })

    test('nobody publishing while a post is overdue: not ready, saying why', async () => {
      await w.post('Due with nobody to publish it')
      expect((await readyz()).status).toBe(200)
      w.clock.advance(3 * 60_000)
      const stuck = await readyz()
      expect(stuck.status).toBe(503)
      expect(stuck.body.checks.scheduler).toMatchObject({ ok: false, overdue: 1, workers: 0 })
      expect(stuck.body.checks.scheduler.message).toContain('No scheduler is running')
    })

    test('/metrics counts publish outcomes and the due queue', async () => {
      await w.post('Counted')
      await w.post('Still due')
      // One slot and nothing claimed ahead: the tick publishes one post, the other stays due.
      const scheduler = w.scheduler({ defaultNetworkConcurrency: 1, prefetch: 0 })
      await scheduler.tick()
      await scheduler.idle()
      w.clock.advance(3 * 60_000)
      const scraped = (await apiFor(w.murmur).client().get('/metrics')).text
      expect(scraped).toContain(
        'murmur_publish_outcomes_total{network="bluesky",outcome="published"} 1',
      )
      expect(scraped).toContain('murmur_publish_queue_due{lateness="due"} 1')
      expect(scraped).toContain('murmur_publish_queue_due{lateness="overdue"} 1')
      expect(scraped).toContain('murmur_publish_in_flight 0')
    })

    test('the server runs a scheduler unless MURMUR_SCHEDULER=off, and stops it on close', async () => {
      const config = { ...w.murmur.config, port: 0, host: '127.0.0.1' }
      const postgresSchema =
        dialect === 'postgres'
          ? String(
              (
                await w.murmur.db
                  .selectNoFrom((eb) => eb.fn<string>('current_schema').as('s'))
                  .executeTakeFirstOrThrow()
              ).s,
            )
          : undefined
      const log = createLogger('silent', false)
      const options = postgresSchema ? { postgresSchema } : {}
      const heartbeats = () =>
        w.murmur.db.selectFrom('scheduler_heartbeats').select('worker_id').execute()

      const off = await startServer({ ...config, schedulerEnabled: false }, log, options)
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(await heartbeats()).toEqual([])
      await off.close()

      const on = await startServer(config, log, options)
      for (let i = 0; i < 250 && (await heartbeats()).length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(await heartbeats()).toHaveLength(1)
      // Other suites dropping their schemas can fail one catalog read (3F000): ask again then.
      let ready = await fetch(`${on.url}/readyz`)
      for (let i = 0; i < 5 && ready.status !== 200; i++) ready = await fetch(`${on.url}/readyz`)
      const body = (await ready.json()) as { checks: { scheduler: { ok: boolean } } }
      expect(ready.status, JSON.stringify(body)).toBe(200)
      expect(body.checks.scheduler).toMatchObject({ ok: true, workers: 1, local: true })
      await on.close()
      expect(await heartbeats()).toEqual([])
    })
  })
}
