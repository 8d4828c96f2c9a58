import { queueWebhookEvent } from '../services/webhooks.js'
import type { ContactStage } from '../storage/tables/engagement.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { orderedId } from './ordered-id.js'

/** How far along the relationship is; `lost` is set by people only and stands apart. */
const RANK: Record<ContactStage, number> = {
  lost: 0,
  audience: 1,
  engaged: 2,
  lead: 3,
  customer: 4,
}

export const furtherAlong = (a: ContactStage, b: ContactStage): ContactStage =>
  RANK[b] > RANK[a] ? b : a

/**
 * The automatic rules. A message makes an audience contact `engaged`; a purchase-intent message
 * makes anyone short of a customer a `lead` (a lost contact asking for a price is a lead again);
 * a sale makes a `customer`, a lead conversion a `lead`. Rules only move contacts forward.
 */
export function ruleStage(
  current: ContactStage,
  event: 'message' | 'purchase_intent' | 'lead_conversion' | 'sale',
): ContactStage | null {
  const target: ContactStage =
    event === 'message'
      ? 'engaged'
      : event === 'purchase_intent' || event === 'lead_conversion'
        ? 'lead'
        : 'customer'
  if (current === target) return null
  if (current === 'lost') return event === 'message' ? null : target
  return RANK[target] > RANK[current] ? target : null
}

export interface StageChange {
  contactId: string
  from: ContactStage | null
  to: ContactStage
  source: 'rule' | 'manual' | 'import' | 'conversion' | 'merge'
  reason: string
  actorId?: string | null
  messageId?: string | null
  conversionId?: string | null
  at: number
}

/**
 * Records a stage change: the contact, its history, and the copy of the stage on its
 * conversations (the inbox filters on it). Call inside the transaction that caused it.
 */
export async function applyStageChange(scope: WorkspaceScope, change: StageChange): Promise<void> {
  await scope
    .updateTable('contacts')
    .set({ stage: change.to, stage_changed_at: change.at, updated_at: change.at })
    .where('id', '=', change.contactId)
    .execute()
  await scope
    .insertInto('contact_stage_changes', {
      id: orderedId('sc', change.at),
      contact_id: change.contactId,
      from_stage: change.from,
      to_stage: change.to,
      source: change.source,
      reason: change.reason.slice(0, 500),
      actor_id: change.actorId ?? null,
      message_id: change.messageId ?? null,
      conversion_id: change.conversionId ?? null,
      at: change.at,
    })
    .execute()
  await scope
    .updateTable('conversations')
    .set({ contact_stage: change.to })
    .where('contact_id', '=', change.contactId)
    .execute()
  await queueStageEvents(scope, [change])
}

/** Stages whose arrival is a webhook event. */
const STAGE_EVENTS = { lead: 'contact.lead', customer: 'contact.customer' } as const

/**
 * Queues `contact.lead` / `contact.customer` for the changes that reach those stages, inside the
 * caller's transaction. A merge is not news: the person already had that stage on the other
 * record, and the event was sent then.
 */
export async function queueStageEvents(
  scope: WorkspaceScope,
  changes: readonly StageChange[],
): Promise<void> {
  const news = changes.filter(
    (change) =>
      (change.to === 'lead' || change.to === 'customer') &&
      change.from !== change.to &&
      change.source !== 'merge',
  )
  if (news.length === 0) return
  const contacts = await scope
    .selectFrom('contacts')
    .select(['id', 'display_name', 'email', 'customer_id'])
    .where('id', 'in', [...new Set(news.map((change) => change.contactId))])
    .execute()
  const byId = new Map(contacts.map((contact) => [contact.id, contact]))
  for (const change of news) {
    const contact = byId.get(change.contactId)
    await queueWebhookEvent(
      scope,
      STAGE_EVENTS[change.to as keyof typeof STAGE_EVENTS],
      {
        contact_id: change.contactId,
        display_name: contact?.display_name ?? null,
        email: contact?.email ?? null,
        customer_id: contact?.customer_id ?? null,
        from_stage: change.from,
        to_stage: change.to,
        source: change.source,
        reason: change.reason,
        message_id: change.messageId ?? null,
        conversion_id: change.conversionId ?? null,
        changed_by: change.actorId ?? null,
        changed_at: new Date(change.at).toISOString(),
      },
      change.at,
    )
  }
}
