import { z } from '@hono/zod-openapi'
import { METRIC_NAMES, NETWORK_IDS } from '../../networks/spec/index.js'
import { TOP_SORTS } from '../../services/analytics.js'
import type { MetricsSyncResult } from '../../services/metrics-sync.js'
import { isoOrNull, Timestamp } from '../schemas.js'
import { IsoTime } from './link-schemas.js'

/** Schemas of Attention: metrics sync, engagement analytics, best time to post. */

const NetworkSchema = z.enum(NETWORK_IDS)
const MetricNameSchema = z.enum(METRIC_NAMES).openapi('MetricName')

export const AnalyticsQuery = z.object({
  from: IsoTime.optional().openapi({ description: 'Start (default: 30 days before `to`)' }),
  to: IsoTime.optional().openapi({ description: 'End, exclusive (default: the next full hour)' }),
  channel_id: z.string().max(64).optional(),
  campaign: z.string().max(120).optional(),
  label: z.string().max(60).optional(),
  sort: z.enum(TOP_SORTS).default('engagements').openapi({ example: 'likes' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

export const MetricsSyncBody = z
  .strictObject({
    channel_id: z.string().max(64).optional().openapi({ description: 'Only this channel' }),
  })
  .openapi('MetricsSyncNow', { example: { channel_id: 'ch_01jb3k8x4r2m5n7p9q0s' } })

export const MetricsSyncResultSchema = z
  .object({
    channel_id: z.string(),
    network: NetworkSchema,
    handle: z.string(),
    status: z.enum(['synced', 'more', 'waiting', 'failed', 'busy', 'skipped']),
    fetched: z.number().int(),
    gone: z.number().int(),
    calls: z.number().int(),
    followers: z.number().int().nullable(),
    error: z.string().nullable(),
    retry_at: Timestamp.nullable(),
  })
  .openapi('MetricsSyncResult')

export const presentMetricsSyncResult = (result: MetricsSyncResult) => ({
  ...result,
  retry_at: isoOrNull(result.retry_at),
})

const MetricTotalSchema = z.object({
  value: z.number().nullable().openapi({ description: 'null: no post of the period reports it' }),
  posts: z.number().int(),
  not_available: z.array(z.string()).openapi({ example: ['not available from Bluesky'] }),
})

const RateSchema = z
  .object({
    value: z.number(),
    basis: z.enum(['impressions', 'followers']),
    posts: z.number().int(),
    description: z.string(),
  })
  .nullable()

const TotalsSchema = z
  .object({
    posts: z.number().int(),
    engagements: z.number(),
    metrics: z.record(MetricNameSchema, MetricTotalSchema),
    engagement_rate: z.object({ by_impressions: RateSchema, by_followers: RateSchema }),
  })
  .openapi('AttentionTotals')

const SeriesPointSchema = z.object({
  day: z.string().openapi({ example: '2027-03-01' }),
  posts: z.number().int(),
  engagements: z.number(),
  impressions: z.number().nullable(),
  likes: z.number().nullable(),
  reposts: z.number().nullable(),
  shares: z.number().nullable(),
  replies: z.number().nullable(),
  quotes: z.number().nullable(),
})

export const TopPostSchema = z
  .object({
    delivery_id: z.string(),
    post_id: z.string(),
    channel_id: z.string(),
    network: NetworkSchema,
    handle: z.string(),
    text: z.string(),
    published_at: Timestamp,
    campaign: z.string().nullable(),
    labels: z.array(z.string()),
    metrics: z.record(MetricNameSchema, z.number().nullable()),
    not_available: z.array(MetricNameSchema),
    engagements: z.number(),
    engagement_rate: z
      .object({ value: z.number(), basis: z.enum(['impressions', 'followers']) })
      .nullable(),
    readings: z.number().int(),
    last_read_at: Timestamp.nullable(),
    deleted: z.boolean(),
  })
  .openapi('TopPost')

const TrafficOutcomeSchema = z
  .object({
    clicks: z.number().int().openapi({ description: 'Clicks by people (bots left out)' }),
    unique_clicks: z
      .number()
      .int()
      .openapi({ description: 'A visitor counts once per link and hour' }),
    leads: z.number().int(),
    sales: z.number().int(),
    revenue: z.record(z.string(), z.number()).openapi({
      description: 'Revenue of the sales per currency, in minor units',
      example: { EUR: 12450 },
    }),
  })
  .openapi('TrafficOutcome')

const WordOfMouthOutcomeSchema = z
  .object({
    shares: z.number().int().openapi({
      description:
        'People who passed it on: share links of generation 1 and deeper, reshares included',
    }),
    network_reshares: z.number().int(),
    earned_visits: z
      .number()
      .int()
      .openapi({ description: "Earned reach: clicks through other people's share links" }),
    earned_unique_clicks: z.number().int(),
    cascades: z.number().int(),
    generations: z.array(z.number().int()).openapi({
      description: 'Shares per generation from generation 1',
      example: [12, 3],
    }),
  })
  .openapi('WordOfMouthOutcome')

const OutcomeDaySchema = z.object({
  day: z.string(),
  clicks: z.number().int(),
  unique_clicks: z.number().int(),
  leads: z.number().int(),
  sales: z.number().int(),
  shares: z.number().int(),
  earned_visits: z.number().int(),
})

const OutcomesSchema = z
  .object({
    links_in_scope: z.string(),
    attribution: z.string(),
    traffic: TrafficOutcomeSchema,
    previous_traffic: TrafficOutcomeSchema,
    word_of_mouth: WordOfMouthOutcomeSchema,
    previous_word_of_mouth: WordOfMouthOutcomeSchema,
    series: z.array(OutcomeDaySchema),
    previous_series: z.array(OutcomeDaySchema),
  })
  .openapi('AttentionOutcomes')

export const EngagementAnalyticsSchema = z
  .object({
    from: Timestamp,
    to: Timestamp,
    previous_from: Timestamp,
    time_zone: z.string(),
    definition: z.string(),
    totals: TotalsSchema,
    previous_totals: TotalsSchema,
    series: z.array(SeriesPointSchema),
    previous_series: z.array(SeriesPointSchema),
    top_posts: z.array(TopPostSchema),
    followers: z.array(
      z.object({
        channel_id: z.string(),
        network: NetworkSchema,
        handle: z.string(),
        points: z.array(z.object({ day: z.string(), followers: z.number().int() })),
        start: z.number().int().nullable(),
        end: z.number().int().nullable(),
        change: z.number().int().nullable(),
        note: z.string().nullable(),
      }),
    ),
    frequency: z.array(
      z.object({
        week: z.string(),
        posts: z.number().int(),
        engagements: z.number(),
        engagements_per_post: z.number().nullable(),
      }),
    ),
    outcomes: OutcomesSchema.openapi({
      description:
        'What the period brought, for the same filter: traffic and conversions through tracked links, and word of mouth',
    }),
  })
  .openapi('EngagementAnalytics')

export const ReadingsSchema = z
  .object({
    delivery_id: z.string(),
    network: NetworkSchema,
    published_at: Timestamp,
    next_reading_at: Timestamp.nullable(),
    not_available: z.array(z.string()),
    readings: z.array(
      z.object({ at: Timestamp, metrics: z.record(MetricNameSchema, z.number().nullable()) }),
    ),
  })
  .openapi('MetricReadings')

export const BestTimeQuery = z.object({
  from: IsoTime.optional().openapi({ description: 'Start (default: 180 days before `to`)' }),
  to: IsoTime.optional(),
  channel_id: z.string().max(64).optional(),
  min_posts: z.coerce.number().int().min(1).max(50).default(3),
})

const CellSchema = z.object({
  weekday: z.number().int().openapi({ description: 'ISO weekday: 1 Monday … 7 Sunday' }),
  hour: z.number().int(),
  posts: z.number().int(),
  median: z.number().nullable(),
  enough: z.boolean(),
})

export const BestTimeSchema = z
  .object({
    from: Timestamp,
    to: Timestamp,
    time_zone: z.string(),
    measure: z.enum(['engagement_rate', 'engagements']),
    computation: z.string(),
    min_posts: z.number().int(),
    posts: z.number().int(),
    has_history: z.boolean(),
    cells: z.array(CellSchema),
    suggested: z.array(CellSchema),
    general_recommendations: z.array(
      z.object({ network: NetworkSchema, label: z.string(), times: z.string() }),
    ),
  })
  .openapi('BestTime')
