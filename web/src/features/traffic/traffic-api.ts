import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { get, seg } from '../../api/client.js'
import type { LinkStats } from '../../api/link-types.js'
import { workspaceKey } from '../../api/workspaces.js'

export interface Outcome {
  leads: number
  sales: number
  /** Per currency, in minor units (cents). */
  revenue: Record<string, number>
}

export interface TopLinkRow extends Outcome {
  id: string
  code: string
  destination: string
  campaign: string | null
  delivery_id: string | null
  clicks: number
  unique_clicks: number
}

export interface TopPostRow extends Outcome {
  id: string
  text: string
  campaign: string | null
  clicks: number
  unique_clicks: number
}

/** GET /traffic/overview: the stats of /traffic/stats plus conversions, top links and posts, funnel. */
export interface TrafficOverview extends LinkStats {
  conversions: Outcome & { customers: number }
  conversion_rate: number | null
  top_links: TopLinkRow[]
  top_posts: TopPostRow[]
  funnel: {
    published_posts: number
    clicks: number
    unique_clicks: number
    leads: number
    customers: number
  }
  links_in_scope: string
  attribution: string
  bases: string[]
}

export interface TrafficFilter {
  from: string
  to: string
  campaign: string | null
  channelId: string | null
  postId: string | null
  linkId: string | null
}

export function overviewPath(workspaceId: string, filter: TrafficFilter): string {
  const query = new URLSearchParams({ from: filter.from, to: filter.to, interval: 'day' })
  if (filter.campaign) query.set('campaign', filter.campaign)
  if (filter.channelId) query.set('channel_id', filter.channelId)
  if (filter.postId) query.set('post_id', filter.postId)
  if (filter.linkId) query.set('link_id', filter.linkId)
  return `/api/v1/workspaces/${seg(workspaceId)}/traffic/overview?${query}`
}

export function useTrafficOverview(workspaceId: string, filter: TrafficFilter) {
  return useQuery({
    queryKey: [...workspaceKey(workspaceId), 'traffic', 'overview', filter],
    queryFn: () => get<TrafficOverview>(overviewPath(workspaceId, filter)),
    // A new filter keeps the last numbers on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  })
}
