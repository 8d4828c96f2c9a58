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
import type {
  MentionKind,
  MentionPage,
  MentionRequest,
  NetworkMention,
} from '../spec/network-mention.js'
import type { MetricsById, PostMetrics } from '../spec/post-metrics.js'
import type { FetchedPost } from '../spec/publish-result.js'
import type { ThreadsCall } from './threads-context.js'

interface ThreadsMedia {
  id: string
  text?: string
  timestamp?: string
  permalink?: string
  username?: string
  replied_to?: { id?: string }
  root_post?: { id?: string }
  is_reply_owned_by_me?: boolean
}

export async function fetchThreadsPost(call: ThreadsCall, id: string): Promise<FetchedPost | null> {
  assertThreadsId(id)
  try {
    const { body } = await call.client.request<ThreadsMedia>({
      method: 'GET',
      path: `/${id}`,
      query: { fields: 'id,text,timestamp,permalink' },
      action: 'request',
      idempotent: true,
    })
    return {
      id: body.id,
      url: body.permalink ?? `${call.webUrl}/@${call.credentials.username}`,
      text: body.text ?? '',
      createdAt: metaTime(body.timestamp),
    }
  } catch (error) {
    if (isMetaMissingObject(error)) return null
    throw error
  }
}

/** `DELETE /{id}` (Threads allows 100 a day); a post already gone is what the caller wanted. */
export async function deleteThreadsPost(call: ThreadsCall, id: string): Promise<void> {
  assertThreadsId(id)
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

const METRICS: Array<[keyof PostMetrics, string]> = [
  ['views', 'views'],
  ['likes', 'likes'],
  ['replies', 'replies'],
  ['reposts', 'reposts'],
  ['quotes', 'quotes'],
  ['shares', 'shares'],
]

/** `GET /{id}/insights` per post; replies count top-level replies only, as Threads does. */
export async function fetchThreadsMetrics(
  call: ThreadsCall,
  ids: readonly string[],
): Promise<MetricsById> {
  const metrics: Record<string, PostMetrics> = {}
  for (const id of new Set(ids)) {
    assertThreadsId(id)
    let answer: InsightsAnswer
    try {
      answer = (
        await call.client.request<InsightsAnswer>({
          method: 'GET',
          path: `/${id}/insights`,
          query: { metric: METRICS.map(([, name]) => name).join(',') },
          action: 'request',
          idempotent: true,
        })
      ).body
    } catch (error) {
      if (isMetaMissingObject(error)) continue
      throw error
    }
    const values = readInsightValues(answer)
    const found: Record<string, number> = {}
    for (const [metric, name] of METRICS) {
      if (values[name] !== undefined) found[metric] = values[name]
    }
    metrics[id] = found
  }
  return metrics
}

/**
 * The profile's `followers_count` from the user insights (`GET /{user-id}/threads_insights`, a
 * total value; needs `threads_manage_insights`).
 */
export async function fetchThreadsFollowerCount(call: ThreadsCall): Promise<number | null> {
  const { userId } = call.credentials
  assertThreadsId(userId)
  const { body } = await call.client.request<InsightsAnswer>({
    method: 'GET',
    path: `/${userId}/threads_insights`,
    query: { metric: 'followers_count' },
    action: 'request',
    idempotent: true,
  })
  return readInsightValues(body).followers_count ?? null
}

const REPLY_FIELDS =
  'id,text,username,timestamp,permalink,replied_to,root_post,is_reply_owned_by_me'
/** Own posts whose conversations one page reads: each costs a request. */
const POSTS_PER_PAGE = 5

/**
 * Mentions of the profile (`/{user-id}/mentions`) and replies under its recent posts
 * (`/{post-id}/conversation`, every depth), newest first, one cursor for both.
 */
export async function fetchThreadsMentions(
  call: ThreadsCall,
  request: MentionRequest,
): Promise<MentionPage> {
  const { userId } = call.credentials
  const limit = Math.min(Math.max(request.limit ?? 25, 1), 100)
  const cursors = decodeSourceCursors(request.cursor)
  const next: Record<string, string | null> = { mentions: null, posts: null }
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

  if (cursors.mentions !== null) {
    const page = await get<GraphPage<ThreadsMedia>>(`/${userId}/mentions`, {
      fields: REPLY_FIELDS,
      limit: String(limit),
      after: cursors.mentions,
    })
    for (const media of page.data ?? []) items.push(toMention(call, media, 'mention'))
    next.mentions = nextAfter(page.paging)
  }
  if (cursors.posts !== null) {
    const posts = await get<GraphPage<ThreadsMedia>>(`/${userId}/threads`, {
      fields: 'id,timestamp',
      limit: String(POSTS_PER_PAGE),
      after: cursors.posts,
    })
    for (const post of posts.data ?? []) {
      const conversation = await get<GraphPage<ThreadsMedia>>(`/${post.id}/conversation`, {
        fields: REPLY_FIELDS,
        reverse: 'true',
        limit: String(limit),
      })
      for (const reply of conversation.data ?? []) {
        if (reply.is_reply_owned_by_me || reply.username === call.credentials.username) continue
        items.push(toMention(call, reply, 'reply'))
      }
    }
    next.posts = nextAfter(posts.paging)
  }
  const cursor = encodeSourceCursors(next)
  return { items: newestFirst(items), ...(cursor && { cursor }) }
}

function toMention(call: ThreadsCall, media: ThreadsMedia, kind: MentionKind): NetworkMention {
  const handle = media.username ?? ''
  return {
    id: media.id,
    url: media.permalink ?? `${call.webUrl}/@${handle}`,
    // Threads shows others only by username: it is the stable handle Murmur can have.
    author: { id: handle, handle },
    text: media.text ?? '',
    createdAt: metaTime(media.timestamp),
    kind,
    ...(media.replied_to?.id && { inReplyTo: media.replied_to.id }),
    ...(media.root_post?.id && media.root_post.id !== media.id && { rootId: media.root_post.id }),
  }
}

export function assertThreadsId(id: string): void {
  if (!/^\d{1,25}$/.test(id)) {
    throw new NetworkError({
      network: 'threads',
      kind: 'content_rejected',
      message: `Threads: "${id}" is not a Threads post id`,
    })
  }
}
