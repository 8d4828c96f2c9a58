import { notFound } from '../core/errors.js'
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
  const first = rows[0]
  if (!first) throw notFound('Post')
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
