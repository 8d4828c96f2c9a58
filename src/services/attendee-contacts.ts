import { applyStageChange, ruleStage } from '../engagement/stages.js'
import type { Murmur } from '../murmur.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { createContact, normalizeTags } from './contacts.js'

/**
 * The seam between events and contacts: an attendee becomes a contact (or the contact with the
 * same email), moved forward to `lead` with the event named as the reason. Rules only move
 * contacts forward, so a customer who joins an event stays a customer.
 */
export async function attendeeToContact(
  murmur: Murmur,
  scope: WorkspaceScope,
  attendee: { name: string; email: string },
  event: { title: string; slug: string },
): Promise<string> {
  const email = attendee.email.trim().toLowerCase()
  const tag = normalizeTags([`event:${event.slug}`.slice(0, 40)])
  const existing = await scope
    .selectFrom('contacts')
    .select(['id', 'stage', 'tags'])
    .where('email', '=', email)
    .orderBy('created_at')
    .executeTakeFirst()
  const contact =
    existing ??
    (await createContact(murmur, scope, {
      display_name: attendee.name,
      email,
      tags: tag,
      actorId: null,
    }))
  const now = murmur.now()
  if (existing) {
    const tags = normalizeTags([...(JSON.parse(existing.tags) as string[]), ...tag])
    await scope
      .updateTable('contacts')
      .set({ tags: JSON.stringify(tags), last_seen_at: now, updated_at: now })
      .where('id', '=', existing.id)
      .execute()
  }
  const target = ruleStage(contact.stage, 'lead_conversion')
  if (target) {
    await scope.transaction((trx) =>
      applyStageChange(trx, {
        contactId: contact.id,
        from: contact.stage,
        to: target,
        source: 'rule',
        reason: `Joined the event "${event.title}"`.slice(0, 500),
        at: now,
      }),
    )
  }
  return contact.id
}
