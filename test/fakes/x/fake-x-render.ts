/**
 * How X shows a post through API v2: links wrapped in 23-character t.co URLs, a t.co link to
 * attached media at the end, `&`, `<`, `>` as HTML entities, and only the fields asked for.
 */
import { createHash } from 'node:crypto'
import twitterText from 'twitter-text'
import type { FakeXState, FakeXTweet, FakeXUser } from './fake-x-state.js'

export const TWEET_FIELDS = new Set([
  'article',
  'attachments',
  'author_id',
  'card_uri',
  'community_id',
  'context_annotations',
  'conversation_id',
  'created_at',
  'display_text_range',
  'edit_controls',
  'edit_history_tweet_ids',
  'entities',
  'geo',
  'id',
  'in_reply_to_user_id',
  'lang',
  'non_public_metrics',
  'note_tweet',
  'organic_metrics',
  'possibly_sensitive',
  'promoted_metrics',
  'public_metrics',
  'referenced_tweets',
  'reply_settings',
  'scopes',
  'source',
  'text',
  'withheld',
])

export const USER_FIELDS = new Set([
  'created_at',
  'description',
  'entities',
  'id',
  'location',
  'name',
  'pinned_tweet_id',
  'profile_image_url',
  'protected',
  'public_metrics',
  'url',
  'username',
  'verified',
  'withheld',
])

interface UrlEntity {
  start: number
  end: number
  url: string
  expanded_url: string
  display_url: string
  media_key?: string
}

/** Deterministic 10-character t.co slug, so `https://t.co/` + slug is 23 characters. */
function tcoUrl(seed: string): string {
  return `https://t.co/${createHash('sha256').update(seed).digest('hex').slice(0, 10)}`
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

export function renderText(
  tweet: FakeXTweet,
  author: FakeXUser | undefined,
): { text: string; urls: UrlEntity[] } {
  const found = twitterText.extractUrlsWithIndices(tweet.text)
  let text = ''
  let cursor = 0
  const urls: UrlEntity[] = []
  const codePoints = (value: string) => [...value].length
  for (const [index, entity] of found.entries()) {
    text += escapeHtml(tweet.text.slice(cursor, entity.indices[0]))
    const short = tcoUrl(`${tweet.id}:${index}`)
    const start = codePoints(text)
    text += short
    const expanded = /^https?:\/\//i.test(entity.url) ? entity.url : `http://${entity.url}`
    urls.push({
      start,
      end: start + codePoints(short),
      url: short,
      expanded_url: expanded,
      display_url: entity.url.replace(/^https?:\/\//i, '').slice(0, 26),
    })
    cursor = entity.indices[1]
  }
  text += escapeHtml(tweet.text.slice(cursor))
  if (tweet.mediaIds.length > 0) {
    const short = tcoUrl(`${tweet.id}:media`)
    const start = codePoints(text) + (text === '' ? 0 : 1)
    text = text === '' ? short : `${text} ${short}`
    urls.push({
      start,
      end: start + codePoints(short),
      url: short,
      expanded_url: `https://x.com/${author?.username ?? 'i'}/status/${tweet.id}/photo/1`,
      display_url: `pic.x.com/${short.slice(-10)}`,
      media_key: `3_${tweet.mediaIds[0]}`,
    })
  }
  return { text, urls }
}

export function renderTweet(
  state: FakeXState,
  tweet: FakeXTweet,
  fields: ReadonlySet<string>,
): Record<string, unknown> {
  const author = state.users.get(tweet.authorId)
  const { text, urls } = renderText(tweet, author)
  const rendered: Record<string, unknown> = {
    id: tweet.id,
    text,
    edit_history_tweet_ids: [tweet.id],
  }
  if (fields.has('created_at')) rendered.created_at = tweet.createdAt
  if (fields.has('author_id')) rendered.author_id = tweet.authorId
  if (fields.has('conversation_id')) rendered.conversation_id = tweet.conversationId
  if (fields.has('in_reply_to_user_id') && tweet.inReplyToUserId) {
    rendered.in_reply_to_user_id = tweet.inReplyToUserId
  }
  if (fields.has('referenced_tweets')) {
    const references = [
      ...(tweet.inReplyToId ? [{ type: 'replied_to', id: tweet.inReplyToId }] : []),
      ...(tweet.quotedId ? [{ type: 'quoted', id: tweet.quotedId }] : []),
    ]
    if (references.length > 0) rendered.referenced_tweets = references
  }
  if (fields.has('entities')) {
    const mentions = twitterText.extractMentionsWithIndices(tweet.text).flatMap((mention) => {
      const user = state.userByUsername(mention.screenName)
      return user
        ? [
            {
              start: mention.indices[0],
              end: mention.indices[1],
              username: user.username,
              id: user.id,
            },
          ]
        : []
    })
    if (urls.length > 0 || mentions.length > 0) {
      rendered.entities = {
        ...(urls.length > 0 && { urls }),
        ...(mentions.length > 0 && { mentions }),
      }
    }
  }
  if (fields.has('attachments') && tweet.mediaIds.length > 0) {
    rendered.attachments = { media_keys: tweet.mediaIds.map((id) => `3_${id}`) }
  }
  if (fields.has('public_metrics')) rendered.public_metrics = { ...tweet.metrics }
  return rendered
}

export function renderUser(user: FakeXUser, fields: ReadonlySet<string>): Record<string, unknown> {
  return {
    id: user.id,
    name: user.name,
    username: user.username,
    ...(fields.has('profile_image_url') && {
      profile_image_url: `https://pbs.twimg.com/profile_images/${user.id}/normal.jpg`,
    }),
    ...(fields.has('created_at') && { created_at: '2020-01-01T00:00:00.000Z' }),
    ...(fields.has('public_metrics') && {
      public_metrics: {
        followers_count: user.followers ?? 0,
        following_count: 0,
        tweet_count: 0,
        listed_count: 0,
        like_count: 0,
      },
    }),
  }
}
