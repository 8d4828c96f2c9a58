import { NetworkError } from '../spec/network-error.js'
import type { MentionPage, MentionRequest, NetworkMention } from '../spec/network-mention.js'
import type { MetricsById, PostMetrics } from '../spec/post-metrics.js'
import type { FetchedPost } from '../spec/publish-result.js'
import type { LinkedInClient } from './linkedin-client.js'
import { fromLittleText } from './linkedin-little-text.js'
import {
  assertLinkedInId,
  encodeUrn,
  linkedInCommentUrl,
  linkedInPostUrl,
  parseCommentUrn,
} from './linkedin-urns.js'

interface LinkedInPost {
  id: string
  author?: string
  commentary?: string
  createdAt?: number
  publishedAt?: number
}

interface LinkedInComment {
  id?: string
  $URN?: string
  actor?: string
  object?: string
  parentComment?: string
  message?: { text?: string }
  created?: { time?: number }
}

const isGone = (error: unknown) =>
  NetworkError.isInstance(error) && (error.status === 404 || error.status === 410)

export async function fetchLinkedInPost(
  client: LinkedInClient,
  id: string,
): Promise<FetchedPost | null> {
  assertLinkedInId(id)
  const comment = parseCommentUrn(id)
  try {
    if (comment) {
      const { body } = await client.request<LinkedInComment>({
        method: 'GET',
        path: `/rest/socialActions/${encodeUrn(comment.parent)}/comments/${comment.commentId}`,
        action: 'request',
        idempotent: true,
      })
      return {
        id,
        url: linkedInCommentUrl(client.webUrl, id),
        text: fromLittleText(body.message?.text ?? ''),
        createdAt: isoTime(body.created?.time),
      }
    }
    const { body } = await client.request<LinkedInPost>({
      method: 'GET',
      path: `/rest/posts/${encodeUrn(id)}`,
      action: 'request',
      idempotent: true,
    })
    return {
      id,
      url: linkedInPostUrl(client.webUrl, id),
      text: fromLittleText(body.commentary ?? ''),
      createdAt: isoTime(body.publishedAt ?? body.createdAt),
    }
  } catch (error) {
    if (isGone(error)) return null
    throw error
  }
}

/** `DELETE /rest/posts/{urn}` (204), or the comment with its actor; already gone is fine. */
export async function deleteLinkedInPost(client: LinkedInClient, id: string): Promise<void> {
  assertLinkedInId(id)
  const comment = parseCommentUrn(id)
  try {
    await client.request({
      method: 'DELETE',
      path: comment
        ? `/rest/socialActions/${encodeUrn(comment.parent)}/comments/${comment.commentId}`
        : `/rest/posts/${encodeUrn(id)}`,
      ...(comment && { query: { actor: client.credentials.author } }),
      action: 'delete',
      idempotent: true,
    })
  } catch (error) {
    if (isGone(error)) return
    throw error
  }
}

interface SocialMetadata {
  reactionSummaries?: Record<string, { count?: number }>
  commentSummary?: { count?: number; topLevelCount?: number }
}

/**
 * Reactions (all kinds, as likes) and comments from `socialMetadata`. Impressions and clicks
 * exist only for organization posts (share statistics), which Murmur does not connect yet.
 */
export async function fetchLinkedInMetrics(
  client: LinkedInClient,
  ids: readonly string[],
): Promise<MetricsById> {
  const metrics: Record<string, PostMetrics> = {}
  for (const id of new Set(ids)) {
    assertLinkedInId(id)
    let body: SocialMetadata
    try {
      body = (
        await client.request<SocialMetadata>({
          method: 'GET',
          path: `/rest/socialMetadata/${encodeUrn(id)}`,
          action: 'request',
          idempotent: true,
        })
      ).body
    } catch (error) {
      if (isGone(error)) continue
      throw error
    }
    const found: Record<string, number> = {}
    if (body.reactionSummaries) {
      found.likes = Object.values(body.reactionSummaries).reduce(
        (sum, reaction) => sum + (reaction.count ?? 0),
        0,
      )
    }
    if (typeof body.commentSummary?.count === 'number') found.replies = body.commentSummary.count
    metrics[id] = found
  }
  return metrics
}

/**
 * A LinkedIn Page's followers (`GET /rest/networkSizes/{organization urn}` with edge type
 * `COMPANY_FOLLOWED_BY_MEMBER`, Community Management scope). LinkedIn gives no follower count for
 * a member's own profile to apps like Murmur: null, without a call.
 */
export async function fetchLinkedInFollowerCount(client: LinkedInClient): Promise<number | null> {
  const { author } = client.credentials
  if (!author.startsWith('urn:li:organization:')) return null
  const { body } = await client.request<{ firstDegreeSize?: number }>({
    method: 'GET',
    path: `/rest/networkSizes/${encodeUrn(author)}`,
    query: { edgeType: 'COMPANY_FOLLOWED_BY_MEMBER' },
    action: 'request',
    idempotent: true,
  })
  return typeof body.firstDegreeSize === 'number' ? body.firstDegreeSize : null
}

interface Elements<Item> {
  elements?: Item[]
  paging?: { start?: number; count?: number; total?: number }
}

const POSTS_PER_PAGE = 10

/**
 * Comments on the account's recent posts, newest first. Reading a member's posts and comments
 * needs `r_member_social`, which LinkedIn grants only to approved partners; without it LinkedIn
 * answers 403 and Murmur says so.
 */
export async function fetchLinkedInMentions(
  client: LinkedInClient,
  request: MentionRequest,
): Promise<MentionPage> {
  const start = Number(request.cursor ?? 0) || 0
  const { author } = client.credentials
  const { body } = await client
    .request<Elements<LinkedInPost>>({
      method: 'GET',
      path: '/rest/posts',
      query: {
        q: 'author',
        author,
        count: String(POSTS_PER_PAGE),
        start: String(start),
        sortBy: 'LAST_MODIFIED',
      },
      action: 'request',
      idempotent: true,
    })
    .catch((error: unknown) => {
      throw readingNeedsPermission(error)
    })
  const items: NetworkMention[] = []
  const limit = Math.min(Math.max(request.limit ?? 50, 1), 100)
  for (const post of body.elements ?? []) {
    const comments = await client.request<Elements<LinkedInComment>>({
      method: 'GET',
      path: `/rest/socialActions/${encodeUrn(post.id)}/comments`,
      query: { count: String(limit) },
      action: 'request',
      idempotent: true,
    })
    for (const comment of comments.body.elements ?? []) {
      if (!comment.actor || comment.actor === author) continue
      const urn = comment.$URN ?? `urn:li:comment:(${post.id},${comment.id})`
      items.push({
        id: urn,
        url: linkedInCommentUrl(client.webUrl, urn),
        // LinkedIn gives members' names only to approved partners: the URN is what Murmur has.
        author: { id: comment.actor, handle: comment.actor },
        text: fromLittleText(comment.message?.text ?? ''),
        createdAt: isoTime(comment.created?.time),
        kind: 'comment',
        inReplyTo: comment.parentComment ?? post.id,
        rootId: post.id,
      })
    }
  }
  const returned = body.elements?.length ?? 0
  const total = body.paging?.total
  const more = total !== undefined ? start + returned < total : returned === POSTS_PER_PAGE
  items.sort((left, right) => Date.parse(right.createdAt) - Date.parse(left.createdAt))
  return { items, ...(more && returned > 0 && { cursor: String(start + returned) }) }
}

/** A 403 here is LinkedIn's restricted read permission, not a broken channel: say which. */
function readingNeedsPermission(error: unknown): unknown {
  if (!NetworkError.isInstance(error) || error.status !== 403) return error
  const permission = /organization/.test(error.reason ?? '')
    ? 'r_organization_social'
    : 'r_member_social'
  return new NetworkError({
    ...error.toOptions(),
    message: `LinkedIn: reading posts and comments needs the ${permission} permission, which LinkedIn grants only to approved partners; the inbox stays empty for this channel`,
  })
}

function isoTime(milliseconds: number | undefined): string {
  return typeof milliseconds === 'number' ? new Date(milliseconds).toISOString() : ''
}
