import { type BestTimeCell, bestTimeGrid, type PlacedPost } from '../core/metrics/best-time.js'
import { localDay, shiftDay } from '../core/metrics/days.js'
import { engagementRateOf, engagementsOf } from '../core/metrics/engagement.js'
import { DAY_MS } from '../core/metrics/schedule.js'
import { localTimeOf } from '../core/zoned-time.js'
import { NETWORK_NAMES, type NetworkId } from '../networks/spec/index.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { loadDeliveryNumbers, loadFollowerCounts } from './analytics-rows.js'

export interface BestTime {
  from: number
  to: number
  time_zone: string
  /** `engagement_rate` when most posts have one (impressions or followers known), else `engagements`. */
  measure: 'engagement_rate' | 'engagements'
  computation: string
  min_posts: number
  posts: number
  has_history: boolean
  cells: BestTimeCell[]
  suggested: BestTimeCell[]
  /** With no history: each network's commonly recommended times, labelled as such. */
  general_recommendations: Array<{ network: NetworkId; label: string; times: string }>
}

/**
 * Commonly published starting points for when to post, per network. Not Murmur's findings and
 * not the workspace's: shown only while its own history is too thin, and labelled that way.
 */
const GENERAL_TIMES: Record<NetworkId, string> = {
  x: 'Tuesday to Thursday, 9:00–11:00',
  facebook: 'Tuesday to Thursday, 9:00–13:00',
  instagram: 'Monday to Friday, 11:00–14:00',
  linkedin: 'Tuesday to Thursday, 8:00–10:00',
  threads: 'Tuesday to Thursday, 9:00–12:00',
  mastodon: 'Monday to Friday, 9:00–12:00',
  bluesky: 'Monday to Friday, 9:00–12:00',
}

/** Engagement by weekday × hour (workspace time) from the workspace's own published posts. */
export async function bestTimeToPost(
  scope: WorkspaceScope,
  input: {
    from: number
    to: number
    timeZone: string
    channelId?: string | undefined
    minPosts: number
    now: number
  },
): Promise<BestTime> {
  const tz = input.timeZone
  // Posts younger than a day have not gathered their attention yet: they would drag cells down.
  const to = Math.min(input.to, input.now - DAY_MS)
  const rows = (await loadDeliveryNumbers(scope, { ...input, to })).filter(
    (row) => row.fetches > 0 && row.gone === 0,
  )
  const followers = await loadFollowerCounts(scope, {
    fromDay: shiftDay(localDay(input.from, tz), -30),
    toDay: localDay(to, tz),
    channelId: input.channelId,
  })
  const followersOn = (channelId: string, day: string) => {
    let found: number | null = null
    for (const row of followers) {
      if (row.channel_id !== channelId) continue
      if (row.day <= day || found === null) found = row.followers
      if (row.day > day) break
    }
    return found
  }
  const rated = rows.map((row) => ({
    row,
    rate: engagementRateOf(row, followersOn(row.channel_id, localDay(row.published_at, tz))),
  }))
  const withRate = rated.filter((entry) => entry.rate !== null)
  const measure =
    rows.length > 0 && withRate.length * 2 >= rows.length ? 'engagement_rate' : 'engagements'
  const placed: PlacedPost[] = (measure === 'engagement_rate' ? withRate : rated).map(
    ({ row, rate }) => {
      const local = localTimeOf(row.published_at, tz)
      return {
        weekday: local.weekday,
        hour: local.hour,
        value: measure === 'engagement_rate' ? (rate?.rate ?? 0) : engagementsOf(row),
      }
    },
  )
  const grid = bestTimeGrid(placed, input.minPosts)
  const hasHistory = grid.suggested.length > 0
  const networks = await networksOfWorkspace(scope, input.channelId)
  return {
    from: input.from,
    to,
    time_zone: tz,
    measure,
    computation:
      measure === 'engagement_rate'
        ? `Median engagement rate of the ${placed.length} posts published in each hour (${tz}), with the number of posts behind each cell; cells with fewer than ${input.minPosts} posts are greyed out.`
        : `Median engagements per post of the ${placed.length} posts published in each hour (${tz}), with the number of posts behind each cell; cells with fewer than ${input.minPosts} posts are greyed out. (Engagement rates need impressions or follower counts, which most of these posts lack.)`,
    min_posts: input.minPosts,
    posts: placed.length,
    has_history: hasHistory,
    cells: grid.cells,
    suggested: grid.suggested,
    general_recommendations: hasHistory
      ? []
      : networks.map((network) => ({
          network,
          label: `General recommendation for ${NETWORK_NAMES[network]}, not from your data`,
          times: GENERAL_TIMES[network],
        })),
  }
}

async function networksOfWorkspace(
  scope: WorkspaceScope,
  channelId: string | undefined,
): Promise<NetworkId[]> {
  let query = scope.selectFrom('channels').select('network').distinct().orderBy('network')
  if (channelId) query = query.where('id', '=', channelId)
  return (await query.execute()).map((row) => row.network)
}
