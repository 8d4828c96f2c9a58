import { NetworkError } from '../spec/network-error.js'
import type {
  MentionKind,
  MentionPage,
  MentionRequest,
  NetworkMention,
} from '../spec/network-mention.js'
import type { MetricsById, PostMetrics } from '../spec/post-metrics.js'
import type { FetchedPost } from '../spec/publish-result.js'
import type { MastodonClient } from './mastodon-client.js'
import { mastodonHtmlToText, nextMaxIdFromLink } from './mastodon-html.js'

/** Parallel status reads for metrics: well within 300 requests per 5 minutes. */
const METRICS_CONCURRENCY = 4

interface MastodonAccount {
  id: string
  username?: string
  acct?: string
  display_name?: string
  avatar?: string
}

interface MastodonStatus {
  id: string
  url?: string | null
  uri?: string
  content?: string
  created_at?: string
  in_reply_to_id?: string | null
  in_reply_to_account_id?: string | null
  account?: MastodonAccount
  replies_count?: number
  reblogs_count?: number
  favourites_count?: number
  quotes_count?: number
  quote?: { quoted_status?: { id?: string } | null } | null
}

interface MastodonNotification {
  id: string
  type: string
  created_at?: string
  account?: MastodonAccount
  status?: MastodonStatus | null
}

/**
 * Mentions may stop at the newest one already stored. `sinceId` is a status id (what mentions
 * carry); Mastodon's own `since_id` takes notification ids, so the bound is applied here.
 */
export interface MastodonMentionRequest extends MentionRequest {
  sinceId?: string
}

export async function fetchMastodonPost(
  client: MastodonClient,
  id: string,
): Promise<FetchedPost | null> {
  const status = await readStatus(client, id)
  if (!status) return null
  return {
    id: status.id,
    url: statusUrl(client, status),
    text: mastodonHtmlToText(status.content ?? ''),
    createdAt: status.created_at ?? '',
  }
}

export async function deleteMastodonPost(client: MastodonClient, id: string): Promise<void> {
  try {
    await client.request({
      method: 'DELETE',
      path: `/api/v1/statuses/${encodeURIComponent(id)}`,
      action: 'delete',
      idempotent: true,
    })
  } catch (error) {
    // Already gone is what the caller wanted.
    if (NetworkError.isInstance(error) && error.status === 404) return
    throw error
  }
}

/** Counts on each Status; Mastodon has no impressions or views, so those stay absent. */
export async function fetchMastodonMetrics(
  client: MastodonClient,
  ids: readonly string[],
): Promise<MetricsById> {
  const queue = [...new Set(ids)]
  const metrics: Record<string, PostMetrics> = {}
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const status = await readStatus(client, id)
      if (status) metrics[id] = metricsOf(status)
    }
  }
  await Promise.all(Array.from({ length: METRICS_CONCURRENCY }, worker))
  return metrics
}

/** `GET /api/v1/accounts/verify_credentials`: the account's `followers_count`. */
export async function fetchMastodonFollowerCount(client: MastodonClient): Promise<number | null> {
  const { body } = await client.request<{ followers_count?: number }>({
    method: 'GET',
    path: '/api/v1/accounts/verify_credentials',
    action: 'request',
    idempotent: true,
  })
  return typeof body.followers_count === 'number' ? body.followers_count : null
}

function metricsOf(status: MastodonStatus): PostMetrics {
  const pairs: Array<[keyof PostMetrics, number | undefined]> = [
    ['likes', status.favourites_count],
    ['reposts', status.reblogs_count],
    ['replies', status.replies_count],
    // Quote posts arrived in Mastodon 4.5; older servers do not count them.
    ['quotes', status.quotes_count],
  ]
  return Object.fromEntries(pairs.filter(([, value]) => typeof value === 'number'))
}

/**
 * `GET /api/v1/notifications` of types `mention` (which includes replies) and `quote`, newest
 * first, up to 80 a page. The cursor is the `max_id` of the Link header's `next` page.
 */
export async function fetchMastodonMentions(
  client: MastodonClient,
  request: MastodonMentionRequest,
): Promise<MentionPage> {
  const answer = await client.request<MastodonNotification[]>({
    method: 'GET',
    path: '/api/v1/notifications',
    query: {
      'types[]': ['mention', 'quote'],
      limit: String(Math.min(Math.max(request.limit ?? 40, 1), 80)),
      max_id: request.cursor,
    },
    action: 'request',
    idempotent: true,
  })
  const notifications = Array.isArray(answer.body) ? answer.body : []
  const all = notifications.flatMap((notification) => {
    const mention = toMention(client, notification)
    return mention ? [mention] : []
  })
  const items = request.sinceId ? all.filter((item) => isNewer(item.id, request.sinceId!)) : all
  // Past the bound, older pages hold nothing new.
  const reachedBound = items.length < all.length
  const cursor =
    notifications.length > 0 && !reachedBound
      ? nextMaxIdFromLink(answer.headers.get('link'))
      : undefined
  return { items, ...(cursor && { cursor }) }
}

function toMention(
  client: MastodonClient,
  notification: MastodonNotification,
): NetworkMention | undefined {
  const { status } = notification
  const account = status?.account ?? notification.account
  if (!status || !account) return undefined
  const answersUs = status.in_reply_to_account_id === client.credentials.accountId
  const kind: MentionKind =
    notification.type === 'quote' ? 'quote' : answersUs ? 'reply' : 'mention'
  const quotedId = status.quote?.quoted_status?.id
  return {
    // The status, not the notification: what fetchPost and replyTo take.
    id: status.id,
    url: statusUrl(client, status),
    author: {
      id: account.id,
      handle: account.acct ?? account.username ?? '',
      ...(account.display_name && { displayName: account.display_name }),
      ...(account.avatar && { avatarUrl: account.avatar }),
    },
    text: mastodonHtmlToText(status.content ?? ''),
    createdAt: status.created_at ?? notification.created_at ?? '',
    kind,
    ...(status.in_reply_to_id && { inReplyTo: status.in_reply_to_id }),
    ...(quotedId && { quotedId }),
  }
}

/** Mastodon ids are time-ordered numbers; other servers' ids compare as strings of equal length. */
function isNewer(id: string, than: string): boolean {
  if (/^\d+$/.test(id) && /^\d+$/.test(than)) return BigInt(id) > BigInt(than)
  return id.length === than.length ? id > than : id.length > than.length
}

async function readStatus(client: MastodonClient, id: string): Promise<MastodonStatus | null> {
  try {
    const { body } = await client.request<MastodonStatus>({
      method: 'GET',
      path: `/api/v1/statuses/${encodeURIComponent(id)}`,
      action: 'request',
      idempotent: true,
    })
    return body
  } catch (error) {
    if (NetworkError.isInstance(error) && error.status === 404) return null
    throw error
  }
}

function statusUrl(client: MastodonClient, status: MastodonStatus): string {
  if (typeof status.url === 'string' && status.url) return status.url
  return (
    status.uri ?? `${client.credentials.instanceUrl}/@${client.credentials.username}/${status.id}`
  )
}
