import { isMurmurError } from '../core/errors.js'
import { feedBackoffMs } from '../core/feeds/backoff.js'
import { type FeedItem, itemKeys, parseFeedDocument } from '../core/feeds/parse-feed.js'
import { renderTemplate } from '../core/feeds/template.js'
import type { Murmur } from '../murmur.js'
import {
  isSafeFetchError,
  murmurUserAgent,
  type SafeFetchOptions,
  safeFetch,
} from '../net/safe-fetch/index.js'
import type { TextCapabilities } from '../networks/spec/index.js'
import type { FeedItemOutcome, FeedsTable } from '../storage/tables/post-import-feeds.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { networkForChannel } from './channel-capabilities.js'
import type { Channel } from './channels.js'
import { feedRow } from './feeds.js'
import { createPost } from './posts.js'

/** A feed that publishes many items at once still makes only this many posts per poll. */
export const MAX_POSTS_PER_POLL = 5
const FEED_MAX_BYTES = 5 * 1024 * 1024

export interface FeedPollSettings {
  /** Time between two polls of a feed that answers. */
  intervalMs: number
  /** Tests only: fetch options such as allowLoopback for a local feed server. */
  fetch?: Partial<SafeFetchOptions>
}

export interface FeedPollResult {
  feed_id: string
  status: 'ok' | 'not_modified' | 'failed'
  new_items: number
  posts: string[]
  error: string | null
}

/** Why a fetch gave no feed, for the person who typed the address. */
function fetchProblem(error: unknown): string {
  if (isSafeFetchError(error)) return error.message
  return error instanceof Error ? error.message : String(error)
}

async function fetchFeed(murmur: Murmur, feed: FeedsTable, settings: FeedPollSettings) {
  const headers: Record<string, string> = {
    accept:
      'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5',
  }
  // Conditional request: an unchanged feed answers 304 with no body.
  if (feed.etag) headers['if-none-match'] = feed.etag
  if (feed.last_modified) headers['if-modified-since'] = feed.last_modified
  return safeFetch(feed.url, {
    headers,
    maxBytes: FEED_MAX_BYTES,
    timeoutMs: 20_000,
    userAgent: murmurUserAgent(murmur.config.publicUrl),
    ...settings.fetch,
  })
}

/** Oldest first, so posts come out in the order the blog published them; undated items last. */
function inPublishingOrder(items: FeedItem[]): FeedItem[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const at = a.item.publishedAt ?? Number.POSITIVE_INFINITY
      const bt = b.item.publishedAt ?? Number.POSITIVE_INFINITY
      return at === bt ? b.index - a.index : at - bt
    })
    .map(({ item }) => item)
}

async function liveChannels(scope: WorkspaceScope, ids: string[]): Promise<Channel[]> {
  if (ids.length === 0) return []
  const rows = await scope.selectFrom('channels').selectAll().where('id', 'in', ids).execute()
  return rows as unknown as Channel[]
}

/**
 * One poll of a feed this process has leased: fetch (conditional), read, and turn each new item
 * into a post. An item is recorded under its keys before its post is made, so it is never posted
 * twice, even if the process dies halfway (it is then not posted at all, which is the safe side).
 * Items published before the feed was connected are recorded and skipped. Releases the lease.
 */
export async function pollFeed(
  murmur: Murmur,
  claimed: { workspace_id: string; id: string },
  workerId: string,
  settings: FeedPollSettings,
): Promise<FeedPollResult> {
  const scope = new WorkspaceScope(murmur.db, claimed.workspace_id)
  const feed = await feedRow(scope, claimed.id)
  const result: FeedPollResult = {
    feed_id: feed.id,
    status: 'ok',
    new_items: 0,
    posts: [],
    error: null,
  }
  const finish = async (update: Partial<FeedsTable>) => {
    const now = murmur.now()
    await scope
      .updateTable('feeds')
      .set({
        ...update,
        last_polled_at: now,
        lease_owner: null,
        lease_expires_at: null,
        updated_at: now,
      })
      .where('id', '=', feed.id)
      .where('lease_owner', '=', workerId)
      .execute()
  }
  const fail = async (message: string) => {
    const failures = feed.failures + 1
    result.status = 'failed'
    result.error = message
    await finish({
      failures,
      last_error: message,
      next_poll_at: murmur.now() + feedBackoffMs(failures, settings.intervalMs),
    })
    return result
  }

  let response: Awaited<ReturnType<typeof safeFetch>>
  try {
    response = await fetchFeed(murmur, feed, settings)
  } catch (error) {
    return fail(`The feed could not be fetched: ${fetchProblem(error)}`)
  }
  const success = {
    failures: 0,
    last_error: null,
    last_success_at: murmur.now(),
    next_poll_at: murmur.now() + settings.intervalMs,
  }
  if (response.status === 304) {
    result.status = 'not_modified'
    await finish({ ...success, first_polled_at: feed.first_polled_at ?? murmur.now() })
    return result
  }
  if (!response.ok) return fail(`The feed answered HTTP ${response.status}.`)
  let parsed: ReturnType<typeof parseFeedDocument>
  try {
    parsed = parseFeedDocument(response.text ?? response.body.toString('utf8'))
  } catch (error) {
    return fail(
      `The feed could not be read: ${error instanceof Error ? error.message : String(error)}.`,
    )
  }

  const channels = await liveChannels(scope, JSON.parse(feed.channel_ids) as string[])
  if (channels.length === 0) {
    return fail('The feed’s channels were all removed: choose channels for it again.')
  }
  const firstPoll = feed.first_polled_at === null
  let posted = 0
  for (const item of inPublishingOrder(parsed.items)) {
    const keys = itemKeys(item)
    const known = await scope
      .selectFrom('feed_items')
      .select('item_key')
      .where('feed_id', '=', feed.id)
      .where('item_key', 'in', keys)
      .execute()
    if (known.length > 0) continue
    result.new_items += 1
    const old =
      item.publishedAt === null ? firstPoll : item.publishedAt <= Number(feed.connected_at)
    const outcome: FeedItemOutcome = old
      ? 'skipped_old'
      : posted >= MAX_POSTS_PER_POLL
        ? 'skipped_limit'
        : feed.mode === 'queue'
          ? 'posted'
          : 'draft'
    const now = murmur.now()
    const inserted = await scope
      .insertInto(
        'feed_items',
        keys.map((item_key) => ({
          feed_id: feed.id,
          item_key,
          title: item.title.slice(0, 500),
          link: item.link,
          published_at: item.publishedAt,
          post_id: null,
          outcome,
          problem: null,
          seen_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['feed_id', 'item_key']).doNothing())
      .returning('item_key')
      .execute()
    if (inserted.length < keys.length || outcome === 'skipped_old' || outcome === 'skipped_limit') {
      continue
    }
    posted += 1
    const made = await postItem(murmur, scope, feed, channels, item)
    result.posts.push(made.postId)
    await scope
      .updateTable('feed_items')
      .set({ post_id: made.postId, outcome: made.outcome, problem: made.problem })
      .where('feed_id', '=', feed.id)
      .where('item_key', 'in', keys)
      .execute()
  }
  await finish({
    ...success,
    first_polled_at: feed.first_polled_at ?? murmur.now(),
    title: feed.title ?? parsed.title?.slice(0, 300) ?? null,
    etag: response.headers.etag ?? null,
    last_modified: response.headers['last-modified'] ?? null,
    items_posted: feed.items_posted + posted,
  })
  return result
}

/**
 * The post for one item, fitted to the strictest channel. In queue mode it takes each channel's
 * next free slot; when it cannot be scheduled (no slot, a network rule) it stays a draft, with why.
 */
async function postItem(
  murmur: Murmur,
  scope: WorkspaceScope,
  feed: FeedsTable,
  channels: Channel[],
  item: FeedItem,
): Promise<{ postId: string; outcome: FeedItemOutcome; problem: string | null }> {
  const counters: TextCapabilities[] = []
  for (const channel of channels) {
    const network = await networkForChannel(murmur, scope, channel)
    if (network) counters.push(network.capabilities.text)
  }
  const text = renderTemplate(
    feed.template,
    { title: item.title, link: item.link ?? '', summary: item.summary },
    (candidate) => counters.every((counter) => counter.countText(candidate) <= counter.maxLength),
  )
  const input = {
    content: { parts: [{ text, media: [] }], first_comment: null },
    channels: channels.map((channel) => ({ channel_id: channel.id })),
    labels: ['feed'],
  }
  if (feed.mode === 'queue') {
    try {
      const post = await createPost(murmur, scope, input, {
        createdBy: feed.created_by,
        when: { type: 'queue' },
      })
      return { postId: post.id, outcome: 'posted', problem: null }
    } catch (error) {
      if (!isMurmurError(error)) throw error
      const post = await createPost(murmur, scope, input, { createdBy: feed.created_by })
      return { postId: post.id, outcome: 'draft', problem: error.message }
    }
  }
  const post = await createPost(murmur, scope, input, { createdBy: feed.created_by })
  return { postId: post.id, outcome: 'draft', problem: null }
}
