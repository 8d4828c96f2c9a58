import { sql } from 'kysely'
import { Counter, Gauge } from 'prom-client'
import type { Murmur } from '../murmur.js'

export interface PublishMetrics {
  outcomes: Counter<'network' | 'outcome'>
  inFlight: Gauge
}

const registered = new WeakMap<Murmur, PublishMetrics>()

/**
 * Publishing's numbers at /metrics, registered once per Murmur instance: outcomes and publishes
 * in flight of this process, and the queue as the database sees it (due now, overdue).
 */
export function publishMetrics(murmur: Murmur): PublishMetrics {
  let metrics = registered.get(murmur)
  if (metrics) return metrics
  const registers = [murmur.metrics.registry]
  metrics = {
    outcomes: new Counter({
      name: 'murmur_publish_outcomes_total',
      help: 'Deliveries the scheduler of this process finished, by network and outcome',
      labelNames: ['network', 'outcome'] as const,
      registers,
    }),
    inFlight: new Gauge({
      name: 'murmur_publish_in_flight',
      help: 'Publishes this process is making right now',
      registers,
    }),
  }
  new Gauge({
    name: 'murmur_publish_queue_due',
    help: 'Scheduled deliveries whose time has come (all processes), by how late: due or overdue (2+ minutes)',
    labelNames: ['lateness'] as const,
    registers,
    async collect() {
      const now = murmur.now()
      const row = await murmur.db
        .selectFrom('deliveries')
        .select([
          sql<number>`count(*)`.as('due'),
          sql<number>`sum(case when next_attempt_at < ${now - 120_000} then 1 else 0 end)`.as(
            'overdue',
          ),
        ])
        .where('state', '=', 'scheduled')
        .where('next_attempt_at', '<=', now)
        .executeTakeFirst()
        .catch(() => undefined)
      this.set({ lateness: 'due' }, Number(row?.due ?? 0))
      this.set({ lateness: 'overdue' }, Number(row?.overdue ?? 0))
    },
  })
  registered.set(murmur, metrics)
  return metrics
}
