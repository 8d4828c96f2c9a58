/** Shapes of the links API (src/http/routes/link-schemas.ts is the truth). */
import type { Timestamp } from './types.js'

export interface Link {
  id: string
  code: string
  short_url: string
  destination: string
  /** The destination with its UTM tags: where visitors land. */
  final_url: string
  utm_source: string | null
  utm_medium: string | null
  utm_campaign: string | null
  utm_term: string | null
  utm_content: string | null
  title: string | null
  description: string | null
  image_url: string | null
  campaign: string | null
  delivery_id: string | null
  track_conversions: boolean
  expires_at: Timestamp | null
  archived_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
  clicks: number
  unique_clicks: number
}

export const UTM_FIELDS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
] as const
export type UtmField = (typeof UTM_FIELDS)[number]

export interface CreateLinkInput {
  destination: string
  code?: string
  title?: string
  campaign?: string
  expires_at?: string
  utm_source?: string
  utm_medium?: string
  utm_campaign?: string
  utm_term?: string
  utm_content?: string
}

export interface UpdateLinkInput {
  archived?: boolean
  destination?: string
  expires_at?: string | null
}

export interface TopEntry {
  value: string
  clicks: number
  unique_clicks: number
}

export type StatsDimension = 'country' | 'device' | 'browser' | 'os' | 'referrer' | 'via'

export interface LinkStats {
  from: Timestamp
  to: Timestamp
  interval: 'hour' | 'day'
  time_zone: string
  totals: { clicks: number; unique_clicks: number; bot_hits: number }
  series: Array<{
    start: Timestamp
    date: string | null
    clicks: number
    unique_clicks: number
    bot_hits: number
  }>
  top: Partial<Record<StatsDimension, TopEntry[]>>
}

export type LinkState = 'active' | 'archived' | 'all'
