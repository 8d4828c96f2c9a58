import { NetworkError } from '../spec/network-error.js'
import type { MentionPage, MentionRequest, NetworkMention } from '../spec/network-mention.js'
import type { MetricsById, PostMetrics } from '../spec/post-metrics.js'
import type { FetchedPost } from '../spec/publish-result.js'
import type { XClient } from './x-client.js'
import { assertXPostId, xPostUrl } from './x-urls.js'

/** `GET /2/tweets` takes at most 100 ids. */
const IDS_PER_CALL = 100
const MENTION_TWEET_FIELDS =
  'created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities'

interface XUrlEntity {
  url?: string
  expanded_url?: string
  media_key?: string
}

interface XTweet {
  id: string
  text?: string
  created_at?: string
  author_id?: string
  conversation_id?: string
  in_reply_to_user_id?: string
  referenced_tweets?: Array<{ type?: string; id?: string }>
  entities?: { urls?: XUrlEntity[] }
  public_metrics?: Record<string, number | undefined>
}

interface XUser {
  id: string
  username?: string
  name?: string
  profile_image_url?: string
}

interface XProblem {
  type?: string
  resource_id?: string
  value?: string
}

interface TweetsAnswer<Data> {
  data?: Data
  includes?: { users?: XUser[] }
  errors?: XProblem[]
  meta?: { result_count?: number; next_token?: string; newest_id?: string; oldest_id?: string }
}

/** Mentions may be bounded by the newest id already stored (X's `since_id`). */
export interface XMentionRequest extends MentionRequest {
  sinceId?: string
}

const NOT_FOUND = /resource-not-found/

export async function fetchXPost(client: XClient, id: string): Promise<FetchedPost | null> {
  assertXPostId(id)
  let answer: TweetsAnswer<XTweet>
  try {
    answer = (
      await client.request<TweetsAnswer<XTweet>>({
        method: 'GET',
        path: `/2/tweets/${id}`,
        query: {
          'tweet.fields': 'created_at,author_id,entities',
          expansions: 'author_id',
          'user.fields': 'username',
        },
        action: 'request',
        idempotent: true,
      })
    ).body
  } catch (error) {
    if (NetworkError.isInstance(error) && error.status === 404) return null
    throw error
  }
  // A missing post is a 200 with a resource-not-found problem instead of data.
  const tweet = answer.data
  if (!tweet) {
    if (answer.errors?.some((problem) => NOT_FOUND.test(problem.type ?? ''))) return null
    throw new NetworkError({
      network: 'x',
      kind: 'retryable',
      message: `X: reading post ${id} returned neither the post nor a reason`,
    })
  }
  const author = answer.includes?.users?.find((user) => user.id === tweet.author_id)
  return {
    id: tweet.id,
    url: xPostUrl(client.webUrl, author?.username, tweet.id),
    text: readableText(tweet),
    createdAt: tweet.created_at ?? '',
  }
}

export async function deleteXPost(client: XClient, id: string): Promise<void> {
  assertXPostId(id)
  try {
    await client.request({
      method: 'DELETE',
      path: `/2/tweets/${id}`,
      action: 'delete',
      idempotent: true,
    })
  } catch (error) {
    // Already gone is what the caller wanted.
    if (NetworkError.isInstance(error) && error.status === 404) return
    throw error
  }
}

/** `public_metrics` of each post; X reports impressions too (bookmarks since 2023). */
export async function fetchXMetrics(client: XClient, ids: readonly string[]): Promise<MetricsById> {
  const unique = [...new Set(ids)]
  for (const id of unique) assertXPostId(id)
  const metrics: Record<string, PostMetrics> = {}
  for (let start = 0; start < unique.length; start += IDS_PER_CALL) {
    const { body } = await client.request<TweetsAnswer<XTweet[]>>({
      method: 'GET',
      path: '/2/tweets',
      query: {
        ids: unique.slice(start, start + IDS_PER_CALL).join(','),
        'tweet.fields': 'public_metrics',
      },
      action: 'request',
      idempotent: true,
    })
    // Deleted posts come back in `errors`, not `data`: they stay absent.
    for (const tweet of body.data ?? []) metrics[tweet.id] = metricsOf(tweet.public_metrics ?? {})
  }
  return metrics
}

/** `GET /2/users/me` with `public_metrics`: the account's `followers_count`. */
export async function fetchXFollowerCount(client: XClient): Promise<number | null> {
  const { body } = await client.request<{
    data?: { public_metrics?: { followers_count?: number } }
  }>({
    method: 'GET',
    path: '/2/users/me',
    query: { 'user.fields': 'public_metrics' },
    action: 'request',
    idempotent: true,
  })
  const count = body.data?.public_metrics?.followers_count
  return typeof count === 'number' ? count : null
}

function metricsOf(publicMetrics: Record<string, number | undefined>): PostMetrics {
  const pairs: Array<[keyof PostMetrics, number | undefined]> = [
    ['likes', publicMetrics.like_count],
    ['reposts', publicMetrics.retweet_count],
    ['replies', publicMetrics.reply_count],
    ['quotes', publicMetrics.quote_count],
    ['bookmarks', publicMetrics.bookmark_count],
    ['impressions', publicMetrics.impression_count],
  ]
  return Object.fromEntries(pairs.filter(([, value]) => typeof value === 'number'))
}

/**
 * `GET /2/users/:id/mentions`, newest first. X pages hold 5 to 100 posts; the cursor is X's
 * `pagination_token`, and `sinceId` stops at what the poller already has.
 */
export async function fetchXMentions(
  client: XClient,
  request: XMentionRequest,
): Promise<MentionPage> {
  const maxResults = Math.min(Math.max(request.limit ?? 50, 5), 100)
  const { body } = await client.request<TweetsAnswer<XTweet[]>>({
    method: 'GET',
    path: `/2/users/${client.credentials.userId}/mentions`,
    query: {
      max_results: String(maxResults),
      'tweet.fields': MENTION_TWEET_FIELDS,
      expansions: 'author_id',
      'user.fields': 'username,name,profile_image_url',
      pagination_token: request.cursor,
      since_id: request.sinceId,
    },
    action: 'request',
    idempotent: true,
  })
  const users = new Map((body.includes?.users ?? []).map((user) => [user.id, user]))
  const items = (body.data ?? []).map((tweet) => toMention(client, tweet, users))
  const cursor = items.length > 0 ? body.meta?.next_token : undefined
  return { items, ...(cursor && { cursor }) }
}

function toMention(client: XClient, tweet: XTweet, users: Map<string, XUser>): NetworkMention {
  const author = users.get(tweet.author_id ?? '')
  const repliedTo = tweet.referenced_tweets?.find(
    (reference) => reference.type === 'replied_to',
  )?.id
  const quoted = tweet.referenced_tweets?.find((reference) => reference.type === 'quoted')?.id
  // Answering one of the account's own posts is a reply; naming it elsewhere is a mention.
  const answersUs =
    repliedTo !== undefined && tweet.in_reply_to_user_id === client.credentials.userId
  const kind = answersUs ? 'reply' : quoted ? 'quote' : 'mention'
  return {
    id: tweet.id,
    url: xPostUrl(client.webUrl, author?.username, tweet.id),
    author: {
      id: tweet.author_id ?? '',
      handle: author?.username ?? '',
      ...(author?.name && { displayName: author.name }),
      ...(author?.profile_image_url && { avatarUrl: author.profile_image_url }),
    },
    text: readableText(tweet),
    createdAt: tweet.created_at ?? '',
    kind,
    ...(repliedTo && { inReplyTo: repliedTo }),
    ...(tweet.conversation_id &&
      tweet.conversation_id !== tweet.id && { rootId: tweet.conversation_id }),
    ...(quoted && { quotedId: quoted }),
  }
}

/**
 * X returns text with links as t.co, a t.co link to attached media at the end, and `&`, `<`, `>`
 * escaped as HTML entities; give back what the author wrote.
 */
export function readableText(tweet: Pick<XTweet, 'text' | 'entities'>): string {
  let text = tweet.text ?? ''
  for (const entity of tweet.entities?.urls ?? []) {
    if (!entity.url) continue
    if (entity.media_key) {
      text = text.replace(new RegExp(`\\s*${escapeRegExp(entity.url)}`), '')
    } else if (entity.expanded_url) {
      text = text.replaceAll(entity.url, entity.expanded_url)
    }
  }
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
