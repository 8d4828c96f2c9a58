import { z } from '@hono/zod-openapi'
import { NETWORK_IDS } from '../../networks/spec/index.js'
import { connectionNotice } from '../../services/channel-connection.js'
import type { Channel } from '../../services/channels.js'
import type { Media } from '../../services/media.js'
import type { When } from '../../services/post-schedule.js'
import type { DeliveryView, PostView } from '../../services/post-views.js'
import { WEEKDAY_NAMES } from '../../services/slots.js'
import { iso, isoOrNull, Timestamp, WorkspaceParams } from '../schemas.js'

/** Schemas of the Publish area: channels, slots, media, posts and their deliveries. */

const id = (name: string, example: string) =>
  z
    .string()
    .max(64)
    .openapi({ param: { name, in: 'path' }, example })

export const ChannelParams = WorkspaceParams.extend({
  channel_id: id('channel_id', 'ch_01jb3k8x4r2m5n7p9q0s1t2v3w'),
})
export const MediaParams = WorkspaceParams.extend({
  media_id: id('media_id', 'med_01jb3k8x4r2m5n7p9q0s1t2v3w'),
})
export const PostParams = WorkspaceParams.extend({
  post_id: id('post_id', 'post_01jb3k8x4r2m5n7p9q0s1t2v3w'),
})
export const DeliveryParams = PostParams.extend({
  delivery_id: id('delivery_id', 'dlv_01jb3k8x4r2m5n7p9q0s1t2v3w'),
})

export const IsoTime = z.iso
  .datetime({
    offset: true,
    message: 'Use an ISO 8601 time with its offset, such as 2026-12-01T09:30:00+01:00',
  })
  .openapi({ example: '2026-12-01T09:30:00+01:00' })

export const NetworkSchema = z.enum(NETWORK_IDS).openapi('Network')

// ---------------------------------------------------------------- channels

export const ChannelSchema = z
  .object({
    id: z.string().openapi({ example: 'ch_01jb3k8x4r2m5n7p9q0s1t2v3w' }),
    network: NetworkSchema,
    account_id: z
      .string()
      .openapi({ description: "The network's id of the account (a DID on Bluesky)" }),
    handle: z.string().openapi({ example: 'cornerbakery.bsky.social' }),
    display_name: z.string(),
    avatar_url: z.string().nullable(),
    service_url: z.string().nullable().openapi({ example: 'https://bsky.social' }),
    status: z.enum(['active', 'needs_reconnect']),
    status_reason: z.string().nullable().openapi({
      description: 'Why it needs reconnecting, in the network’s words (show it in the banner)',
    }),
    status_changed_at: Timestamp.nullable(),
    reconnect_by: Timestamp.nullable().openapi({
      description:
        'When the connection ends and Murmur cannot renew it (LinkedIn: 60 days after connecting); null when Murmur keeps it alive',
    }),
    reconnect_soon: z.boolean().openapi({
      description: 'True from 7 days before `reconnect_by`: show a "reconnect soon" notice',
    }),
    reconnect_message: z.string().nullable().openapi({
      description: 'The notice for the owner while `reconnect_soon` is true',
    }),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Channel')

/** `now` decides the "reconnect soon" notice (LinkedIn from day 53). */
export const presentChannel = (channel: Channel, now: number) => ({
  ...channel,
  ...connectionNotice(channel, now),
  reconnect_by: isoOrNull(channel.reconnect_by),
  status_changed_at: isoOrNull(channel.status_changed_at),
  created_at: iso(channel.created_at),
  updated_at: iso(channel.updated_at),
})

const Handle = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(253)
  .openapi({ example: 'cornerbakery.bsky.social' })
const AppPassword = z.string().min(1, 'Required').max(200).openapi({
  description:
    'An app password (xxxx-xxxx-xxxx-xxxx) created in Bluesky › Settings › Privacy and security › App passwords. Never the account password.',
  example: 'abcd-efgh-ijkl-mnop',
})
const ServiceUrl = z
  .url({ protocol: /^https?$/, message: 'Use an http(s) address, e.g. https://bsky.social' })
  .max(2048)
  .openapi({
    description: 'The account’s own PDS, if it is not on bsky.social',
    example: 'https://bsky.social',
  })

export const ConnectBlueskyBody = z
  .strictObject({
    handle: Handle.openapi({ description: 'Handle (or the account’s email)' }),
    app_password: AppPassword,
    service_url: ServiceUrl.optional(),
  })
  .openapi('ConnectBluesky', {
    example: { handle: 'cornerbakery.bsky.social', app_password: 'abcd-efgh-ijkl-mnop' },
  })

export const ReconnectBody = z
  .strictObject({
    app_password: AppPassword,
    handle: Handle.optional(),
    service_url: ServiceUrl.optional(),
  })
  .openapi('ReconnectChannel', { example: { app_password: 'abcd-efgh-ijkl-mnop' } })

// ---------------------------------------------------------------- slots

const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, e.g. 09:30')
  .openapi({ example: '09:30' })
const Weekday = z.enum(WEEKDAY_NAMES).openapi({ example: 'mon' })

export const SlotSchema = z
  .object({
    id: z.string(),
    channel_id: z.string(),
    weekday: Weekday,
    time: TimeOfDay.openapi({ description: 'Local time in the workspace’s time zone' }),
  })
  .openapi('Slot')

export const SlotListSchema = z
  .object({
    time_zone: z.string().openapi({ example: 'Europe/Paris' }),
    data: z.array(SlotSchema),
    next_free: z.array(Timestamp).openapi({
      description: 'The next free slots from now (what "add to queue" would take first)',
    }),
  })
  .openapi('SlotList')

export const ReplaceSlotsBody = z
  .strictObject({
    slots: z
      .array(z.strictObject({ weekday: Weekday, time: TimeOfDay }))
      .max(200, 'At most 200 slots per channel'),
  })
  .openapi('ReplaceSlots', {
    example: {
      slots: [
        { weekday: 'mon', time: '09:30' },
        { weekday: 'wed', time: '09:30' },
        { weekday: 'fri', time: '09:30' },
      ],
    },
  })

// ---------------------------------------------------------------- media

export const MediaSchema = z
  .object({
    id: z.string().openapi({ example: 'med_01jb3k8x4r2m5n7p9q0s1t2v3w' }),
    mime_type: z.string().openapi({ example: 'image/jpeg' }),
    size_bytes: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    alt_text: z.string(),
    file_name: z.string().nullable(),
    sha256: z.string(),
    url: z.string().openapi({ description: 'The file itself (same-origin, needs the session)' }),
    thumbnail_url: z.string().nullable().openapi({ description: '400 px WebP preview (images)' }),
    created_at: Timestamp,
  })
  .openapi('Media')

export const presentMedia = (workspaceId: string, media: Media) => {
  const base = `/api/v1/workspaces/${workspaceId}/media/${media.id}`
  return {
    id: media.id,
    mime_type: media.mime_type,
    size_bytes: media.size_bytes,
    width: media.width,
    height: media.height,
    alt_text: media.alt_text,
    file_name: media.file_name,
    sha256: media.sha256,
    url: `${base}/content`,
    thumbnail_url: media.has_thumbnail ? `${base}/thumbnail` : null,
    created_at: iso(media.created_at),
  }
}

const AltText = z.string().max(2000, 'At most 2,000 characters')

export const UploadMediaJsonBody = z
  .strictObject({
    data_base64: z
      .string()
      .min(1, 'Required')
      .openapi({ description: 'The file, base64-encoded (standard or URL-safe alphabet)' }),
    file_name: z.string().max(255).optional(),
    alt_text: AltText.optional(),
  })
  .openapi('UploadMediaJson', {
    example: {
      // A 1×1 PNG.
      data_base64:
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      file_name: 'croissant.png',
      alt_text: 'A golden croissant on a marble counter',
    },
  })

export const UploadMediaFormBody = z
  .object({
    file: z.any().openapi({ type: 'string', format: 'binary' }),
    alt_text: AltText.optional(),
  })
  .openapi('UploadMediaForm')

export const UpdateMediaBody = z
  .strictObject({ alt_text: AltText })
  .openapi('UpdateMedia', { example: { alt_text: 'A golden croissant on a marble counter' } })

// ---------------------------------------------------------------- posts

const MediaRefSchema = z
  .strictObject({
    media_id: z.string().max(64).openapi({ example: 'med_01jb3k8x4r2m5n7p9q0s1t2v3w' }),
    alt_text: AltText.nullable()
      .optional()
      .openapi({ description: 'Alt text for this post only; absent or null: the media’s own' }),
  })
  .openapi('MediaRef')

export const PostContentSchema = z
  .strictObject({
    parts: z
      .array(
        z.strictObject({
          text: z.string().max(20_000, 'At most 20,000 characters'),
          media: z.array(MediaRefSchema).max(10, 'At most 10 media per part').default([]),
        }),
      )
      .min(1, 'A post needs at least one part')
      .max(50, 'At most 50 parts'),
    first_comment: z.string().max(20_000).nullable().optional(),
  })
  .openapi('PostContent', {
    description:
      'One part is a plain post; several make a thread (each answers the previous). The first comment is published right after, as the account’s own answer.',
  })

const ChannelChoiceSchema = z
  .strictObject({
    channel_id: z.string().max(64).openapi({ example: 'ch_01jb3k8x4r2m5n7p9q0s1t2v3w' }),
    content: PostContentSchema.nullable().optional().openapi({
      description:
        'This channel’s own version (replaces the shared content entirely). null: use the shared content. Absent on update: keep as is.',
    }),
  })
  .openapi('ChannelChoice')

export const WhenSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('at'), at: IsoTime }),
    z.strictObject({ type: z.literal('queue') }),
    z.strictObject({ type: z.literal('now') }),
  ])
  .openapi('When', {
    description:
      '`at`: that instant (refused in the past). `queue`: each channel’s next free slot. `now`: publish right away.',
    example: { type: 'at', at: '2026-12-01T09:30:00+01:00' },
  })

export const toWhen = (when: z.infer<typeof WhenSchema>): When =>
  when.type === 'at' ? { type: 'at', at: Date.parse(when.at) } : when

const Labels = z.array(z.string().trim().min(1).max(60)).max(50)
const Campaign = z.string().trim().max(120).nullable()

const EXAMPLE_CONTENT = {
  parts: [{ text: 'Fresh croissants until noon 🥐 #bakery', media: [] }],
  first_comment: null,
}

export const CreatePostBody = z
  .strictObject({
    content: PostContentSchema,
    channels: z.array(ChannelChoiceSchema).max(50),
    labels: Labels.optional(),
    campaign: Campaign.optional(),
    schedule: WhenSchema.optional().openapi({
      description: 'Absent: the post is saved as a draft',
    }),
  })
  .openapi('CreatePost', {
    example: {
      content: EXAMPLE_CONTENT,
      channels: [{ channel_id: 'ch_01jb3k8x4r2m5n7p9q0s1t2v3w' }],
      labels: ['bakery'],
      schedule: { type: 'at', at: '2026-12-01T09:30:00+01:00' },
    },
  })

export const ValidatePostBody = z
  .strictObject({
    content: PostContentSchema,
    channels: z.array(ChannelChoiceSchema).min(1, 'Choose at least one channel').max(50),
  })
  .openapi('ValidatePost', {
    example: {
      content: EXAMPLE_CONTENT,
      channels: [{ channel_id: 'ch_01jb3k8x4r2m5n7p9q0s1t2v3w' }],
    },
  })

export const UpdatePostBody = z
  .strictObject({
    content: PostContentSchema.optional(),
    channels: z.array(ChannelChoiceSchema).max(50).optional().openapi({
      description:
        'The full set of channels: missing ones are removed (if not yet published), new ones are added as drafts',
    }),
    labels: Labels.optional(),
    campaign: Campaign.optional(),
  })
  .openapi('UpdatePost', { example: { labels: ['bakery', 'weekend'] } })

const DeliveryIds = z
  .array(z.string().max(64))
  .max(50)
  .optional()
  .openapi({ description: 'Only these deliveries (channels) of the post; default: all that can' })

export const SchedulePostBody = z
  .strictObject({ when: WhenSchema, delivery_ids: DeliveryIds })
  .openapi('SchedulePost', {
    example: { when: { type: 'at', at: '2026-12-01T09:30:00+01:00' } },
  })

export const UnschedulePostBody = z
  .strictObject({ delivery_ids: DeliveryIds })
  .openapi('UnschedulePost', { example: { delivery_ids: ['dlv_01jb3k8x4r2m5n7p9q0s1t2v3w'] } })

export const ConfirmDeliveryBody = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional()
      .openapi({ description: 'Where you found the post, if Murmur does not know its address' }),
  })
  .openapi('ConfirmDelivery', {
    example: { url: 'https://bsky.app/profile/cornerbakery.bsky.social/post/3k2a' },
  })

export const ProblemSchema = z
  .object({
    severity: z.enum(['error', 'warning']),
    code: z.string().openapi({ example: 'text_too_long' }),
    message: z
      .string()
      .openapi({ example: 'Bluesky @cornerbakery.bsky.social: text is 312 / 300 characters' }),
    part: z.number().int().optional(),
    media: z.number().int().optional(),
    firstComment: z.boolean().optional(),
  })
  .openapi('Problem')

export const ChannelCheckSchema = z
  .object({
    channel_id: z.string(),
    network: NetworkSchema,
    channel: z.string().openapi({ example: 'Bluesky @cornerbakery.bsky.social' }),
    ok: z.boolean().openapi({ description: 'No errors: it can be scheduled' }),
    problems: z.array(ProblemSchema),
    counters: z.array(
      z.object({
        part: z.number().int().nullable(),
        first_comment: z.boolean(),
        length: z.number().int(),
        max: z.number().int(),
        counted_as: z.string().openapi({ example: 'graphemes' }),
      }),
    ),
  })
  .openapi('ChannelCheck')

export const ValidationSchema = z
  .object({ ok: z.boolean(), channels: z.array(ChannelCheckSchema) })
  .openapi('PostValidation')

const PublishedPostSchema = z.object({
  id: z.string().openapi({ example: 'at://did:plc:abc/app.bsky.feed.post/3k2a' }),
  url: z
    .string()
    .openapi({ example: 'https://bsky.app/profile/cornerbakery.bsky.social/post/3k2a' }),
})

const DeliveryStateSchema = z
  .enum([
    'draft',
    'needs_approval',
    'scheduled',
    'publishing',
    'published',
    'failed',
    'unconfirmed',
  ])
  .openapi('DeliveryState')

export const DeliverySchema = z
  .object({
    id: z.string().openapi({ example: 'dlv_01jb3k8x4r2m5n7p9q0s1t2v3w' }),
    channel_id: z.string(),
    network: NetworkSchema,
    content: PostContentSchema.nullable().openapi({
      description: 'This channel’s own version, or null when it publishes the shared content',
    }),
    state: DeliveryStateSchema,
    scheduled_at: Timestamp.nullable(),
    via_queue: z.boolean(),
    next_attempt_at: Timestamp.nullable().openapi({
      description:
        'While scheduled: when the scheduler takes it (later than scheduled_at while retrying)',
    }),
    attempts: z.number().int(),
    error: z
      .object({
        kind: z.string().nullable().openapi({
          description:
            'retryable, auth_expired, content_rejected, outcome_unknown, invalid, missed, interrupted, manual or internal',
        }),
        message: z.string().openapi({ description: 'Plain words, with what to do next' }),
      })
      .nullable(),
    url: z.string().nullable().openapi({ description: 'The published post (first part)' }),
    remote: z.object({
      parts: z.array(PublishedPostSchema),
      first_comment: PublishedPostSchema.nullable(),
      unconfirmed: PublishedPostSchema.nullable().openapi({
        description: 'The part whose answer was lost: check this address',
      }),
    }),
    warnings: z.array(ProblemSchema),
    late_ms: z.number().int().nullable().openapi({
      description:
        'It went out this much later than planned (no scheduler was running, or the queue was busy); null when on time',
    }),
    started_at: Timestamp.nullable(),
    published_at: Timestamp.nullable(),
    updated_at: Timestamp,
  })
  .openapi('Delivery')

export const PostSchema = z
  .object({
    id: z.string().openapi({ example: 'post_01jb3k8x4r2m5n7p9q0s1t2v3w' }),
    content: PostContentSchema,
    labels: z.array(z.string()),
    campaign: z.string().nullable(),
    state: DeliveryStateSchema.openapi({
      description:
        'The most pressing state of its deliveries: unconfirmed, failed, publishing, needs_approval, scheduled, draft, then published',
    }),
    deliveries: z.array(DeliverySchema),
    created_by: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Post')

export const PostWithChecksSchema = PostSchema.extend({
  checks: z.array(ChannelCheckSchema).openapi({
    description: 'Each channel’s problems and counters for the content as it stands',
  }),
}).openapi('PostWithChecks')

export const presentDelivery = (delivery: DeliveryView) => ({
  id: delivery.id,
  channel_id: delivery.channel_id,
  network: delivery.network,
  content: delivery.content,
  state: delivery.state,
  scheduled_at: isoOrNull(delivery.scheduled_at),
  via_queue: delivery.via_queue,
  next_attempt_at: isoOrNull(delivery.next_attempt_at),
  attempts: delivery.attempts,
  error: delivery.error,
  url: delivery.url,
  remote: delivery.remote,
  warnings: delivery.warnings,
  late_ms: delivery.late_ms,
  started_at: isoOrNull(delivery.started_at),
  published_at: isoOrNull(delivery.published_at),
  updated_at: iso(delivery.updated_at),
})

export const presentPost = (post: PostView) => ({
  id: post.id,
  content: post.content,
  labels: post.labels,
  campaign: post.campaign,
  state: post.state,
  deliveries: post.deliveries.map(presentDelivery),
  created_by: post.created_by,
  created_at: iso(post.created_at),
  updated_at: iso(post.updated_at),
})

const CsvOrList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) =>
    value === undefined
      ? undefined
      : (Array.isArray(value) ? value : value.split(','))
          .map((item) => item.trim())
          .filter(Boolean),
  )

export const PostListQuery = z.object({
  state: CsvOrList.pipe(z.array(DeliveryStateSchema).optional()).openapi({
    description: 'Only posts with a delivery in one of these states (comma-separated)',
    example: 'scheduled,published',
    type: 'string',
  }),
  channel_id: CsvOrList.openapi({
    description: 'Only posts with a delivery to one of these channels (comma-separated)',
    type: 'string',
  }),
  from: IsoTime.optional().openapi({
    description:
      'Only deliveries whose time (published, else scheduled, else created) is at or after this',
  }),
  to: IsoTime.optional().openapi({ description: '… and before this (exclusive)' }),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ example: 100 }),
  cursor: z.string().max(500).optional(),
})

export const DeletePostQuery = z.object({
  keep_on_network: z.enum(['true', 'false']).default('false').openapi({
    description:
      'true: delete in Murmur only. false (default): first delete what was published, on each network that allows it',
  }),
})
