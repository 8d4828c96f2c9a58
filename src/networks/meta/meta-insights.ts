/**
 * `GET /{id}/insights?metric=…` answers `{"data":[{"name":"views","period":"lifetime",
 * "values":[{"value":42}]}]}` (some metrics use `total_value.value`). A metric Meta leaves out is
 * one it does not have for this post: it stays absent, never 0.
 */
export interface InsightsAnswer {
  data?: Array<{
    name?: string
    values?: Array<{ value?: unknown }>
    total_value?: { value?: unknown }
  }>
}

export function readInsightValues(answer: InsightsAnswer): Record<string, number> {
  const values: Record<string, number> = {}
  for (const metric of answer.data ?? []) {
    if (!metric.name) continue
    const value = metric.total_value?.value ?? metric.values?.at(-1)?.value
    if (typeof value === 'number' && Number.isFinite(value)) values[metric.name] = value
  }
  return values
}
