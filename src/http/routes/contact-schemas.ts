import { z } from '@hono/zod-openapi'
import type { TimelineItem } from '../../services/contact-timeline.js'
import type { Contact, ContactDetail } from '../../services/contacts.js'
import { iso, isoOrNull, PageQuery, Timestamp, WorkspaceParams } from '../schemas.js'
import {
  IntentSchema,
  MessageSchema,
  NetworkSchema,
  NoteSchema,
  presentNote,
  SentimentSchema,
  StageSchema,
} from './inbox-schemas.js'

const pathParam = (name: string, example: string) =>
  z
    .string()
    .max(64)
    .openapi({ param: { name, in: 'path' }, example })

export const ContactParams = WorkspaceParams.extend({
  contact_id: pathParam('contact_id', 'ct_01jb3k8x4r2m5n7p9q0s'),
})
export const ContactNoteParams = ContactParams.extend({
  note_id: pathParam('note_id', 'nt_01jb3k8x4r2m5n7p9q0s'),
})

export const IdentitySchema = z
  .object({
    id: z.string(),
    network: NetworkSchema,
    account_id: z
      .string()
      .nullable()
      .openapi({ description: "The network's id; null while known only by handle" }),
    handle: z.string(),
    display_name: z.string().nullable(),
    avatar_url: z.string().nullable(),
    created_at: Timestamp,
    last_seen_at: Timestamp.nullable(),
  })
  .openapi('Identity')

export const ContactSchema = z
  .object({
    id: z.string(),
    display_name: z.string(),
    first_name: z.string().nullable(),
    email: z.string().nullable(),
    customer_id: z
      .string()
      .nullable()
      .openapi({ description: 'Your id for the person, as sent with conversions' }),
    stage: StageSchema,
    stage_changed_at: Timestamp,
    tags: z.array(z.string()),
    engagement_score: z.number().openapi({
      description: 'Points (message 1, quote 2, lead 5, sale 10) halving every 30 days',
    }),
    message_count: z.number().int(),
    last_seen_at: Timestamp.nullable(),
    identities: z.array(IdentitySchema),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Contact')

export const StageChangeSchema = z
  .object({
    id: z.string(),
    from_stage: StageSchema.nullable(),
    to_stage: StageSchema,
    source: z.enum(['rule', 'manual', 'import', 'conversion', 'merge']),
    reason: z.string(),
    actor_id: z.string().nullable(),
    message_id: z.string().nullable(),
    conversion_id: z.string().nullable(),
    at: Timestamp,
  })
  .openapi('StageChange')

export const ContactDetailSchema = ContactSchema.extend({
  stage_history: z.array(StageChangeSchema),
  notes: z.array(NoteSchema),
}).openapi('ContactDetail')

export const ContactListQuery = PageQuery.extend({
  stage: StageSchema.optional(),
  tag: z.string().max(40).optional(),
  network: NetworkSchema.optional(),
  q: z.string().max(200).optional().openapi({ description: 'Part of a name, email or handle' }),
})

const Tags = z.array(z.string().max(40)).max(50)
const IdentityInput = z.strictObject({ network: NetworkSchema, handle: z.string().min(1).max(200) })

export const CreateContactBody = z
  .strictObject({
    display_name: z.string().trim().min(1, 'Required').max(200),
    first_name: z.string().max(100).nullable().optional(),
    email: z.string().trim().max(254).email('Enter a valid email address').nullable().optional(),
    customer_id: z.string().max(200).nullable().optional(),
    stage: StageSchema.optional(),
    tags: Tags.optional(),
    identities: z.array(IdentityInput).max(20).optional(),
  })
  .openapi('CreateContact', {
    example: {
      display_name: 'Anna Schmidt',
      first_name: 'Anna',
      email: 'anna@example.com',
      tags: ['wholesale'],
      identities: [{ network: 'bluesky', handle: 'anna.bsky.social' }],
    },
  })

export const UpdateContactBody = z
  .strictObject({
    display_name: z.string().trim().min(1).max(200).optional(),
    first_name: z.string().max(100).nullable().optional(),
    email: z.string().trim().max(254).email('Enter a valid email address').nullable().optional(),
    customer_id: z.string().max(200).nullable().optional(),
    tags: Tags.optional(),
  })
  .openapi('UpdateContact', { example: { tags: ['wholesale', 'vip'] } })

export const StageBody = z
  .strictObject({ stage: StageSchema, reason: z.string().max(500).optional() })
  .openapi('ChangeStage', {
    example: { stage: 'lead', reason: 'Asked for a catering quote by phone' },
  })

export const MergeBody = z
  .strictObject({
    contact_id: z.string().max(64).openapi({ description: 'The contact merged into this one' }),
  })
  .openapi('MergeContacts', { example: { contact_id: 'ct_01jb3k8x4r2m5n7p9q0t' } })

export const SplitBody = z
  .strictObject({ identity_ids: z.array(z.string().max(64)).min(1).max(20) })
  .openapi('SplitContact', { example: { identity_ids: ['cid_01jb3k8x4r2m5n7p9q0s'] } })

export const TieConversionBody = z
  .strictObject({ conversion_id: z.string().max(64) })
  .openapi('TieConversion', { example: { conversion_id: 'cnv_01jb3k8x4r2m5n7p9q0s' } })

export const ImportBody = z
  .strictObject({
    csv: z.string().min(1).openapi({
      description:
        'CSV text; first line names the columns: display_name, first_name, email, customer_id, stage, tags (separated by ;), and one column per network (bluesky, x, mastodon…) with handles',
    }),
  })
  .openapi('ImportContacts', {
    example: {
      csv: 'display_name,email,stage,bluesky\nAnna Schmidt,anna@example.com,lead,anna.bsky.social\n',
    },
  })

export const ImportReportSchema = z
  .object({
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
  })
  .openapi('ContactImportReport')

export const TimelineItemSchema = z
  .object({
    type: z.enum(['message', 'reply', 'stage', 'note', 'conversion', 'click']),
    id: z.string(),
    at: Timestamp,
    conversation_id: z.string().optional(),
    network: NetworkSchema.nullable().optional(),
    text: z.string().optional(),
    url: z.string().nullable().optional(),
    sentiment: SentimentSchema.nullable().optional(),
    intent: IntentSchema.nullable().optional(),
    from_stage: StageSchema.nullable().optional(),
    to_stage: StageSchema.optional(),
    reason: z.string().optional(),
    author_id: z.string().nullable().optional(),
    conversion_kind: z.enum(['lead', 'sale']).optional(),
    amount: z.number().int().nullable().optional(),
    currency: z.string().nullable().optional(),
    event_name: z.string().nullable().optional(),
    link_id: z.string().optional(),
  })
  .openapi('TimelineItem')

export const PipelineSchema = z
  .object({ stages: z.array(z.object({ stage: StageSchema, count: z.number().int() })) })
  .openapi('Pipeline')

export const ContactExportSchema = z
  .object({
    exported_at: Timestamp,
    contact: ContactDetailSchema,
    messages: z.array(MessageSchema),
    conversions: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('ContactExport')

export const ErasureSchema = z
  .object({ id: z.string(), erased_at: Timestamp, messages_anonymised: z.number().int() })
  .openapi('ContactErasure')

export const TimelineQuery = PageQuery

export function presentContact(contact: Contact) {
  return {
    ...contact,
    stage_changed_at: iso(contact.stage_changed_at),
    last_seen_at: isoOrNull(contact.last_seen_at),
    created_at: iso(contact.created_at),
    updated_at: iso(contact.updated_at),
    identities: contact.identities.map((i) => ({
      ...i,
      created_at: iso(i.created_at),
      last_seen_at: isoOrNull(i.last_seen_at),
    })),
  }
}

export function presentContactDetail(contact: ContactDetail) {
  return {
    ...presentContact(contact),
    stage_history: contact.stage_history.map((s) => ({
      ...s,
      source: s.source as 'rule' | 'manual' | 'import' | 'conversion' | 'merge',
      at: iso(s.at),
    })),
    notes: contact.notes.map(presentNote),
  }
}

export const presentTimelineItem = (item: TimelineItem) => ({ ...item, at: iso(item.at) })
