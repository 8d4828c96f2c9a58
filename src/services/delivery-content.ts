import type { UpdateQueryBuilder } from 'kysely'
import { notFound } from '../core/errors.js'
import type { Schema } from '../storage/schema.js'
import type { DeliveriesTable } from '../storage/tables/publishing.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import type { ContentPart, PostContent } from './post-content.js'

/** What the scheduler needs of the post behind one delivery (not the whole `PostView`). */
export interface PostToPublish {
  id: string
  campaign_id: string | null
  created_by: string | null
  /** Exactly what `effectiveContent(getPost(…), delivery)` gives for this delivery. */
  content: PostContent
}

/**
 * The content one delivery publishes, in one statement: the post joined to the parts it
 * publishes (its variant's when it has one, else the shared ones) and their media, one row per
 * medium (or per part without media). Publishing reads this for every delivery; `getPost` would
 * read every delivery and every variant of the post in four statements.
 */
export async function readPostToPublish(
  scope: WorkspaceScope,
  postId: string,
  delivery: { id: string; has_variant: number; variant_first_comment: string | null },
): Promise<PostToPublish> {
  const rows = await scope
    .selectFrom('posts')
    .leftJoin('post_parts', (join) => {
      const onPost = join
        .onRef('post_parts.workspace_id', '=', 'posts.workspace_id')
        .onRef('post_parts.post_id', '=', 'posts.id')
      return delivery.has_variant
        ? onPost.on('post_parts.delivery_id', '=', delivery.id)
        : onPost.on('post_parts.delivery_id', 'is', null)
    })
    .leftJoin('post_media', (join) =>
      join
        .onRef('post_media.workspace_id', '=', 'post_parts.workspace_id')
        .onRef('post_media.part_id', '=', 'post_parts.id'),
    )
    .select([
      'posts.id',
      'posts.campaign_id',
      'posts.created_by',
      'posts.first_comment',
      'post_parts.id as part_id',
      'post_parts.text',
      'post_media.media_id',
      'post_media.alt_text',
    ])
    .where('posts.id', '=', postId)
    .orderBy('post_parts.position')
    .orderBy('post_parts.id')
    .orderBy('post_media.position')
    .execute()
  return fromRows(rows, delivery)
}

interface ContentRow {
  id: string | null
  campaign_id: string | null
  created_by: string | null
  first_comment: string | null
  part_id: string | null
  text: string | null
  media_id: string | null
  alt_text: string | null
}

/** Rows ordered by part, then medium: the post's fields repeat on each. */
function fromRows(
  rows: ContentRow[],
  delivery: { has_variant: number; variant_first_comment: string | null },
): PostToPublish {
  const first = rows[0]
  if (!first || first.id === null) throw notFound('Post')
  const parts: ContentPart[] = []
  let partId: string | null = null
  for (const row of rows) {
    if (row.part_id === null || row.text === null) continue
    if (row.part_id !== partId) {
      parts.push({ text: row.text, media: [] })
      partId = row.part_id
    }
    if (row.media_id !== null) {
      parts[parts.length - 1]!.media.push({ media_id: row.media_id, alt_text: row.alt_text })
    }
  }
  return {
    id: first.id,
    campaign_id: first.campaign_id,
    created_by: first.created_by,
    content: {
      parts,
      first_comment: delivery.has_variant ? delivery.variant_first_comment : first.first_comment,
    },
  }
}

/** The delivery's fields the start returns: what publishing needs besides the content. */
export const STARTED_COLUMNS = [
  'id',
  'post_id',
  'attempts',
  'has_variant',
  'variant_first_comment',
  'remote_parts',
  'remote_first_comment',
] as const

export type StartedDelivery = Pick<DeliveriesTable, (typeof STARTED_COLUMNS)[number]>

/**
 * PostgreSQL: the start (a guarded UPDATE … RETURNING, given) and the read of what it publishes
 * in one statement, a data-modifying WITH. Nothing when the start did not land; `post` is a
 * promise that rejects like `readPostToPublish` when the post is gone, so the caller handles it
 * where it handles storage trouble after the start.
 */
export async function startAndReadPostToPublish(
  scope: WorkspaceScope,
  start: UpdateQueryBuilder<Schema, 'deliveries', 'deliveries', StartedDelivery>,
): Promise<{ started: StartedDelivery; post: () => PostToPublish } | undefined> {
  const rows = await scope.db
    .with('started', () => start)
    .selectFrom('started')
    .leftJoin('posts', (join) =>
      join
        .on('posts.workspace_id', '=', scope.workspaceId)
        .onRef('posts.id', '=', 'started.post_id'),
    )
    .leftJoin('post_parts', (join) =>
      join
        .onRef('post_parts.workspace_id', '=', 'posts.workspace_id')
        .onRef('post_parts.post_id', '=', 'posts.id')
        .on((eb) =>
          eb.or([
            eb.and([
              eb('started.has_variant', '=', 1),
              eb('post_parts.delivery_id', '=', eb.ref('started.id')),
            ]),
            eb.and([eb('started.has_variant', '<>', 1), eb('post_parts.delivery_id', 'is', null)]),
          ]),
        ),
    )
    .leftJoin('post_media', (join) =>
      join
        .onRef('post_media.workspace_id', '=', 'post_parts.workspace_id')
        .onRef('post_media.part_id', '=', 'post_parts.id'),
    )
    .select([
      ...STARTED_COLUMNS.map((column) => `started.${column}` as const),
      'posts.id as post_row_id',
      'posts.campaign_id',
      'posts.created_by',
      'posts.first_comment',
      'post_parts.id as part_id',
      'post_parts.text',
      'post_media.media_id',
      'post_media.alt_text',
    ])
    .orderBy('post_parts.position')
    .orderBy('post_parts.id')
    .orderBy('post_media.position')
    .execute()
  const first = rows[0]
  if (!first) return undefined
  const started: StartedDelivery = {
    id: first.id,
    post_id: first.post_id,
    attempts: first.attempts,
    has_variant: first.has_variant,
    variant_first_comment: first.variant_first_comment,
    remote_parts: first.remote_parts,
    remote_first_comment: first.remote_first_comment,
  }
  return {
    started,
    post: () =>
      fromRows(
        rows.map((row) => ({ ...row, id: row.post_row_id })),
        started,
      ),
  }
}
