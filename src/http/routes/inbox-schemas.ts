import { z } from '@hono/zod-openapi'
import type { ChannelSyncResult } from '../../engagement/sync-channel.js'
import type { Label } from '../../engagement/understanding/understand.js'
import { NETWORK_IDS } from '../../networks/spec/index.js'
import type { Conversation, Message, Note } from '../../services/conversations.js'
import type { StoredIntentRule } from '../../services/intent-rules.js'
import type { SavedReply } from '../../services/saved-replies.js'
import { CONTACT_STAGES, INTENTS, SENTIMENTS } from '../../storage/tables/engagement.js'
import { iso, isoOrNull, PageQuery, Timestamp, WorkspaceParams } from '../schemas.js'

const pathParam = (name: string, example: string) =>
  z
    .string()
    .max(64)
    .openapi({ param: { name, in: 'path' }, example })

export const ConversationParams = WorkspaceParams.extend({
  conversation_id: pathParam('conversation_id', 'cv_01jb3k8x4r2m5n7p9q0s'),
})
export const ConversationNoteParams = ConversationParams.extend({
  note_id: pathParam('note_id', 'cn_01jb3k8x4r2m5n7p9q0s'),
})
export const SavedReplyParams = WorkspaceParams.extend({
  saved_reply_id: pathParam('saved_reply_id', 'sr_01jb3k8x4r2m5n7p9q0s'),
})
export const IntentRuleParams = WorkspaceParams.extend({
  intent_rule_id: pathParam('intent_rule_id', 'ir_01jb3k8x4r2m5n7p9q0s'),
})

export const NetworkSchema = z.enum(NETWORK_IDS).openapi('Network')
export const StageSchema = z.enum(CONTACT_STAGES).openapi('ContactStage')
export const IntentSchema = z.enum(INTENTS).openapi('Intent')
export const SentimentSchema = z.enum(SENTIMENTS).openapi('Sentiment')

export const LabelSchema = z
  .object({
    type: z.enum(['sentiment', 'intent']),
    value: z.string().openapi({ example: 'purchase' }),
    reason: z.string().openapi({
      example: 'Rule "Price" (purchase): the message says "how much"',
    }),
    rule_id: z.string().optional(),
    rule_name: z.string().optional(),
    matched: z.string().optional(),
  })
  .openapi('Label')

export const MessageSchema = z
  .object({
    id: z.string(),
    conversation_id: z.string(),
    direction: z.enum(['in', 'out']).openapi({ description: 'in: received; out: the business' }),
    kind: z.enum(['mention', 'reply', 'quote', 'comment', 'sent', 'logged']),
    channel_id: z.string().nullable(),
    network: NetworkSchema.nullable(),
    remote_id: z.string().nullable().openapi({ description: "The network's id of the message" }),
    url: z.string().nullable(),
    author: z
      .object({
        contact_id: z.string().nullable(),
        handle: z.string().nullable(),
        name: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: 'Who wrote it (received messages only)' }),
    text: z.string().openapi({ description: 'Empty when its author deleted it' }),
    in_reply_to: z.string().nullable(),
    quoted_id: z.string().nullable(),
    sentiment: SentimentSchema.nullable(),
    sentiment_score: z.number().nullable(),
    intent: IntentSchema.nullable(),
    priority: z.number().int(),
    labels: z.array(LabelSchema).openapi({ description: 'Every label given, and why' }),
    sent_by: z.string().nullable().openapi({ description: 'The member who sent or logged it' }),
    created_at: Timestamp,
    edited_at: Timestamp.nullable(),
    deleted_at: Timestamp.nullable(),
    liked_at: Timestamp.nullable().openapi({ description: 'When a member liked it from Murmur' }),
    liked_by: z.string().nullable().openapi({ description: 'The member who liked it' }),
  })
  .openapi('Message')

export const ConversationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['post', 'thread', 'logged']).openapi({
      description:
        "post: the business's post and what was said under it; thread: someone else's thread the business was mentioned in; logged: recorded by hand",
    }),
    channel_id: z.string().nullable(),
    network: NetworkSchema.nullable(),
    root_remote_id: z.string().nullable(),
    root_url: z.string().nullable(),
    post_id: z.string().nullable(),
    delivery_id: z.string().nullable(),
    status: z.enum(['open', 'done']),
    assignee_id: z.string().nullable(),
    intent: IntentSchema.nullable().openapi({
      description: 'The most urgent intent among the messages since it was last done',
    }),
    sentiment: SentimentSchema.nullable().openapi({ description: 'Of the latest message' }),
    priority: z.number().int().openapi({ description: 'Higher first (complaint 4, purchase 3…)' }),
    contact: z
      .object({
        id: z.string(),
        display_name: z.string(),
        stage: StageSchema,
        handle: z.string().nullable(),
        avatar_url: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: 'The author of the latest message received' }),
    last_message: MessageSchema.nullable(),
    last_activity_at: Timestamp,
    message_count: z.number().int(),
    unread: z.boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Conversation')

export const NoteSchema = z
  .object({
    id: z.string(),
    body: z.string(),
    author_id: z.string().nullable(),
    created_at: Timestamp,
  })
  .openapi('Note')

export const ConversationDetailSchema = ConversationSchema.extend({
  root_text: z
    .string()
    .nullable()
    .openapi({ description: "The business's post at the top, as published on this channel" }),
  messages: z.array(MessageSchema).openapi({ description: 'Oldest first, the first 200' }),
  more_messages: z.boolean().openapi({ description: 'More than 200: page through /messages' }),
  notes: z.array(NoteSchema),
  can_like: z
    .boolean()
    .openapi({ description: 'Its network lets Murmur like messages (POST …/like)' }),
}).openapi('ConversationDetail')

export const ConversationListQuery = PageQuery.extend({
  status: z.enum(['open', 'done', 'all']).default('open'),
  channel_id: z.string().max(64).optional(),
  assignee_id: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: 'A member id, "me", or "none" for unassigned' }),
  sentiment: SentimentSchema.optional(),
  intent: z.enum([...INTENTS, 'none']).optional(),
  stage: StageSchema.optional().openapi({ description: "The contact's stage" }),
  contact_id: z.string().max(64).optional(),
  sort: z.enum(['recent', 'priority']).default('recent'),
})

export const UpdateConversationBody = z
  .strictObject({
    status: z.enum(['open', 'done']).optional(),
    assignee_id: z.string().max(64).nullable().optional().openapi({
      description: 'A member id; null unassigns',
    }),
  })
  .openapi('UpdateConversation', { example: { status: 'done' } })

export const LogConversationBody = z
  .strictObject({
    contact_id: z.string().max(64),
    text: z.string().trim().min(1, 'Required').max(5000),
    occurred_at: z.string().datetime({ offset: true }).optional(),
  })
  .openapi('LogConversation', {
    example: {
      contact_id: 'ct_01jb3k8x4r2m5n7p9q0s',
      text: 'Called to ask how much the wedding cake costs',
    },
  })

export const ReplyBody = z
  .strictObject({
    text: z.string().max(5000).optional().openapi({
      description: 'May hold {first_name}, {name}, {handle}',
    }),
    saved_reply_id: z.string().max(64).optional(),
    message_id: z.string().max(64).optional().openapi({
      description: 'The message answered; by default the latest received',
    }),
    mark_done: z.boolean().default(false),
  })
  .openapi('Reply', { example: { text: 'Thanks {first_name}! A dozen is €18.', mark_done: true } })

export const LikeBody = z
  .strictObject({
    message_id: z.string().min(1).max(64).openapi({ description: 'The received message to like' }),
  })
  .openapi('Like', { example: { message_id: 'msg_06h1w5kcrcwk86sa8sk32ew2b6' } })

export const NoteBody = z
  .strictObject({ body: z.string().trim().min(1, 'Required').max(5000) })
  .openapi('NewNote', { example: { body: 'Regular on Saturdays; prefers rye.' } })

export const SyncBody = z
  .strictObject({
    channel_id: z.string().max(64).optional().openapi({ description: 'Only this channel' }),
  })
  .openapi('SyncNow', { example: { channel_id: 'ch_01jb3k8x4r2m5n7p9q0s' } })

export const SyncResultSchema = z
  .object({
    channel_id: z.string(),
    network: NetworkSchema,
    handle: z.string(),
    status: z.enum(['synced', 'more', 'waiting', 'failed', 'busy', 'skipped']),
    received: z.number().int(),
    pages: z.number().int(),
    edited: z.number().int(),
    deleted: z.number().int(),
    error: z.string().nullable(),
    retry_at: Timestamp.nullable(),
  })
  .openapi('ChannelSyncResult')

export const SyncStateSchema = z
  .object({
    channel_id: z.string(),
    network: NetworkSchema,
    handle: z.string(),
    channel_status: z.enum(['active', 'needs_reconnect']),
    last_success_at: Timestamp.nullable(),
    next_sync_at: Timestamp.nullable(),
    failures: z.number().int(),
    last_error: z.string().nullable(),
    items_received: z.number().int(),
    catching_up: z.boolean().openapi({ description: 'Older history is still being read' }),
  })
  .openapi('InboxSyncState')

export const CountsSchema = z
  .object({
    open: z.number().int(),
    unassigned: z.number().int(),
    by_intent: z.record(z.string(), z.number().int()),
    by_sentiment: z.record(z.string(), z.number().int()),
  })
  .openapi('InboxCounts')

export const SavedReplySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    body: z.string(),
    created_by: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('SavedReply')

export const CreateSavedReplyBody = z
  .strictObject({
    name: z.string().trim().min(1, 'Required').max(120),
    body: z.string().trim().min(1, 'Required').max(5000),
  })
  .openapi('CreateSavedReply', {
    example: {
      name: 'Opening hours',
      body: 'Hi {first_name}! We are open 7am–7pm, Tuesday to Sunday.',
    },
  })

export const UpdateSavedReplyBody = CreateSavedReplyBody.partial().openapi('UpdateSavedReply', {
  example: { body: 'Hi {first_name}! We are open 7am–8pm every day.' },
})

export const IntentRuleSchema = z
  .object({
    id: z.string(),
    intent: IntentSchema,
    name: z.string(),
    phrases: z.array(z.string()),
    enabled: z.boolean(),
    position: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('IntentRule')

const Phrases = z.array(z.string().max(200)).min(1).max(200).openapi({
  description:
    'Whole words in any case and without accents; a phrase starting or ending with a symbol matches anywhere; /…/ is a regular expression',
})

export const CreateIntentRuleBody = z
  .strictObject({
    intent: IntentSchema,
    name: z.string().trim().min(1, 'Required').max(120),
    phrases: Phrases,
    enabled: z.boolean().default(true),
    position: z.number().int().min(0).max(1_000_000).optional(),
  })
  .openapi('CreateIntentRule', {
    example: {
      intent: 'purchase',
      name: 'Wedding cakes',
      phrases: ['wedding cake', 'tiered cake'],
    },
  })

export const UpdateIntentRuleBody = z
  .strictObject({
    intent: IntentSchema.optional(),
    name: z.string().trim().min(1).max(120).optional(),
    phrases: Phrases.optional(),
    enabled: z.boolean().optional(),
    position: z.number().int().min(0).max(1_000_000).optional(),
  })
  .openapi('UpdateIntentRule', { example: { enabled: false } })

export const TryRulesBody = z
  .strictObject({ text: z.string().min(1).max(5000) })
  .openapi('TryIntentRules', { example: { text: 'How much is a dozen croissants?' } })

export const UnderstandingSchema = z
  .object({
    sentiment: SentimentSchema,
    sentiment_score: z.number(),
    intent: IntentSchema.nullable(),
    priority: z.number().int(),
    labels: z.array(LabelSchema),
  })
  .openapi('Understanding')

export const presentLabel = (label: Label) => label

export function presentMessage(message: Message) {
  return {
    ...message,
    created_at: iso(message.created_at),
    edited_at: isoOrNull(message.edited_at),
    deleted_at: isoOrNull(message.deleted_at),
    liked_at: isoOrNull(message.liked_at),
    liked_by: message.liked_by,
  }
}

export function presentConversation(conversation: Conversation) {
  return {
    ...conversation,
    last_message: conversation.last_message ? presentMessage(conversation.last_message) : null,
    last_activity_at: iso(conversation.last_activity_at),
    created_at: iso(conversation.created_at),
    updated_at: iso(conversation.updated_at),
  }
}

export const presentNote = (note: Note) => ({ ...note, created_at: iso(note.created_at) })

export const presentSavedReply = (reply: SavedReply) => ({
  ...reply,
  created_at: iso(reply.created_at),
  updated_at: iso(reply.updated_at),
})

export const presentRule = (rule: StoredIntentRule) => ({
  ...rule,
  created_at: iso(rule.created_at),
  updated_at: iso(rule.updated_at),
})

export const presentSyncResult = (result: ChannelSyncResult) => ({
  ...result,
  retry_at: isoOrNull(result.retry_at),
})
