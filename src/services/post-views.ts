import { notFound } from '../core/errors.js'
import type { NetworkId, PublishedPost } from '../networks/spec/index.js'
import type {
  DeliveriesTable,
  DeliveryErrorKind,
  DeliveryState,
  PostsTable,
} from '../storage/tables/publishing.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { contentOf, type PostContent, readContents } from './post-content.js'
import type { PublishingProblem } from './post-validation.js'

export interface DeliveryView {
  id: string
  post_id: string
  channel_id: string
  network: NetworkId
  /** The channel's own content, or null when it publishes the post's shared content. */
  content: PostContent | null
  state: DeliveryState
  scheduled_at: number | null
  via_queue: boolean
  next_attempt_at: number | null
  attempts: number
  error: { kind: DeliveryErrorKind | null; message: string } | null
  /** Public address of the first part once published. */
  url: string | null
  remote: {
    parts: PublishedPost[]
    first_comment: PublishedPost | null
    unconfirmed: PublishedPost | null
  }
  warnings: PublishingProblem[]
  started_at: number | null
  published_at: number | null
  late_ms: number | null
  updated_at: number
}

export interface PostView {
  id: string
  content: PostContent
  labels: string[]
  campaign: string | null
  /** The most pressing state of its deliveries (see `summaryState`). */
  state: DeliveryState
  deliveries: DeliveryView[]
  created_by: string | null
  created_at: number
  updated_at: number
}

export const DELIVERY_COLUMNS = [
  'id',
  'post_id',
  'channel_id',
  'network',
  'has_variant',
  'variant_first_comment',
  'state',
  'scheduled_at',
  'via_queue',
  'next_attempt_at',
  'attempts',
  'last_error',
  'last_error_kind',
  'remote_parts',
  'remote_first_comment',
  'remote_unconfirmed',
  'warnings',
  'started_at',
  'published_at',
  'late_ms',
  'created_at',
  'updated_at',
] as const

export type DeliveryRow = Pick<DeliveriesTable, (typeof DELIVERY_COLUMNS)[number]>

const POST_COLUMNS = [
  'id',
  'campaign_id',
  'labels',
  'first_comment',
  'created_by',
  'created_at',
  'updated_at',
] as const

type PostRow = Pick<PostsTable, (typeof POST_COLUMNS)[number]>

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

/**
 * One state for the whole post, the one a person must see first: something to decide
 * (unconfirmed), something that failed, then work in progress, then the calm states.
 */
export function summaryState(states: DeliveryState[]): DeliveryState {
  const order = ['unconfirmed', 'failed', 'publishing', 'needs_approval', 'scheduled', 'draft']
  for (const state of order as DeliveryState[]) {
    if (states.includes(state)) return state
  }
  return states.length > 0 ? 'published' : 'draft'
}

export function deliveryView(row: DeliveryRow, content: PostContent | null): DeliveryView {
  const parts = parseJson<PublishedPost[]>(row.remote_parts, [])
  return {
    id: row.id,
    post_id: row.post_id,
    channel_id: row.channel_id,
    network: row.network,
    content,
    state: row.state,
    scheduled_at: row.scheduled_at,
    via_queue: row.via_queue === 1,
    next_attempt_at: row.state === 'scheduled' ? row.next_attempt_at : null,
    attempts: row.attempts,
    error: row.last_error === null ? null : { kind: row.last_error_kind, message: row.last_error },
    url: parts[0]?.url ?? null,
    remote: {
      parts,
      first_comment: parseJson<PublishedPost | null>(row.remote_first_comment, null),
      unconfirmed: parseJson<PublishedPost | null>(row.remote_unconfirmed, null),
    },
    warnings: parseJson<PublishingProblem[]>(row.warnings, []),
    started_at: row.started_at,
    published_at: row.published_at,
    late_ms: row.late_ms,
    updated_at: row.updated_at,
  }
}

/** Full views of some posts, in the order of `ids` (a fixed number of queries). */
export async function postViews(scope: WorkspaceScope, ids: string[]): Promise<PostView[]> {
  if (ids.length === 0) return []
  const posts: PostRow[] = await scope
    .selectFrom('posts')
    .select(POST_COLUMNS)
    .where('id', 'in', ids)
    .execute()
  const deliveries: DeliveryRow[] = await scope
    .selectFrom('deliveries')
    .select(DELIVERY_COLUMNS)
    .where('post_id', 'in', ids)
    .orderBy('id')
    .execute()
  const variantFirstComments = new Map(
    deliveries.filter((d) => d.has_variant).map((d) => [d.id, d.variant_first_comment]),
  )
  const contents = await readContents(scope, posts, variantFirstComments)
  const byPost = new Map<string, DeliveryRow[]>()
  for (const delivery of deliveries) {
    const list = byPost.get(delivery.post_id) ?? []
    list.push(delivery)
    byPost.set(delivery.post_id, list)
  }
  const views = new Map<string, PostView>()
  for (const post of posts) {
    const stored = contents.get(post.id)
    const rows = byPost.get(post.id) ?? []
    views.set(post.id, {
      id: post.id,
      content: stored?.shared ?? { parts: [], first_comment: null },
      labels: parseJson<string[]>(post.labels, []),
      campaign: post.campaign_id,
      state: summaryState(rows.map((row) => row.state)),
      deliveries: rows.map((row) =>
        deliveryView(row, row.has_variant ? contentOf(stored, row) : null),
      ),
      created_by: post.created_by,
      created_at: post.created_at,
      updated_at: post.updated_at,
    })
  }
  return ids.flatMap((id) => views.get(id) ?? [])
}

export async function getPost(scope: WorkspaceScope, id: string): Promise<PostView> {
  const [view] = await postViews(scope, [id])
  if (!view) throw notFound('Post')
  return view
}

/** The content each delivery of a post publishes, for checks and for the scheduler. */
export function effectiveContent(post: PostView, delivery: DeliveryView): PostContent {
  return delivery.content ?? post.content
}
