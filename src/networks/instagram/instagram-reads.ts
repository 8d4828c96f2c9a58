import { isMetaMissingObject } from '../meta/meta-graph-error.js'
import { type InsightsAnswer, readInsightValues } from '../meta/meta-insights.js'
import {
  decodeSourceCursors,
  encodeSourceCursors,
  type GraphPage,
  newestFirst,
  nextAfter,
} from '../meta/meta-mention-cursor.js'
import { metaTime } from '../meta/meta-time.js'
import { NetworkError } from '../spec/network-error.js'
import type { MentionPage, MentionRequest, NetworkMention } from '../spec/network-mention.js'
import type { MetricsById, PostMetrics } from '../spec/post-metrics.js'
import type { FetchedPost } from '../spec/publish-result.js'
import type { InstagramCall } from './instagram-context.js'
import { assertInstagramId, readInstagramObject } from './instagram-objects.js'

export async function fetchInstagramPost(
  call: InstagramCall,
  id: string,
): Promise<FetchedPost | null> {
  const object = await readInstagramObject(call, id)
  if (object.kind === 'missing') return null
  if (object.kind === 'media') {
    return {
      id: object.id,
      url: object.permalink ?? `${call.webUrl}/${call.credentials.username}/`,
      text: object.caption ?? '',
      createdAt: metaTime(object.timestamp),
    }
  }
  return {
    id: object.id,
    url: call.webUrl,
    text: object.text ?? '',
    createdAt: metaTime(object.timestamp),
  }
}

/**
 * Comments can be deleted (`DELETE /{comment-id}`); posts cannot: Instagram gives apps connected
 * through Instagram Login no delete for media. Saying so beats pretending.
 */
export async function deleteInstagramPost(call: InstagramCall, id: string): Promise<void> {
  const object = await readInstagramObject(call, id)
  if (object.kind === 'missing') return
  if (object.kind === 'media') {
    throw new NetworkError({
      network: 'instagram',
      kind: 'content_rejected',
      code: 'delete_unsupported',
      message:
        'Instagram does not let apps delete posts of accounts connected with Instagram Login; delete it in the Instagram app',
    })
  }
  try {
    await call.client.request({
      method: 'DELETE',
      path: `/${id}`,
      action: 'delete',
      idempotent: true,
    })
  } catch (error) {
    if (isMetaMissingObject(error)) return
    throw error
  }
}

interface MediaCounts {
  id: string
  like_count?: number
  comments_count?: number
}

const INSIGHTS: Array<[keyof PostMetrics, string]> = [
  ['views', 'views'],
  ['shares', 'shares'],
  ['saves', 'saved'],
]

/**
 * Likes and comments from the media itself (absent when the owner hid them), views, shares and
 * saves from insights (absent while Instagram has too few viewers to report, or for 48 hours).
 */
/** The professional account's `followers_count`, a field of the account itself. */
export async function fetchInstagramFollowerCount(call: InstagramCall): Promise<number | null> {
  const { userId } = call.credentials
  assertInstagramId(userId)
  const { body } = await call.client.request<{ followers_count?: number }>({
    method: 'GET',
    path: `/${userId}`,
    query: { fields: 'followers_count' },
    action: 'request',
    idempotent: true,
  })
  return typeof body.followers_count === 'number' ? body.followers_count : null
}

export async function fetchInstagramMetrics(
  call: InstagramCall,
  ids: readonly string[],
): Promise<MetricsById> {
  const metrics: Record<string, PostMetrics> = {}
  for (const id of new Set(ids)) {
    assertInstagramId(id)
    let counts: MediaCounts
    try {
      counts = (
        await call.client.request<MediaCounts>({
          method: 'GET',
          path: `/${id}`,
          query: { fields: 'id,like_count,comments_count' },
          action: 'request',
          idempotent: true,
        })
      ).body
    } catch (error) {
      if (isMetaMissingObject(error)) continue
      throw error
    }
    const found: Record<string, number> = {}
    if (typeof counts.like_count === 'number') found.likes = counts.like_count
    if (typeof counts.comments_count === 'number') found.replies = counts.comments_count
    const insights = await fetchInsights(call, id)
    for (const [metric, name] of INSIGHTS) {
      if (insights[name] !== undefined) found[metric] = insights[name]
    }
    metrics[id] = found
  }
  return metrics
}

async function fetchInsights(call: InstagramCall, id: string): Promise<Record<string, number>> {
  try {
    const { body } = await call.client.request<InsightsAnswer>({
      method: 'GET',
      path: `/${id}/insights`,
      query: { metric: INSIGHTS.map(([, name]) => name).join(',') },
      action: 'request',
      idempotent: true,
    })
    return readInsightValues(body)
  } catch (error) {
    // "(#10) Not enough viewers", or no insights permission: those numbers are not known.
    if (NetworkError.isInstance(error) && error.kind !== 'retryable') return {}
    throw error
  }
}

interface IgComment {
  id: string
  text?: string
  timestamp?: string
  username?: string
  from?: { id?: string; username?: string }
  replies?: GraphPage<IgComment>
}

interface IgMedia {
  id: string
  caption?: string
  timestamp?: string
  permalink?: string
  username?: string
  comments?: GraphPage<IgComment>
}

const COMMENT_FIELDS = 'id,text,timestamp,username,from'
/** Own posts whose comments one page reads. */
const MEDIA_PER_PAGE = 10

/**
 * Comments (and replies to them) on the account's recent posts, and posts by others that tag the
 * account (`/{ig-user-id}/tags`), newest first, one cursor for both. Caption and comment
 * @mentions arrive only by webhook, which Murmur does not receive yet.
 */
export async function fetchInstagramMentions(
  call: InstagramCall,
  request: MentionRequest,
): Promise<MentionPage> {
  const { userId } = call.credentials
  const limit = Math.min(Math.max(request.limit ?? 25, 1), 50)
  const cursors = decodeSourceCursors(request.cursor)
  const next: Record<string, string | null> = { media: null, tags: null }
  const items: NetworkMention[] = []
  const get = async <Body>(path: string, query: Record<string, string | undefined>) =>
    (
      await call.client.request<Body>({
        method: 'GET',
        path,
        query,
        action: 'request',
        idempotent: true,
      })
    ).body

  if (cursors.media !== null) {
    const media = await get<GraphPage<IgMedia>>(`/${userId}/media`, {
      fields: `id,timestamp,permalink,comments.limit(${limit}){${COMMENT_FIELDS},replies{${COMMENT_FIELDS}}}`,
      limit: String(MEDIA_PER_PAGE),
      after: cursors.media,
    })
    for (const post of media.data ?? []) {
      for (const comment of post.comments?.data ?? []) {
        items.push(...commentMentions(call, post, comment))
      }
    }
    next.media = nextAfter(media.paging)
  }
  if (cursors.tags !== null) {
    const tags = await get<GraphPage<IgMedia>>(`/${userId}/tags`, {
      fields: 'id,caption,timestamp,permalink,username',
      limit: String(limit),
      after: cursors.tags,
    })
    for (const post of tags.data ?? []) {
      const handle = post.username ?? ''
      items.push({
        id: post.id,
        url: post.permalink ?? call.webUrl,
        author: { id: handle, handle },
        text: post.caption ?? '',
        createdAt: metaTime(post.timestamp),
        kind: 'mention',
      })
    }
    next.tags = nextAfter(tags.paging)
  }
  const cursor = encodeSourceCursors(next)
  return { items: newestFirst(items), ...(cursor && { cursor }) }
}

function commentMentions(call: InstagramCall, post: IgMedia, comment: IgComment): NetworkMention[] {
  const mentions: NetworkMention[] = []
  const own = (item: IgComment) =>
    item.from?.id === call.credentials.userId || item.username === call.credentials.username
  const toMention = (item: IgComment, inReplyTo: string): NetworkMention => {
    const handle = item.from?.username ?? item.username ?? ''
    return {
      id: item.id,
      url: post.permalink ? `${post.permalink.replace(/\/$/, '')}/c/${item.id}/` : call.webUrl,
      author: { id: item.from?.id ?? handle, handle },
      text: item.text ?? '',
      createdAt: metaTime(item.timestamp),
      kind: 'comment',
      inReplyTo,
      rootId: post.id,
    }
  }
  if (!own(comment)) mentions.push(toMention(comment, post.id))
  for (const reply of comment.replies?.data ?? []) {
    if (!own(reply)) mentions.push(toMention(reply, comment.id))
  }
  return mentions
}
