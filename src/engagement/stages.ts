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
}
