import {
  AppBskyEmbedRecord,
  AppBskyEmbedRecordWithMedia,
  type AppBskyFeedDefs,
  AppBskyFeedPost,
  type AppBskyNotificationListNotifications,
} from '@atproto/api'
import { findNetworkError, NetworkError } from '../spec/network-error.js'
import type {
  MentionKind,
  MentionPage,
  MentionRequest,
  NetworkMention,
} from '../spec/network-mention.js'
import type { MetricsById, PostMetrics } from '../spec/post-metrics.js'
import type { FetchedPost } from '../spec/publish-result.js'
import { toBlueskyError } from './bluesky-failure.js'
import type { BlueskyCallContext } from './bluesky-publish.js'
import { POST_COLLECTION, parsePostId, postUrl } from './bluesky-urls.js'

/** getPosts takes at most 25 URIs per call. */
const POSTS_PER_CALL = 25
const MENTION_REASONS: readonly MentionKind[] = ['mention', 'reply', 'quote']

export async function fetchBlueskyPost(
  context: BlueskyCallContext,
  id: string,
): Promise<FetchedPost | null> {
  const { repo, rkey } = parsePostId(id)
  try {
    const { data } = await context.agent.com.atproto.repo.getRecord({
      repo,
      collection: POST_COLLECTION,
      rkey,
    })
    const value = data.value as Partial<AppBskyFeedPost.Record>
    return {
      id: data.uri,
      url: postUrl(context.webUrl, data.uri),
      text: typeof value.text === 'string' ? value.text : '',
      createdAt: typeof value.createdAt === 'string' ? value.createdAt : '',
    }
  } catch (error) {
    if (findNetworkError(error)?.code === 'RecordNotFound') return null
    throw toBlueskyError(error, true)
  }
}

export async function deleteBlueskyPost(context: BlueskyCallContext, id: string): Promise<void> {
  const { repo, rkey } = parsePostId(id)
  if (repo !== context.did) {
    throw new NetworkError({
      network: 'bluesky',
      kind: 'content_rejected',
      message: `Bluesky: ${id} belongs to another account; only the channel's own posts can be deleted`,
    })
  }
  try {
    await context.agent.com.atproto.repo.deleteRecord({
      repo,
      collection: POST_COLLECTION,
      rkey,
    })
  } catch (error) {
    throw toBlueskyError(error, true)
  }
}

/** Counts come from the AppView (through the PDS); Bluesky offers no impressions or views. */
export async function fetchBlueskyMetrics(
  context: BlueskyCallContext,
  ids: readonly string[],
): Promise<MetricsById> {
  const unique = [...new Set(ids)]
  for (const id of unique) parsePostId(id)
  const metrics: Record<string, PostMetrics> = {}
  for (let start = 0; start < unique.length; start += POSTS_PER_CALL) {
    const uris = unique.slice(start, start + POSTS_PER_CALL)
    try {
      const { data } = await context.agent.app.bsky.feed.getPosts({ uris })
      for (const post of data.posts) metrics[post.uri] = metricsOf(post)
    } catch (error) {
      throw toBlueskyError(error, true)
    }
  }
  return metrics
}

/** The account's `followersCount` from its profile (`app.bsky.actor.getProfile`, AppView). */
export async function fetchBlueskyFollowerCount(
  context: BlueskyCallContext,
): Promise<number | null> {
  try {
    const { data } = await context.agent.app.bsky.actor.getProfile({ actor: context.did })
    return typeof data.followersCount === 'number' ? data.followersCount : null
  } catch (error) {
    throw toBlueskyError(error, true)
  }
}

function metricsOf(post: AppBskyFeedDefs.PostView): PostMetrics {
  const counts: Array<[keyof PostMetrics, number | undefined]> = [
    ['likes', post.likeCount],
    ['reposts', post.repostCount],
    ['replies', post.replyCount],
    ['quotes', post.quoteCount],
    ['bookmarks', post.bookmarkCount],
  ]
  return Object.fromEntries(counts.filter(([, value]) => typeof value === 'number'))
}

export async function fetchBlueskyMentions(
  context: BlueskyCallContext,
  request: MentionRequest,
): Promise<MentionPage> {
  try {
    const { data } = await context.agent.app.bsky.notification.listNotifications({
      reasons: [...MENTION_REASONS],
      limit: Math.min(Math.max(request.limit ?? 50, 1), 100),
      ...(request.cursor && { cursor: request.cursor }),
    })
    const items = data.notifications.flatMap((notification) => {
      const mention = toMention(context, notification)
      return mention ? [mention] : []
    })
    // An empty page still carries a cursor; report the end instead.
    const cursor = data.notifications.length > 0 ? data.cursor : undefined
    return { items, ...(cursor && { cursor }) }
  } catch (error) {
    throw toBlueskyError(error, true)
  }
}

function toMention(
  context: BlueskyCallContext,
  notification: AppBskyNotificationListNotifications.Notification,
): NetworkMention | undefined {
  const kind = MENTION_REASONS.find((reason) => reason === notification.reason)
  const validated = AppBskyFeedPost.validateRecord(notification.record)
  if (!kind || !validated.success) return undefined
  const record = validated.value
  const { author } = notification
  const quotedId = quotedPostId(record.embed)
  return {
    id: notification.uri,
    url: postUrl(context.webUrl, notification.uri),
    author: {
      id: author.did,
      handle: author.handle,
      ...(author.displayName && { displayName: author.displayName }),
      ...(author.avatar && { avatarUrl: author.avatar }),
    },
    text: record.text,
    createdAt: record.createdAt || notification.indexedAt,
    kind,
    ...(record.reply && { inReplyTo: record.reply.parent.uri, rootId: record.reply.root.uri }),
    ...(quotedId && { quotedId }),
  }
}

function quotedPostId(embed: AppBskyFeedPost.Record['embed']): string | undefined {
  if (AppBskyEmbedRecord.isMain(embed)) return embed.record.uri
  if (AppBskyEmbedRecordWithMedia.isMain(embed)) return embed.record.record.uri
  return undefined
}
