import { conflict, invalid } from '../core/errors.js'
import { newId } from '../core/ids.js'
import {
  type AttributionModel,
  attributionCredits,
  DEFAULT_LOOKBACK_DAYS,
  touchpointsFor,
} from '../core/links/attribution.js'
import { DAY_MS, startOfUtcDay } from '../core/links/visitor.js'
import { runningLinkTraffic } from '../links/traffic.js'
import type { Murmur } from '../murmur.js'
import type { ConversionsTable } from '../storage/tables/links.js'
import { isUniqueViolation } from '../storage/unique-violation.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { queueWebhookEvent } from './webhooks.js'

/** Touchpoints are kept for the longest lookback a report may ask for. */
export const MAX_LOOKBACK_DAYS = 90
/** A sale above this (in minor units: 100 million in the currency) is taken for a mistake. */
export const MAX_AMOUNT = 10_000_000_000

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'))

export interface Conversion {
  id: string
  kind: 'lead' | 'sale'
  event_name: string | null
  amount: number | null
  currency: string | null
  click_id: string | null
  customer_id: string | null
  external_id: string | null
  occurred_at: number
  created_at: number
  touchpoints: Array<{ click_id: string; link_id: string; at: number }>
}

export interface ConversionInput {
  kind: 'lead' | 'sale'
  click_id?: string | undefined
  customer_id?: string | undefined
  event_name?: string | undefined
  amount?: number | undefined
  currency?: string | undefined
  external_id?: string | undefined
  occurred_at?: number | undefined
  source: 'api' | 'script'
}

const fail = (path: string, message: string) => invalid(message, [{ path, message }])

function checkInput(murmur: Murmur, input: ConversionInput): void {
  if (input.kind === 'sale') {
    if (input.amount === undefined) throw fail('amount', 'A sale needs an amount, in cents.')
    if (!Number.isInteger(input.amount) || input.amount < 0)
      throw fail('amount', 'The amount is a whole number of cents (minor units), 0 or more.')
    if (input.amount > MAX_AMOUNT)
      throw fail('amount', 'The amount is too large; send it in cents (1999 for 19.99).')
    if (!input.currency) throw fail('currency', 'A sale needs a currency, such as EUR or USD.')
    if (!CURRENCIES.has(input.currency))
      throw fail('currency', `"${input.currency}" is not an ISO 4217 currency code such as EUR.`)
  } else if (input.amount !== undefined || input.currency !== undefined) {
    throw fail('amount', 'A lead has no amount; report a sale for money.')
  }
  if (!input.click_id && !input.customer_id)
    throw fail('click_id', 'Send the click id (the mm= parameter) or a customer id seen before.')
  if (input.occurred_at !== undefined && input.occurred_at > murmur.now() + 5 * 60_000)
    throw fail('occurred_at', 'The conversion is dated in the future.')
}

async function findClick(murmur: Murmur, scope: WorkspaceScope, clickId: string) {
  const find = () =>
    scope
      .selectFrom('clicks')
      .select(['id', 'link_id', 'at', 'visitor_id'])
      .where('id', '=', clickId)
      .where('is_bot', '=', 0)
      .executeTakeFirst()
  const click = await find()
  if (click) return click
  // The click may still wait in this process's buffer (up to one flush interval).
  const traffic = runningLinkTraffic(murmur)
  if (!traffic) return undefined
  await traffic.flush()
  return find()
}

/**
 * Records a lead or a sale and fixes which clicks it is attributed to: the
 * click it names, the same visitor's other clicks that day, and the clicks of
 * the customer's earlier conversions, within MAX_LOOKBACK_DAYS.
 */
export async function recordConversion(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: ConversionInput,
): Promise<Conversion> {
  checkInput(murmur, input)
  const now = murmur.now()
  const occurredAt = input.occurred_at ?? now
  const candidates: Array<{ clickId: string; linkId: string; at: number }> = []

  if (input.click_id) {
    const click = await findClick(murmur, scope, input.click_id)
    if (!click)
      throw fail(
        'click_id',
        `Unknown click id "${input.click_id.slice(0, 40)}". Send the mm= value Murmur added to the link.`,
      )
    candidates.push({ clickId: click.id, linkId: click.link_id, at: click.at })
    // Visitor ids change every UTC day, so the same visitor's other clicks are on the click's day.
    const day = startOfUtcDay(click.at)
    const sameVisitor = await scope
      .selectFrom('clicks')
      .select(['id', 'link_id', 'at'])
      .where('at', '>=', day)
      .where('at', '<', day + DAY_MS)
      .where('visitor_id', '=', click.visitor_id)
      .where('is_bot', '=', 0)
      .limit(200)
      .execute()
    for (const row of sameVisitor)
      candidates.push({ clickId: row.id, linkId: row.link_id, at: row.at })
  }
  if (input.customer_id) {
    const earlier = await scope
      .selectFrom('conversion_touchpoints')
      .innerJoin('conversions', 'conversions.id', 'conversion_touchpoints.conversion_id')
      .select([
        'conversion_touchpoints.click_id',
        'conversion_touchpoints.link_id',
        'conversion_touchpoints.at',
      ])
      .where('conversions.workspace_id', '=', scope.workspaceId)
      .where('conversions.customer_id', '=', input.customer_id)
      .limit(500)
      .execute()
    for (const row of earlier)
      candidates.push({ clickId: row.click_id, linkId: row.link_id, at: row.at })
  }
  const touchpoints = touchpointsFor(candidates, occurredAt, MAX_LOOKBACK_DAYS * DAY_MS)

  const conversion: Omit<ConversionsTable, 'workspace_id'> = {
    id: newId('cnv', now),
    kind: input.kind,
    event_name: input.event_name?.trim().slice(0, 100) || null,
    amount: input.kind === 'sale' ? (input.amount ?? 0) : null,
    currency: input.kind === 'sale' ? (input.currency ?? null) : null,
    click_id: input.click_id ?? null,
    customer_id: input.customer_id?.slice(0, 200) ?? null,
    external_id: input.external_id?.slice(0, 200) ?? null,
    source: input.source,
    occurred_at: occurredAt,
    created_at: now,
  }
  const duplicate = (id: string | undefined) =>
    conflict(
      `This ${conversion.kind} (external_id "${conversion.external_id}") is already recorded.`,
      { conversion_id: id ?? null },
    )
  try {
    await scope.transaction(async (tx) => {
      if (conversion.external_id) {
        const twin = await tx
          .selectFrom('conversions')
          .select('id')
          .where('kind', '=', conversion.kind)
          .where('external_id', '=', conversion.external_id)
          .executeTakeFirst()
        if (twin) throw duplicate(twin.id)
      }
      await tx.insertInto('conversions', conversion).execute()
      if (touchpoints.length > 0) {
        await tx
          .insertInto(
            'conversion_touchpoints',
            touchpoints.map((t) => ({
              conversion_id: conversion.id,
              click_id: t.clickId,
              link_id: t.linkId,
              at: t.at,
            })),
          )
          .execute()
      }
      await queueWebhookEvent(
        tx,
        'conversion.created',
        await conversionEvent(tx, conversion, touchpoints),
        now,
      )
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(undefined) // a twin arrived at the same moment
    throw error
  }
  return {
    ...conversion,
    touchpoints: touchpoints.map((t) => ({ click_id: t.clickId, link_id: t.linkId, at: t.at })),
  }
}

/**
 * The `conversion.created` webhook's data: the conversion and a summary of its attribution (the
 * clicks it is credited to, oldest first, and the links they went through).
 */
async function conversionEvent(
  scope: WorkspaceScope,
  conversion: Omit<ConversionsTable, 'workspace_id'>,
  touchpoints: Array<{ clickId: string; linkId: string; at: number }>,
): Promise<Record<string, unknown>> {
  const linkIds = [...new Set(touchpoints.map((t) => t.linkId))]
  const links = linkIds.length
    ? await scope
        .selectFrom('links')
        .select(['id', 'domain', 'code', 'destination', 'campaign', 'delivery_id'])
        .where('id', 'in', linkIds)
        .execute()
    : []
  const linkOf = new Map(links.map((link) => [link.id, link]))
  const touch = (point: (typeof touchpoints)[number] | undefined) =>
    point
      ? {
          click_id: point.clickId,
          link_id: point.linkId,
          campaign: linkOf.get(point.linkId)?.campaign ?? null,
          delivery_id: linkOf.get(point.linkId)?.delivery_id ?? null,
          clicked_at: new Date(point.at).toISOString(),
        }
      : null
  return {
    conversion_id: conversion.id,
    type: conversion.kind,
    event_name: conversion.event_name,
    amount: conversion.amount,
    currency: conversion.currency,
    click_id: conversion.click_id,
    customer_id: conversion.customer_id,
    external_id: conversion.external_id,
    source: conversion.source,
    occurred_at: new Date(conversion.occurred_at).toISOString(),
    attribution: {
      touchpoints: touchpoints.length,
      first_touch: touch(touchpoints[0]),
      last_touch: touch(touchpoints.at(-1)),
      links: linkIds.map((id) => {
        const link = linkOf.get(id)
        return {
          link_id: id,
          short_code: link?.code ?? null,
          destination: link?.destination ?? null,
          campaign: link?.campaign ?? null,
          delivery_id: link?.delivery_id ?? null,
          clicks: touchpoints.filter((t) => t.linkId === id).length,
        }
      }),
    },
  }
}

export async function listConversions(
  scope: WorkspaceScope,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ data: Omit<Conversion, 'touchpoints'>[]; next_cursor: string | null }> {
  let query = scope
    .selectFrom('conversions')
    .select([
      'id',
      'kind',
      'event_name',
      'amount',
      'currency',
      'click_id',
      'customer_id',
      'external_id',
      'occurred_at',
      'created_at',
    ])
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
  if (page.cursor) query = query.where('id', '<', page.cursor)
  const rows = await query.execute()
  const data = rows.slice(0, page.limit)
  return { data, next_cursor: rows.length > page.limit ? (data.at(-1)?.id ?? null) : null }
}

export interface AttributionRow {
  /** A link id, a campaign name or a delivery id, depending on `group_by`; null for none. */
  key: string | null
  leads: number
  sales: number
  /** Credited revenue per currency, in minor units (rounded). */
  revenue: Record<string, number>
}

/**
 * Leads, sales and revenue in a period, credited to links (or their campaign
 * or delivery) with the chosen model over each conversion's touchpoints in the
 * lookback window. Conversions without a touchpoint there are `unattributed`.
 */
export async function attributionReport(
  scope: WorkspaceScope,
  query: {
    from: number
    to: number
    model: AttributionModel
    lookbackDays?: number | undefined
    groupBy: 'link' | 'campaign' | 'delivery'
  },
): Promise<{ rows: AttributionRow[]; unattributed: Omit<AttributionRow, 'key'> }> {
  const lookbackMs =
    Math.min(query.lookbackDays ?? DEFAULT_LOOKBACK_DAYS, MAX_LOOKBACK_DAYS) * DAY_MS
  const conversions = await scope
    .selectFrom('conversions')
    .select(['id', 'kind', 'amount', 'currency', 'occurred_at'])
    .where('occurred_at', '>=', query.from)
    .where('occurred_at', '<', query.to)
    .execute()
  const touches = conversions.length
    ? await scope
        .selectFrom('conversion_touchpoints')
        .innerJoin('links', 'links.id', 'conversion_touchpoints.link_id')
        .select([
          'conversion_touchpoints.conversion_id',
          'conversion_touchpoints.click_id',
          'conversion_touchpoints.link_id',
          'conversion_touchpoints.at',
          'links.campaign',
          'links.delivery_id',
        ])
        .where('links.workspace_id', '=', scope.workspaceId)
        .where('conversion_touchpoints.at', '>=', query.from - lookbackMs)
        .where('conversion_touchpoints.at', '<', query.to)
        .execute()
    : []
  const byConversion = new Map<string, typeof touches>()
  for (const touch of touches) {
    const list = byConversion.get(touch.conversion_id) ?? []
    list.push(touch)
    byConversion.set(touch.conversion_id, list)
  }
  const rows = new Map<string | null, AttributionRow>()
  const unattributed = { leads: 0, sales: 0, revenue: {} as Record<string, number> }
  const credit = (
    target: Omit<AttributionRow, 'key'>,
    kind: string,
    share: number,
    amount: number | null,
    currency: string | null,
  ) => {
    if (share === 0) return
    if (kind === 'lead') target.leads += share
    else {
      target.sales += share
      if (currency && amount !== null)
        target.revenue[currency] = (target.revenue[currency] ?? 0) + amount * share
    }
  }
  for (const conversion of conversions) {
    const candidates = (byConversion.get(conversion.id) ?? []).map((t) => ({
      ...t,
      clickId: t.click_id,
    }))
    const points = touchpointsFor(candidates, conversion.occurred_at, lookbackMs)
    const credits = attributionCredits(
      points.map((p) => p.at),
      conversion.occurred_at,
      query.model,
    )
    if (points.length === 0)
      credit(unattributed, conversion.kind, 1, conversion.amount, conversion.currency)
    points.forEach((point, i) => {
      const share = credits[i] ?? 0
      if (share === 0) return
      const key =
        query.groupBy === 'link'
          ? point.link_id
          : query.groupBy === 'campaign'
            ? point.campaign
            : point.delivery_id
      let row = rows.get(key)
      if (!row) {
        row = { key, leads: 0, sales: 0, revenue: {} }
        rows.set(key, row)
      }
      credit(row, conversion.kind, share, conversion.amount, conversion.currency)
    })
  }
  const round = (row: Omit<AttributionRow, 'key'>) => {
    row.leads = Math.round(row.leads * 1000) / 1000
    row.sales = Math.round(row.sales * 1000) / 1000
    for (const currency of Object.keys(row.revenue))
      row.revenue[currency] = Math.round(row.revenue[currency] ?? 0)
  }
  for (const row of rows.values()) round(row)
  round(unattributed)
  return {
    rows: [...rows.values()].sort((a, b) => b.sales - a.sales || b.leads - a.leads),
    unattributed,
  }
}
