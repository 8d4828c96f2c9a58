import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client'

/**
 * Process metrics in Prometheus text format, served at /metrics. Each area
 * registers its own counters and gauges on `metrics.registry` (queue depth,
 * publish outcomes, click buffer size).
 */
export function createMetrics() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'murmur_' })
  const httpRequests = new Counter({
    name: 'murmur_http_requests_total',
    help: 'HTTP requests answered, by method, route and status class',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  })
  const httpDuration = new Histogram({
    name: 'murmur_http_request_duration_seconds',
    help: 'Time to answer HTTP requests',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  return { registry, httpRequests, httpDuration }
}

export type Metrics = ReturnType<typeof createMetrics>
