import { invalid } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import type { Draft, DraftMedia } from '../networks/spec/index.js'
import { mediaStores } from '../storage/media-store/index.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'

/** An image in a part; `alt_text` null means the media's own alt text. */
export interface MediaRef {
  media_id: string
  alt_text: string | null
}

export interface ContentPart {
  text: string
  media: MediaRef[]
}

/** What is published: one part, or several (a thread), and an optional first comment. */
export interface PostContent {
  parts: ContentPart[]
  first_comment: string | null
}

/** Content as the API takes it: alt text and first comment may be left out. */
export interface ContentInput {
  parts: Array<{ text: string; media: Array<{ media_id: string; alt_text?: string | null }> }>
  first_comment?: string | null | undefined
}

export function normalizeContent(input: ContentInput): PostContent {
  return {
    parts: input.parts.map((part) => ({
      text: part.text,
      media: part.media.map((m) => ({
        media_id: m.media_id,
        alt_text: m.alt_text?.trim() || null,
      })),
    })),
    first_comment: input.first_comment?.trim() || null,
  }
}

/** The shared content of each post, and the variants of the deliveries that have one. */
export interface StoredContent {
  shared: PostContent
  variants: Map<string, PostContent>
}

const emptyContent = (): PostContent => ({ parts: [], first_comment: null })

/** Same content, compared by value (to know whether an edit changes anything). */
export function sameContent(a: PostContent, b: PostContent): boolean {
  const normal = (content: PostContent) =>
    JSON.stringify({
      parts: content.parts.map((part) => ({
        text: part.text,
        media: part.media.map((m) => [m.media_id, m.alt_text ?? null]),
      })),
      first_comment: content.first_comment?.trim() || null,
    })
  return normal(a) === normal(b)
}

/** Refuses media ids that are not this workspace's. */
export async function assertMediaExist(
  scope: WorkspaceScope,
  contents: PostContent[],
): Promise<void> {
  const ids = [
    ...new Set(contents.flatMap((c) => c.parts.flatMap((p) => p.media.map((m) => m.media_id)))),
  ]
  if (ids.length === 0) return
  const found = new Set(
    (await scope.selectFrom('media').select('id').where('id', 'in', ids).execute()).map(
      (row) => row.id,
    ),
  )
  const missing = ids.filter((id) => !found.has(id))
  if (missing.length > 0) {
    throw invalid(`Unknown media: ${missing.join(', ')}. Upload it first (POST …/media).`, {
      missing_media: missing,
    })
  }
}

/** Replaces the parts (and their media) of the shared content or of one delivery's variant. */
export async function writeContent(
  trx: WorkspaceScope,
  postId: string,
  deliveryId: string | null,
  content: PostContent | null,
  now: number,
): Promise<void> {
  let existing = trx.deleteFrom('post_parts').where('post_id', '=', postId)
  existing =
    deliveryId === null
      ? existing.where('delivery_id', 'is', null)
      : existing.where('delivery_id', '=', deliveryId)
  await existing.execute()
  if (!content) return
  for (const [position, part] of content.parts.entries()) {
    const partId = newId('part', now)
    await trx
      .insertInto('post_parts', {
        id: partId,
        post_id: postId,
        delivery_id: deliveryId,
        position,
        text: part.text,
      })
      .execute()
    if (part.media.length > 0) {
      await trx
        .insertInto(
          'post_media',
          part.media.map((media, index) => ({
            part_id: partId,
            position: index,
            media_id: media.media_id,
            alt_text: media.alt_text,
          })),
        )
        .execute()
    }
  }
}

/** Content of several posts at once (two queries, whatever the number of posts). */
export async function readContents(
  scope: WorkspaceScope,
  posts: Array<{ id: string; first_comment: string | null }>,
  variantFirstComments: Map<string, string | null>,
): Promise<Map<string, StoredContent>> {
  const result = new Map<string, StoredContent>()
  for (const post of posts) {
    result.set(post.id, {
      shared: { parts: [], first_comment: post.first_comment },
      variants: new Map(),
    })
  }
  if (posts.length === 0) return result
  const parts = await scope
    .selectFrom('post_parts')
    .select(['id', 'post_id', 'delivery_id', 'position', 'text'])
    .where(
      'post_id',
      'in',
      posts.map((post) => post.id),
    )
    .orderBy('position')
    .execute()
  const media =
    parts.length === 0
      ? []
      : await scope
          .selectFrom('post_media')
          .select(['part_id', 'position', 'media_id', 'alt_text'])
          .where(
            'part_id',
            'in',
            parts.map((part) => part.id),
          )
          .orderBy('position')
          .execute()
  const mediaByPart = new Map<string, MediaRef[]>()
  for (const row of media) {
    const list = mediaByPart.get(row.part_id) ?? []
    list.push({ media_id: row.media_id, alt_text: row.alt_text })
    mediaByPart.set(row.part_id, list)
  }
  for (const part of parts) {
    const stored = result.get(part.post_id)
    if (!stored) continue
    let content = stored.shared
    if (part.delivery_id !== null) {
      content = stored.variants.get(part.delivery_id) ?? {
        parts: [],
        first_comment: variantFirstComments.get(part.delivery_id) ?? null,
      }
      stored.variants.set(part.delivery_id, content)
    }
    content.parts.push({ text: part.text, media: mediaByPart.get(part.id) ?? [] })
  }
  return result
}

/** The content a delivery publishes: its variant when it has one, else the post's. */
export function contentOf(
  stored: StoredContent | undefined,
  delivery: { id: string; has_variant: number; variant_first_comment: string | null },
): PostContent {
  if (!stored) return emptyContent()
  if (delivery.has_variant) {
    return (
      stored.variants.get(delivery.id) ?? {
        parts: [],
        first_comment: delivery.variant_first_comment,
      }
    )
  }
  return stored.shared
}

/**
 * The draft a network validates or publishes, with the media bytes read from their store.
 * `cache` lets several channels of one post share the reads.
 */
export async function draftOf(
  murmur: Murmur,
  scope: WorkspaceScope,
  content: PostContent,
  cache: Map<string, DraftMedia | undefined> = new Map(),
): Promise<Draft> {
  const ids = [...new Set(content.parts.flatMap((p) => p.media.map((m) => m.media_id)))].filter(
    (id) => !cache.has(id),
  )
  if (ids.length > 0) {
    const rows = await scope
      .selectFrom('media')
      .select(['id', 'storage', 'path', 'mime_type', 'alt_text', 'width', 'height'])
      .where('id', 'in', ids)
      .execute()
    for (const id of ids) cache.set(id, undefined)
    for (const row of rows) {
      // Missing bytes make the draft say which media to upload again; a store that cannot be
      // read (S3 down, wrong credentials) throws its own MurmurError instead.
      const data = await mediaStores(murmur.config).of(row.storage).get(row.path)
      if (!data) continue
      cache.set(row.id, {
        data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        mimeType: row.mime_type,
        altText: row.alt_text,
        stored: { workspaceId: scope.workspaceId, mediaId: row.id },
        ...(row.width !== null && { width: row.width }),
        ...(row.height !== null && { height: row.height }),
      })
    }
  }
  const missing: string[] = []
  const draft: Draft = {
    parts: content.parts.map((part) => ({
      text: part.text,
      media: part.media.flatMap((ref) => {
        const media = cache.get(ref.media_id)
        if (!media) {
          missing.push(ref.media_id)
          return []
        }
        return [{ ...media, altText: ref.alt_text ?? media.altText ?? '' }]
      }),
    })),
  }
  const firstComment = content.first_comment?.trim()
  if (firstComment) draft.firstComment = firstComment
  if (missing.length > 0) {
    throw invalid(
      `Media ${missing.join(', ')} is missing from media storage; upload it again and put it back in the post.`,
      { missing_media: missing },
    )
  }
  return draft
}
