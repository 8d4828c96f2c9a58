import { createHash } from 'node:crypto'
import { conflict, invalid, MurmurError, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import { mediaStores } from '../storage/media-store/index.js'
import type { MediaTable } from '../storage/tables/publishing.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { assertNotLogo } from './workspace-logo.js'

export type Media = Omit<MediaTable, 'workspace_id' | 'storage' | 'path' | 'thumbnail_path'> & {
  has_thumbnail: boolean
}

/** What Murmur accepts, recognised from the bytes themselves (a file name or header can lie). */
const KINDS = [
  { mime: 'image/jpeg', ext: 'jpg', test: (b: Uint8Array) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    mime: 'image/png',
    ext: 'png',
    test: (b: Uint8Array) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  {
    mime: 'image/gif',
    ext: 'gif',
    test: (b: Uint8Array) => ascii(b, 0, 6) === 'GIF89a' || ascii(b, 0, 6) === 'GIF87a',
  },
  {
    mime: 'image/webp',
    ext: 'webp',
    test: (b: Uint8Array) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP',
  },
  {
    mime: 'video/quicktime',
    ext: 'mov',
    test: (b: Uint8Array) => ascii(b, 4, 8) === 'ftyp' && ascii(b, 8, 12) === 'qt  ',
  },
  { mime: 'video/mp4', ext: 'mp4', test: (b: Uint8Array) => ascii(b, 4, 8) === 'ftyp' },
] as const

export const ACCEPTED_MEDIA_TYPES = KINDS.map((kind) => kind.mime)
const THUMBNAIL_SIDE = 400
const ALT_TEXT_MAX = 2000

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((value, index) => bytes[index] === value)
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.subarray(start, end)).toString('latin1')
}

export function sniffMediaType(bytes: Uint8Array): { mime: string; ext: string } | undefined {
  const kind = KINDS.find((candidate) => candidate.test(bytes))
  return kind && { mime: kind.mime, ext: kind.ext }
}

const present = (row: Omit<MediaTable, 'workspace_id'>): Media => ({
  id: row.id,
  mime_type: row.mime_type,
  size_bytes: row.size_bytes,
  width: row.width,
  height: row.height,
  alt_text: row.alt_text,
  file_name: row.file_name,
  sha256: row.sha256,
  created_by: row.created_by,
  created_at: row.created_at,
  has_thumbnail: row.thumbnail_path !== null,
})

/** Width, height and a small preview of an image; videos have neither here. */
async function inspectImage(
  bytes: Uint8Array,
): Promise<{ width: number | null; height: number | null; thumbnail: Buffer | null }> {
  const { default: sharp } = await import('sharp')
  try {
    const image = sharp(bytes, { animated: false })
    const metadata = await image.metadata()
    const thumbnail = await image
      .rotate()
      .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer()
    const rotated = (metadata.orientation ?? 1) >= 5
    return {
      width: (rotated ? metadata.height : metadata.width) ?? null,
      height: (rotated ? metadata.width : metadata.height) ?? null,
      thumbnail,
    }
  } catch (error) {
    throw invalid(
      `The image could not be read (${error instanceof Error ? error.message : String(error)}). Export it again as JPEG or PNG.`,
    )
  }
}

export async function uploadMedia(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: {
    bytes: Uint8Array
    fileName?: string | undefined
    altText?: string | undefined
    createdBy: string | null
  },
): Promise<Media> {
  const { bytes } = input
  const limit = murmur.config.mediaMaxBytes
  if (bytes.byteLength === 0) throw invalid('The file is empty.')
  if (bytes.byteLength > limit) {
    throw new MurmurError(
      'payload_too_large',
      `The file is ${formatMiB(bytes.byteLength)}; uploads are limited to ${formatMiB(limit)} (MURMUR_MEDIA_MAX_BYTES).`,
    )
  }
  const kind = sniffMediaType(bytes)
  if (!kind) {
    throw new MurmurError(
      'unsupported_media_type',
      'Only JPEG, PNG, GIF and WebP images and MP4 or MOV videos can be uploaded; this file is none of them.',
      { details: { accepted: ACCEPTED_MEDIA_TYPES } },
    )
  }
  const altText = (input.altText ?? '').trim()
  if (altText.length > ALT_TEXT_MAX) {
    throw invalid(`Alt text is limited to ${ALT_TEXT_MAX} characters.`)
  }
  const inspected = kind.mime.startsWith('image/')
    ? await inspectImage(bytes)
    : { width: null, height: null, thumbnail: null }
  const now = murmur.now()
  const id = newId('med', now)
  const folder = `media/${scope.workspaceId}`
  const path = `${folder}/${id}.${kind.ext}`
  const thumbnailPath = inspected.thumbnail ? `${folder}/${id}.thumb.webp` : null
  // Bytes first, row last: a failed upload leaves no row pointing at nothing.
  const store = mediaStores(murmur.config).current
  await store.put(path, bytes, kind.mime)
  if (thumbnailPath && inspected.thumbnail) {
    await store.put(thumbnailPath, inspected.thumbnail, 'image/webp').catch(async (error) => {
      await store.delete(path).catch(() => undefined)
      throw error
    })
  }
  const row = {
    id,
    storage: store.kind,
    path,
    thumbnail_path: thumbnailPath,
    mime_type: kind.mime,
    size_bytes: bytes.byteLength,
    width: inspected.width,
    height: inspected.height,
    alt_text: altText,
    file_name: input.fileName?.slice(0, 255) || null,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    created_by: input.createdBy,
    created_at: now,
  }
  await scope.insertInto('media', row).execute()
  return present(row)
}

async function mediaRow(scope: WorkspaceScope, id: string) {
  const row = await scope
    .selectFrom('media')
    .select([
      'id',
      'storage',
      'path',
      'thumbnail_path',
      'mime_type',
      'size_bytes',
      'width',
      'height',
      'alt_text',
      'file_name',
      'sha256',
      'created_by',
      'created_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('Media')
  return row
}

export async function getMedia(scope: WorkspaceScope, id: string): Promise<Media> {
  return present(await mediaRow(scope, id))
}

export async function listMedia(scope: WorkspaceScope): Promise<Media[]> {
  const rows = await scope
    .selectFrom('media')
    .select([
      'id',
      'storage',
      'path',
      'thumbnail_path',
      'mime_type',
      'size_bytes',
      'width',
      'height',
      'alt_text',
      'file_name',
      'sha256',
      'created_by',
      'created_at',
    ])
    .orderBy('id', 'desc')
    .execute()
  return rows.map(present)
}

export async function updateMediaAltText(
  scope: WorkspaceScope,
  id: string,
  altText: string,
): Promise<Media> {
  await mediaRow(scope, id)
  await scope
    .updateTable('media')
    .set({ alt_text: altText.trim().slice(0, ALT_TEXT_MAX) })
    .where('id', '=', id)
    .execute()
  return getMedia(scope, id)
}

/** The file's bytes (or its thumbnail), for previews and for publishing. */
export async function readMediaFile(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  variant: 'original' | 'thumbnail' = 'original',
): Promise<{ bytes: Buffer; mimeType: string }> {
  const row = await mediaRow(scope, id)
  const store = mediaStores(murmur.config).of(row.storage)
  if (variant === 'thumbnail') {
    if (!row.thumbnail_path) throw notFound('Thumbnail')
    const bytes = await store.get(row.thumbnail_path)
    if (!bytes) throw notFound('The thumbnail file')
    return { bytes, mimeType: 'image/webp' }
  }
  const bytes = await store.get(row.path)
  if (!bytes) throw notFound(`The file of media ${id}`)
  return { bytes, mimeType: row.mime_type }
}

/** Deletes a media item no post uses any more (posts keep what they show). */
export async function deleteMedia(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
): Promise<void> {
  const row = await mediaRow(scope, id)
  await assertNotLogo(murmur, scope, id)
  const uses = await scope
    .selectFrom('post_media')
    .innerJoin('post_parts', 'post_parts.id', 'post_media.part_id')
    .select('post_parts.post_id')
    .where('post_media.media_id', '=', id)
    .distinct()
    .execute()
  if (uses.length > 0) {
    throw conflict(
      `This media is used by ${uses.length} post${uses.length === 1 ? '' : 's'}; remove it from them first.`,
      { post_ids: uses.map((use) => use.post_id) },
    )
  }
  // The row goes first so a post attaching this media at the same moment fails on its foreign
  // key instead of losing the bytes; if the store then refuses, the row comes back.
  const store = mediaStores(murmur.config).of(row.storage)
  await scope.deleteFrom('media').where('id', '=', id).execute()
  try {
    if (row.thumbnail_path) await store.delete(row.thumbnail_path)
    await store.delete(row.path)
  } catch (error) {
    await scope.insertInto('media', row).execute()
    throw error
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
