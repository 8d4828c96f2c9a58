import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, post, seg } from '../../api/client.js'
import type { NetworkId } from '../../api/publishing-types.js'
import { workspaceKey } from '../../api/workspaces.js'

export const METRIC_NAMES = [
  'likes',
  'reposts',
  'replies',
  'quotes',
  'bookmarks',
  'impressions',
  'views',
  'clicks',
  'shares',
  'saves',
] as const
export type MetricName = (typeof METRIC_NAMES)[number]

export const METRIC_LABELS: Record<MetricName, string> = {
  likes: 'Likes',
  reposts: 'Reposts',
  replies: 'Replies',
  quotes: 'Quotes',
  bookmarks: 'Bookmarks',
  impressions: 'Impressions',
  views: 'Views',
  clicks: 'Clicks',
  shares: 'Shares',
  saves: 'Saves',
}

export interface MetricTotal {
  value: number | null
  posts: number
  not_available: string[]
}

export interface Rate {
  value: number
  basis: 'impressions' | 'followers'
  posts: number
  description: string
}

export interface Totals {
  posts: number
  engagements: number
  metrics: Record<MetricName, MetricTotal>
  engagement_rate: { by_impressions: Rate | null; by_followers: Rate | null }
}

export interface SeriesPoint {
  day: string
  posts: number
  engagements: number
  impressions: number | null
  likes: number | null
  reposts: number | null
  shares: number | null
  replies: number | null
  quotes: number | null
}

export interface TopPost {
  delivery_id: string
  post_id: string
  channel_id: string
  network: NetworkId
  handle: string
  text: string
  published_at: string
  campaign: string | null
  labels: string[]
  metrics: Record<MetricName, number | null>
  not_available: MetricName[]
  engagements: number
  engagement_rate: { value: number; basis: 'impressions' | 'followers' } | null
  readings: number
  last_read_at: string | null
  deleted: boolean
}

export interface FollowerGrowth {
  channel_id: string
  network: NetworkId
  handle: string
  points: Array<{ day: string; followers: number }>
  start: number | null
  end: number | null
  change: number | null
  note: string | null
}

export interface TrafficOutcome {
  clicks: number
  unique_clicks: number
  leads: number
  sales: number
  /** Minor units per currency. */
  revenue: Record<string, number>
}

export interface WordOfMouthOutcome {
  shares: number
  network_reshares: number
  earned_visits: number
  earned_unique_clicks: number
  cascades: number
  generations: number[]
}

export interface OutcomeDay {
  day: string
  clicks: number
  unique_clicks: number
  leads: number
  sales: number
  shares: number
  earned_visits: number
}

/** What the period brought: traffic, conversions and word of mouth (same period and filter). */
export interface AttentionOutcomes {
  links_in_scope: string
  attribution: string
  traffic: TrafficOutcome
  previous_traffic: TrafficOutcome
  word_of_mouth: WordOfMouthOutcome
  previous_word_of_mouth: WordOfMouthOutcome
  series: OutcomeDay[]
  previous_series: OutcomeDay[]
}

export interface EngagementAnalytics {
  from: string
  to: string
  previous_from: string
  time_zone: string
  definition: string
  totals: Totals
  previous_totals: Totals
  series: SeriesPoint[]
  previous_series: SeriesPoint[]
  top_posts: TopPost[]
  followers: FollowerGrowth[]
  frequency: Array<{
    week: string
    posts: number
    engagements: number
    engagements_per_post: number | null
  }>
  outcomes: AttentionOutcomes
}

export interface BestTimeCell {
  weekday: number
  hour: number
  posts: number
  median: number | null
  enough: boolean
}

export interface BestTime {
  time_zone: string
  measure: 'engagement_rate' | 'engagements'
  computation: string
  min_posts: number
  posts: number
  has_history: boolean
  cells: BestTimeCell[]
  suggested: BestTimeCell[]
  general_recommendations: Array<{ network: NetworkId; label: string; times: string }>
}

export interface AttentionFilter {
  from: string
  to: string
  channelId: string | null
  campaign: string
  label: string
}

export type TopSort = MetricName | 'engagements' | 'engagement_rate' | 'published_at'

const attentionKey = (workspaceId: string) => [...workspaceKey(workspaceId), 'attention'] as const
const base = (workspaceId: string) => `/api/v1/workspaces/${seg(workspaceId)}`

/** The query string of a filter, shared by the analytics call and the report links. */
export function filterQuery(filter: AttentionFilter): URLSearchParams {
  const query = new URLSearchParams({ from: filter.from, to: filter.to })
  if (filter.channelId) query.set('channel_id', filter.channelId)
  if (filter.campaign.trim()) query.set('campaign', filter.campaign.trim())
  if (filter.label.trim()) query.set('label', filter.label.trim())
  return query
}

export function useEngagement(workspaceId: string, filter: AttentionFilter, sort: TopSort) {
  const query = filterQuery(filter)
  query.set('sort', sort)
  query.set('limit', '50')
  return useQuery({
    queryKey: [...attentionKey(workspaceId), 'engagement', query.toString()],
    queryFn: () => get<EngagementAnalytics>(`${base(workspaceId)}/analytics/engagement?${query}`),
    placeholderData: keepPreviousData,
  })
}

export function useBestTime(workspaceId: string, channelId: string | null) {
  const query = new URLSearchParams()
  if (channelId) query.set('channel_id', channelId)
  return useQuery({
    queryKey: [...attentionKey(workspaceId), 'best-time', channelId],
    queryFn: () => get<BestTime>(`${base(workspaceId)}/analytics/best-time?${query}`),
  })
}

export interface MetricsSyncResult {
  channel_id: string
  network: NetworkId
  handle: string
  status: 'synced' | 'more' | 'waiting' | 'failed' | 'busy' | 'skipped'
  fetched: number
  error: string | null
}

export function useSyncMetrics(workspaceId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () =>
      post<{ channels: MetricsSyncResult[] }>(`${base(workspaceId)}/metrics/sync`, {}),
    onSuccess: () => client.invalidateQueries({ queryKey: attentionKey(workspaceId) }),
  })
}

/** Where the server-rendered report lives for a filter (CSV, printable HTML, PDF). */
export const reportHref = (
  workspaceId: string,
  filter: AttentionFilter,
  format: 'csv' | 'html' | 'pdf',
) => `${base(workspaceId)}/reports/attention.${format}?${filterQuery(filter)}`
