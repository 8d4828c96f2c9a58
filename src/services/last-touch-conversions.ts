import { DEFAULT_LOOKBACK_DAYS, touchpointsFor } from '../core/links/attribution.js'
import { DAY_MS } from '../core/links/visitor.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

/** A lead or sale with the link of the last click before it (last touch). */
export interface CreditedConversion {
  id: string
  kind: string
  amount: number
  currency: string | null
  customer: string | null
  occurredAt: number
  linkId: string
}

/**
 * Conversions in [from, to), each credited to its last click on a tracked link in the
 * lookback window before it; those whose last click is on none of `linkIds` are left out.
 */
export async function lastTouchConversions(
  scope: WorkspaceScope,
  linkIds: ReadonlySet<string> | undefined,
  period: { from: number; to: number },
): Promise<CreditedConversion[]> {
  const lookbackMs = DEFAULT_LOOKBACK_DAYS * DAY_MS
  const conversions = await scope
    .selectFrom('conversions')
    .select(['id', 'kind', 'amount', 'currency', 'customer_id', 'occurred_at'])
    .where('occurred_at', '>=', period.from)
    .where('occurred_at', '<', period.to)
    .execute()
  if (conversions.length === 0) return []
  const touches = await scope
    .selectFrom('conversion_touchpoints')
    .select(['conversion_id', 'click_id', 'link_id', 'at'])
    .where('at', '>=', period.from - lookbackMs)
    .where('at', '<', period.to)
    .execute()
  const byConversion = new Map<string, Array<{ clickId: string; linkId: string; at: number }>>()
  for (const t of touches) {
    const list = byConversion.get(t.conversion_id) ?? []
    list.push({ clickId: t.click_id, linkId: t.link_id, at: Number(t.at) })
    byConversion.set(t.conversion_id, list)
  }
  return conversions.flatMap((conversion) => {
    const occurredAt = Number(conversion.occurred_at)
    const points = touchpointsFor(byConversion.get(conversion.id) ?? [], occurredAt, lookbackMs)
    const last = points.at(-1)
    if (!last || (linkIds && !linkIds.has(last.linkId))) return []
    return [
      {
        id: conversion.id,
        kind: conversion.kind,
        amount: Number(conversion.amount ?? 0),
        currency: conversion.currency,
        customer: conversion.customer_id,
        occurredAt,
        linkId: last.linkId,
      },
    ]
  })
}
