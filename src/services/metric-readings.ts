import { notFound } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import { METRIC_NAMES, type MetricName, type NetworkId } from '../networks/spec/index.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { notAvailableFrom } from './analytics-rows.js'
import { networksOf } from './publishing-networks.js'

export interface MetricReadings {
  delivery_id: string
  network: NetworkId
  published_at: number
  next_reading_at: number | null
  not_available: string[]
  readings: Array<{ at: number; metrics: Record<MetricName, number | null> }>
}

/** Every reading of one delivery's numbers, oldest first: the post's curve over time. */
export async function metricReadings(
  murmur: Murmur,
  scope: WorkspaceScope,
  deliveryId: string,
): Promise<MetricReadings> {
  const delivery = await scope
    .selectFrom('deliveries')
    .leftJoin('metric_tracking', 'metric_tracking.delivery_id', 'deliveries.id')
    .select([
      'deliveries.id',
      'deliveries.network',
      'deliveries.published_at',
      'metric_tracking.next_fetch_at',
    ])
    .where('deliveries.id', '=', deliveryId)
    .executeTakeFirst()
  if (!delivery) throw notFound('Delivery')
  const rows = await scope
    .selectFrom('metric_snapshots')
    .selectAll()
    .where('delivery_id', '=', deliveryId)
    .orderBy('fetched_at')
    .execute()
  const offered = networksOf(murmur).get(delivery.network)?.capabilities.metrics ?? METRIC_NAMES
  return {
    delivery_id: delivery.id,
    network: delivery.network,
    published_at: delivery.published_at ?? 0,
    next_reading_at: delivery.next_fetch_at ?? null,
    not_available: METRIC_NAMES.filter((name) => !offered.includes(name)).map(
      (name) => `${name}: ${notAvailableFrom(delivery.network)}`,
    ),
    readings: rows.map((row) => ({
      at: Number(row.fetched_at),
      metrics: Object.fromEntries(
        METRIC_NAMES.map((name) => [name, row[name] === null ? null : Number(row[name])]),
      ) as Record<MetricName, number | null>,
    })),
  }
}
