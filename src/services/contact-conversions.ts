import { invalid } from '../core/errors.js'
import { addPoints, POINTS } from '../engagement/score.js'
import { applyStageChange, ruleStage } from '../engagement/stages.js'
import type { Murmur } from '../murmur.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { getContact } from './contacts.js'

/** What the contact rules need of a conversion (src/services/conversions.ts returns more). */
export interface ConversionRef {
  id: string
  kind: 'lead' | 'sale'
  customer_id: string | null
  amount?: number | null
  currency?: string | null
  occurred_at: number
}

const money = (amount: number, currency: string) => `${(amount / 100).toFixed(2)} ${currency}`

function describe(conversion: ConversionRef): string {
  if (conversion.kind === 'sale') {
    const value =
      conversion.amount != null && conversion.currency
        ? ` of ${money(conversion.amount, conversion.currency)}`
        : ''
    return `A sale${value} was reported (conversion ${conversion.id})`
  }
  return `A lead was reported (conversion ${conversion.id})`
}

/**
 * Ties a conversion to a contact and applies the rules: a sale makes a customer, a lead a lead
 * (never moving anyone back), with the history saying which conversion did it. Idempotent:
 * a conversion already tied changes nothing.
 */
export async function tieConversion(
  murmur: Murmur,
  scope: WorkspaceScope,
  contactId: string,
  conversion: ConversionRef,
): Promise<boolean> {
  return scope.transaction(async (trx) => {
    const tied = await trx
      .insertInto('contact_conversions', {
        contact_id: contactId,
        conversion_id: conversion.id,
        at: conversion.occurred_at,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'conversion_id']).doNothing())
      .executeTakeFirst()
    if (Number(tied.numInsertedOrUpdatedRows ?? 0) === 0) return false
    const contact = await trx
      .selectFrom('contacts')
      .select(['stage', 'score_points', 'score_at'])
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow()
    const score = addPoints(
      { points: contact.score_points, at: contact.score_at },
      conversion.kind === 'sale' ? POINTS.sale : POINTS.lead,
      conversion.occurred_at,
    )
    await trx
      .updateTable('contacts')
      .set({ score_points: score.points, score_at: score.at, updated_at: murmur.now() })
      .where('id', '=', contactId)
      .execute()
    const next = ruleStage(contact.stage, conversion.kind === 'sale' ? 'sale' : 'lead_conversion')
    if (next) {
      await applyStageChange(trx, {
        contactId,
        from: contact.stage,
        to: next,
        source: 'conversion',
        reason: describe(conversion),
        conversionId: conversion.id,
        at: murmur.now(),
      })
    }
    return true
  })
}

/**
 * The hook for the traffic area: call it after a conversion is recorded. The contact whose
 * `customer_id` (or email) is the conversion's `customer_id` is tied to it: a sale makes them a
 * customer, a lead a lead. Returns the contact's id, or null when no contact matches.
 */
export async function markCustomerFromConversion(
  murmur: Murmur,
  scope: WorkspaceScope,
  conversion: ConversionRef,
): Promise<string | null> {
  const customer = conversion.customer_id?.trim()
  if (!customer) return null
  const contact = await scope
    .selectFrom('contacts')
    .select('id')
    .where((eb) =>
      eb.or([eb('customer_id', '=', customer), eb('email', '=', customer.toLowerCase())]),
    )
    .orderBy('id')
    .executeTakeFirst()
  if (!contact) return null
  await tieConversion(murmur, scope, contact.id, conversion)
  return contact.id
}

/** Ties every recorded conversion whose customer id is this contact's customer id or email. */
export async function tieKnownConversions(
  murmur: Murmur,
  scope: WorkspaceScope,
  contactId: string,
): Promise<number> {
  const contact = await getContact(murmur, scope, contactId)
  const keys = [contact.customer_id, contact.email].filter((k): k is string => Boolean(k))
  if (keys.length === 0) return 0
  const conversions = await scope
    .selectFrom('conversions')
    .select(['id', 'kind', 'customer_id', 'amount', 'currency', 'occurred_at'])
    .where('customer_id', 'in', keys)
    .orderBy('occurred_at')
    .limit(1000)
    .execute()
  let tied = 0
  for (const conversion of conversions) {
    if (await tieConversion(murmur, scope, contactId, conversion)) tied += 1
  }
  return tied
}

/** Ties one conversion to a contact by hand (when the site did not send a customer id). */
export async function tieConversionById(
  murmur: Murmur,
  scope: WorkspaceScope,
  contactId: string,
  conversionId: string,
): Promise<void> {
  await getContact(murmur, scope, contactId)
  const conversion = await scope
    .selectFrom('conversions')
    .select(['id', 'kind', 'customer_id', 'amount', 'currency', 'occurred_at'])
    .where('id', '=', conversionId)
    .executeTakeFirst()
  if (!conversion) {
    throw invalid('No such conversion in this workspace.', [
      { path: 'conversion_id', message: 'Unknown conversion' },
    ])
  }
  const owner = await scope
    .selectFrom('contact_conversions')
    .select('contact_id')
    .where('conversion_id', '=', conversionId)
    .executeTakeFirst()
  if (owner && owner.contact_id !== contactId) {
    throw invalid('This conversion is already tied to another contact.', [
      { path: 'conversion_id', message: 'Tied to another contact' },
    ])
  }
  await tieConversion(murmur, scope, contactId, conversion)
}
