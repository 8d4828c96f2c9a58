import { z } from '@hono/zod-openapi'
import { ATTRIBUTION_MODELS } from '../../core/links/attribution.js'
import { DAY_MS, HOUR_MS, startOfUtcHour } from '../../core/links/visitor.js'
import { DIMENSIONS } from '../../links/click-rows.js'
import type { TrafficStats } from '../../services/link-stats.js'
import type { Link } from '../../services/links.js'
import { iso, isoOrNull, Timestamp, WorkspaceParams } from '../schemas.js'

/** Schemas of the Traffic area (links, stats, conversions). */

export const LinkSchema = z
  .object({
    id: z.string().openapi({ example: 'lnk_01jb3k8x4r2m5n7p9q0s' }),
    code: z.string().openapi({ example: 'spring-menu' }),
    short_url: z.string().openapi({ example: 'https://murmur.cornerbakery.example/l/spring-menu' }),
    destination: z.string(),
    final_url: z.string().openapi({
      description: 'The destination with the UTM tags: where visitors land (plus mm=<click id>).',
    }),
    utm_source: z.string().nullable(),
    utm_medium: z.string().nullable(),
    utm_campaign: z.string().nullable(),
    utm_term: z.string().nullable(),
    utm_content: z.string().nullable(),
    title: z
      .string()
      .nullable()
      .openapi({ description: 'Preview title for link-preview fetchers' }),
    description: z.string().nullable(),
    image_url: z.string().nullable(),
    campaign: z.string().nullable(),
    delivery_id: z.string().nullable(),
    track_conversions: z.boolean(),
    expires_at: Timestamp.nullable(),
    archived_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
    clicks: z.number().int().openapi({ description: 'All-time clicks, bots excluded' }),
    unique_clicks: z.number().int(),
  })
  .openapi('Link')

export function presentLink(link: Link, totals?: { clicks: number; unique_clicks: number }) {
  return {
    id: link.id,
    code: link.code,
    short_url: link.short_url,
    destination: link.destination,
    final_url: link.final_url,
    utm_source: link.utm_source,
    utm_medium: link.utm_medium,
    utm_campaign: link.utm_campaign,
    utm_term: link.utm_term,
    utm_content: link.utm_content,
    title: link.title,
    description: link.description,
    image_url: link.image_url,
    campaign: link.campaign,
    delivery_id: link.delivery_id,
    track_conversions: link.track_conversions,
    expires_at: isoOrNull(link.expires_at),
    archived_at: isoOrNull(link.archived_at),
    created_at: iso(link.created_at),
    updated_at: iso(link.updated_at),
    clicks: totals?.clicks ?? 0,
    unique_clicks: totals?.unique_clicks ?? 0,
  }
}

export const IsoTime = z.iso
  .datetime({ offset: true, message: 'Use an ISO 8601 time such as 2027-03-01T09:00:00+01:00' })
  .openapi({ example: '2027-03-01T09:00:00+01:00' })

const Text = (max: number) => z.string().max(max, `At most ${max} characters`)

export const CreateLinkBody = z
  .strictObject({
    destination: Text(4096).openapi({ example: 'https://cornerbakery.example/menu' }),
    code: Text(100).optional().openapi({
      description:
        'Custom back-half: letters, digits, - and _ (case does not matter). Random if left out.',
    }),
    title: Text(200).optional(),
    description: Text(500).optional(),
    image_url: Text(2048).optional(),
    campaign: Text(120).optional(),
    delivery_id: Text(64).optional(),
    track_conversions: z.boolean().optional().openapi({
      description: 'Append mm=<click id> to the destination for conversion tracking (default true)',
    }),
    expires_at: IsoTime.optional(),
    utm_source: Text(255).optional(),
    utm_medium: Text(255).optional(),
    utm_campaign: Text(255).optional(),
    utm_term: Text(255).optional(),
    utm_content: Text(255).optional(),
  })
  .openapi('CreateLink', {
    example: {
      destination: 'https://cornerbakery.example/menu',
      code: 'spring-menu',
      title: 'Our spring menu is here',
      campaign: 'Spring 2027',
    },
  })

const clearable = (schema: z.ZodString) => schema.nullable().optional()

export const UpdateLinkBody = z
  .strictObject({
    destination: Text(4096).optional(),
    code: Text(100).optional(),
    title: clearable(Text(200)),
    description: clearable(Text(500)),
    image_url: clearable(Text(2048)),
    campaign: clearable(Text(120)),
    track_conversions: z.boolean().optional(),
    expires_at: IsoTime.nullable().optional().openapi({ description: 'null removes the expiry' }),
    archived: z.boolean().optional().openapi({
      description: 'true stops the link (visitors see a friendly page); false restores it',
    }),
    utm_source: clearable(Text(255)),
    utm_medium: clearable(Text(255)),
    utm_campaign: clearable(Text(255)),
    utm_term: clearable(Text(255)),
    utm_content: clearable(Text(255)),
  })
  .openapi('UpdateLink', {
    example: { destination: 'https://cornerbakery.example/menu/spring', archived: false },
  })

export const LinkParams = WorkspaceParams.extend({
  link_id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'link_id', in: 'path' }, example: 'lnk_01jb3k8x4r2m5n7p9q0s' }),
})

export const StatsQuery = z.object({
  from: IsoTime.optional().openapi({
    description: 'Start of the period (default: 30 days before `to`)',
  }),
  to: IsoTime.optional().openapi({ description: 'End of the period, exclusive (default: now)' }),
  interval: z.enum(['hour', 'day']).default('day'),
})

const Counts = {
  clicks: z.number().int(),
  unique_clicks: z.number().int().openapi({
    description: 'Clicks counted once per visitor, link and hour',
  }),
  bot_hits: z.number().int().openapi({ description: 'Bots, preview fetchers and HEAD requests' }),
}

const TopList = z.array(
  z.object({ value: z.string(), clicks: z.number().int(), unique_clicks: z.number().int() }),
)

export const StatsSchema = z
  .object({
    from: Timestamp,
    to: Timestamp,
    interval: z.enum(['hour', 'day']),
    time_zone: z.string().openapi({ description: 'Days are days in this zone' }),
    totals: z.object(Counts),
    series: z.array(
      z.object({
        start: Timestamp,
        date: z
          .string()
          .nullable()
          .openapi({ description: 'Local date (day interval)', example: '2027-03-01' }),
        ...Counts,
      }),
    ),
    top: z
      .object(
        Object.fromEntries(DIMENSIONS.map((d) => [d, TopList])) as Record<
          (typeof DIMENSIONS)[number],
          typeof TopList
        >,
      )
      .openapi({
        description:
          'Counted clicks by country (ISO code or "unknown"), device, browser, os, referrer (host or "direct") and via ("link" or "qr"), most first',
      }),
  })
  .openapi('TrafficStats')

export function presentStats(
  stats: TrafficStats,
  period: { from: number; to: number; interval: 'hour' | 'day'; timeZone: string },
) {
  return {
    from: iso(period.from),
    to: iso(period.to),
    interval: period.interval,
    time_zone: period.timeZone,
    totals: stats.totals,
    series: stats.series.map((bucket) => ({ ...bucket, start: iso(bucket.start) })),
    top: stats.top,
  }
}

/**
 * The period a stats query names, with defaults: the 30 days up to the end of
 * the current hour (so clicks of the last minutes are in).
 */
export function periodOf(
  query: { from?: string | undefined; to?: string | undefined },
  now: number,
) {
  const to = query.to ? Date.parse(query.to) : startOfUtcHour(now) + HOUR_MS
  const from = query.from ? Date.parse(query.from) : to - 30 * DAY_MS
  return { from, to }
}

export const AttributionModelSchema = z.enum(ATTRIBUTION_MODELS).openapi('AttributionModel')
