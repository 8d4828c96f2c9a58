import { invalid, notFound } from '../core/errors.js'
import { DEFAULT_TEMPLATE, templateProblem } from '../core/feeds/template.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import { isSafeFetchError, parseFetchableUrl } from '../net/safe-fetch/index.js'
import type { FeedItemOutcome, FeedMode, FeedsTable } from '../storage/tables/post-import-feeds.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { resolveChannels } from './posts.js'

/** A feed a workspace follows: new items become posts on its channels. */
export interface Feed {
  id: string
  url: string
  title: string | null
  channel_ids: string[]
  template: string
  mode: FeedMode
  paused: boolean
  /** Items published before this are never posted. */
  connected_at: number
  last_polled_at: number | null
  last_success_at: number | null
  next_poll_at: number
  failures: number
  last_error: string | null
  items_posted: number
  created_at: number
}

export interface FeedItemView {
  title: string
  link: string | null
  published_at: number | null
  post_id: string | null
  outcome: FeedItemOutcome
  problem: string | null
  seen_at: number
}

const n = (value: number | string) => Number(value)

export function presentFeed(row: FeedsTable): Feed {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    channel_ids: JSON.parse(row.channel_ids),
    template: row.template,
    mode: row.mode,
    paused: row.paused === 1,
    connected_at: n(row.connected_at),
    last_polled_at: row.last_polled_at === null ? null : n(row.last_polled_at),
    last_success_at: row.last_success_at === null ? null : n(row.last_success_at),
    next_poll_at: n(row.next_poll_at),
    failures: row.failures,
    last_error: row.last_error,
    items_posted: row.items_posted,
    created_at: n(row.created_at),
  }
}

function checkedUrl(url: string): string {
  try {
    return parseFetchableUrl(url.trim()).href
  } catch (error) {
    if (isSafeFetchError(error))
      throw invalid(error.message, [{ path: 'url', message: error.message }])
    throw error
  }
}

function checkedTemplate(template: string): string {
  const problem = templateProblem(template)
  if (problem) throw invalid(problem, [{ path: 'template', message: problem }])
  return template
}

async function checkedChannels(scope: WorkspaceScope, ids: string[]): Promise<string[]> {
  if (ids.length === 0) {
    throw invalid('Choose at least one channel for the feed’s posts.', [
      { path: 'channel_ids', message: 'Required' },
    ])
  }
  await resolveChannels(scope, ids)
  return [...new Set(ids)]
}

export async function feedRow(scope: WorkspaceScope, id: string): Promise<FeedsTable> {
  const row = await scope.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('Feed')
  return row as FeedsTable
}

export async function getFeed(scope: WorkspaceScope, id: string): Promise<Feed> {
  return presentFeed(await feedRow(scope, id))
}

export async function listFeeds(scope: WorkspaceScope): Promise<Feed[]> {
  const rows = await scope
    .selectFrom('feeds')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((row) => presentFeed(row as FeedsTable))
}

/** The items a feed saw most recently (one line per item, newest first). */
export async function recentFeedItems(
  scope: WorkspaceScope,
  feedId: string,
  limit = 30,
): Promise<FeedItemView[]> {
  await feedRow(scope, feedId)
  const rows = await scope
    .selectFrom('feed_items')
    .select([
      'item_key',
      'title',
      'link',
      'published_at',
      'post_id',
      'outcome',
      'problem',
      'seen_at',
    ])
    .where('feed_id', '=', feedId)
    .orderBy('seen_at', 'desc')
    .orderBy('item_key')
    .limit(limit * 2)
    .execute()
  // An item has a row per key (GUID, link): show it once.
  const seen = new Set<string>()
  const items: FeedItemView[] = []
  for (const row of rows) {
    const identity = `${row.seen_at}|${row.title}|${row.link ?? ''}`
    if (seen.has(identity)) continue
    seen.add(identity)
    items.push({
      title: row.title,
      link: row.link,
      published_at: row.published_at === null ? null : n(row.published_at),
      post_id: row.post_id,
      outcome: row.outcome,
      problem: row.problem,
      seen_at: n(row.seen_at),
    })
  }
  return items.slice(0, limit)
}

export interface FeedInput {
  url: string
  channel_ids: string[]
  template?: string | undefined
  mode?: FeedMode | undefined
}

/**
 * Follows a feed. It is read at once (by the background poller) and then regularly; only items
 * published after now become posts, so connecting a blog with years of articles posts nothing old.
 */
export async function createFeed(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: FeedInput,
  options: { createdBy: string | null },
): Promise<Feed> {
  const url = checkedUrl(input.url)
  const template = checkedTemplate(input.template ?? DEFAULT_TEMPLATE)
  const channelIds = await checkedChannels(scope, input.channel_ids)
  const existing = await scope
    .selectFrom('feeds')
    .select('id')
    .where('url', '=', url)
    .executeTakeFirst()
  if (existing)
    throw invalid(`This workspace already follows ${url}.`, [
      { path: 'url', message: 'Already followed' },
    ])
  const now = murmur.now()
  const row = {
    id: newId('feed', now),
    url,
    title: null,
    channel_ids: JSON.stringify(channelIds),
    template,
    mode: input.mode ?? 'draft',
    paused: 0,
    etag: null,
    last_modified: null,
    connected_at: now,
    first_polled_at: null,
    next_poll_at: now,
    last_polled_at: null,
    last_success_at: null,
    failures: 0,
    last_error: null,
    items_posted: 0,
    lease_owner: null,
    lease_expires_at: null,
    created_by: options.createdBy,
    created_at: now,
    updated_at: now,
  }
  await scope.insertInto('feeds', row).execute()
  return getFeed(scope, row.id)
}

export interface FeedPatch {
  channel_ids?: string[] | undefined
  template?: string | undefined
  mode?: FeedMode | undefined
  paused?: boolean | undefined
}

/** Changes what new items become; resuming a paused feed polls it soon. */
export async function updateFeed(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  patch: FeedPatch,
): Promise<Feed> {
  const current = await feedRow(scope, id)
  const now = murmur.now()
  await scope
    .updateTable('feeds')
    .set({
      updated_at: now,
      ...(patch.channel_ids && {
        channel_ids: JSON.stringify(await checkedChannels(scope, patch.channel_ids)),
      }),
      ...(patch.template !== undefined && { template: checkedTemplate(patch.template) }),
      ...(patch.mode && { mode: patch.mode }),
      ...(patch.paused !== undefined && { paused: patch.paused ? 1 : 0 }),
      ...(patch.paused === false && current.paused === 1 && { next_poll_at: now, failures: 0 }),
    })
    .where('id', '=', id)
    .execute()
  return getFeed(scope, id)
}

/** Stops following a feed; the posts it made stay. */
export async function deleteFeed(scope: WorkspaceScope, id: string): Promise<void> {
  await feedRow(scope, id)
  await scope.deleteFrom('feed_items').where('feed_id', '=', id).execute()
  await scope.deleteFrom('feeds').where('id', '=', id).execute()
}
