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
import type { FacebookCall } from './facebook-context.js'
import { assertFacebookId } from './facebook-publish.js'
import { facebookCommentUrl, facebookPostUrl } from './facebook-urls.js'

interface GraphObject {
  id: string
  message?: string
  created_time?: string
  permalink_url?: string
}

export async function fetchFacebookPost(
  call: FacebookCall,
  id: string,
): Promise<FetchedPost | null> {
  assertFacebookId(id)
  try {
    const { body } = await call.client.request<GraphObject>({
      method: 'GET',
      path: `/${id}`,
      query: { fields: 'id,message,created_time,permalink_url' },
      action: 'request',
      idempotent: true,
    })
    return {
      id: body.id,
      url: body.permalink_url ?? facebookPostUrl(call.webUrl, body.id),
      text: body.message ?? '',
      createdAt: metaTime(body.created_time),
    }
  } catch (error) {
    if (isMetaMissingObject(error)) return null
    throw error
  }
}

/** `DELETE /{id}`; a post or comment already gone is what the caller wanted. */
export async function deleteFacebookPost(call: FacebookCall, id: string): Promise<void> {
  assertFacebookId(id)
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

interface EngagementAnswer {
  id: string
  reactions?: { summary?: { total_count?: number } }
  comments?: { summary?: { total_count?: number } }
  shares?: { count?: number }
}

/**
 * Reactions (as likes), comments and shares from the post itself; views from insights
 * (`post_media_view`, which replaced impressions in November 2025). Insights need `read_insights`;
 * without it views stay absent.
 */
export async function fetchFacebookMetrics(
  call: FacebookCall,
  ids: readonly string[],
): Promise<MetricsById> {
  const metrics: Record<string, PostMetrics> = {}
  for (const id of new Set(ids)) {
    assertFacebookId(id)
    let body: EngagementAnswer
    try {
      body = (
        await call.client.request<EngagementAnswer>({
          method: 'GET',
          path: `/${id}`,
          query: {
            fields:
              'id,reactions.limit(0).summary(total_count),comments.limit(0).summary(total_count),shares',
          },
          action: 'request',
          idempotent: true,
        })
      ).body
    } catch (error) {
      if (isMetaMissingObject(error)) continue
      throw error
    }
    const found: Record<string, number> = {}
    const likes = body.reactions?.summary?.total_count
    const replies = body.comments?.summary?.total_count
    if (typeof likes === 'number') found.likes = likes
    if (typeof replies === 'number') found.replies = replies
    // Facebook leaves `shares` out of a post nobody shared: that is a real 0.
    found.shares = body.shares?.count ?? 0
    const views = await fetchViews(call, id)
    if (views !== undefined) found.views = views
    metrics[id] = found
  }
  return metrics
}

/**
 * The Page's `followers_count` (people who follow it); `fan_count` (people who like it) for a
 * Page that reports no followers.
 */
export async function fetchFacebookFollowerCount(call: FacebookCall): Promise<number | null> {
  const { pageId } = call.credentials
  assertFacebookId(pageId)
  const { body } = await call.client.request<{ followers_count?: number; fan_count?: number }>({
    method: 'GET',
    path: `/${pageId}`,
    query: { fields: 'followers_count,fan_count' },
    action: 'request',
    idempotent: true,
  })
  const count = body.followers_count ?? body.fan_count
  return typeof count === 'number' ? count : null
}

async function fetchViews(call: FacebookCall, id: string): Promise<number | undefined> {
  try {
    const { body } = await call.client.request<InsightsAnswer>({
      method: 'GET',
      path: `/${id}/insights`,
      query: { metric: 'post_media_view' },
      action: 'request',
      idempotent: true,
    })
    return readInsightValues(body).post_media_view
  } catch (error) {
    // No read_insights permission, or no insights for this object: views are simply not known.
    if (NetworkError.isInstance(error) && error.kind !== 'retryable') return undefined
    throw error
  }
}

interface GraphComment {
  id: string
  message?: string
  created_time?: string
  from?: { id?: string; name?: string }
  parent?: { id?: string }
  permalink_url?: string
}

interface FeedPost extends GraphObject {
  comments?: GraphPage<GraphComment>
}

interface TaggedPost extends GraphObject {
  from?: { id?: string; name?: string }
}

const COMMENT_FIELDS = 'id,message,created_time,from{id,name},parent{id},permalink_url'

/**
 * Comments on the Page's recent posts (`/{page-id}/feed` with each post's comments, all levels,
 * newest first) and posts that tag the Page (`/{page-id}/tagged`), merged newest first. The
 * cursor pages through both. Comments on older posts show up on later pages: Page webhooks
 * would be the realtime path.
 */
export async function fetchFacebookMentions(
  call: FacebookCall,
  request: MentionRequest,
): Promise<MentionPage> {
  const { pageId } = call.credentials
  const limit = Math.min(Math.max(request.limit ?? 25, 1), 100)
  const cursors = decodeSourceCursors(request.cursor)
  const items: NetworkMention[] = []
  const next: Record<string, string | null> = { feed: null, tagged: null }

  if (cursors.feed !== null) {
    const { body } = await call.client.request<GraphPage<FeedPost>>({
      method: 'GET',
      path: `/${pageId}/feed`,
      query: {
        fields: `id,created_time,comments.filter(stream).order(reverse_chronological).limit(50){${COMMENT_FIELDS}}`,
        limit: String(limit),
        ...(cursors.feed && { after: cursors.feed }),
      },
      action: 'request',
      idempotent: true,
    })
    for (const post of body.data ?? []) {
      for (const comment of post.comments?.data ?? []) {
        if (comment.from?.id === pageId) continue
        items.push(commentMention(call, post.id, comment))
      }
    }
    next.feed = nextAfter(body.paging)
  }
  if (cursors.tagged !== null) {
    const { body } = await call.client.request<GraphPage<TaggedPost>>({
      method: 'GET',
      path: `/${pageId}/tagged`,
      query: {
        fields: 'id,message,created_time,from{id,name},permalink_url',
        limit: String(limit),
        ...(cursors.tagged && { after: cursors.tagged }),
      },
      action: 'request',
      idempotent: true,
    })
    for (const post of body.data ?? []) items.push(taggedMention(call, post))
    next.tagged = nextAfter(body.paging)
  }
  const cursor = encodeSourceCursors(next)
  return { items: newestFirst(items), ...(cursor && { cursor }) }
}

function commentMention(call: FacebookCall, postId: string, comment: GraphComment): NetworkMention {
  const parentId = comment.parent?.id
  return {
    id: comment.id,
    url:
      comment.permalink_url ??
      facebookCommentUrl(call.webUrl, call.credentials.pageId, parentId ?? postId, comment.id),
    author: {
      id: comment.from?.id ?? '',
      handle: comment.from?.name ?? '',
      ...(comment.from?.name && { displayName: comment.from.name }),
    },
    text: comment.message ?? '',
    createdAt: metaTime(comment.created_time),
    kind: 'comment',
    inReplyTo: parentId ?? postId,
    rootId: postId,
  }
}

function taggedMention(call: FacebookCall, post: TaggedPost): NetworkMention {
  return {
    id: post.id,
    url: post.permalink_url ?? facebookPostUrl(call.webUrl, post.id),
    author: {
      id: post.from?.id ?? '',
      handle: post.from?.name ?? '',
      ...(post.from?.name && { displayName: post.from.name }),
    },
    text: post.message ?? '',
    createdAt: metaTime(post.created_time),
    kind: 'mention',
  }
}
