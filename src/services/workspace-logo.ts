import { conflict, invalid, MurmurError, notFound } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { readMediaFile } from './media.js'

/** A logo is a small picture: larger files are almost always a photo chosen by mistake. */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024
/** Formats sharp must recognise in the bytes (the file name and the stored type are not trusted). */
const LOGO_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif'])
/** The report header shows the logo at most this big (CSS pixels); it is stored at twice that. */
export const LOGO_BOX = { width: 240, height: 80 }

const fail = (message: string) => invalid(message, [{ path: 'logo_media_id', message }])

async function logoBytes(murmur: Murmur, scope: WorkspaceScope, mediaId: string) {
  try {
    return await readMediaFile(murmur, scope, mediaId)
  } catch (error) {
    if (error instanceof MurmurError && error.code === 'not_found')
      throw fail(`No image "${mediaId.slice(0, 64)}" in this workspace's media library.`)
    throw error
  }
}

/**
 * Checks that a media library item can be the workspace logo: an image whose bytes sharp reads
 * as JPEG, PNG, WebP or GIF, at most LOGO_MAX_BYTES. Returns the id to store.
 */
export async function checkLogo(
  murmur: Murmur,
  scope: WorkspaceScope,
  mediaId: string,
): Promise<string> {
  const { bytes } = await logoBytes(murmur, scope, mediaId)
  if (bytes.byteLength > LOGO_MAX_BYTES)
    throw fail(
      `The logo is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MiB; a logo may be at most 2 MiB. Export a smaller PNG.`,
    )
  const { default: sharp } = await import('sharp')
  const format = await sharp(bytes)
    .metadata()
    .then((metadata) => metadata.format)
    .catch(() => undefined)
  if (!format || !LOGO_FORMATS.has(format))
    throw fail('The logo must be a JPEG, PNG, WebP or GIF image; this file is none of them.')
  return mediaId
}

/**
 * The logo as a `data:` URL for a self-contained report: re-encoded by sharp as a PNG that fits the
 * header (so only pixels reach the page, never the uploaded file), or null when there is none or
 * the file cannot be read any more (the report is still made, without it).
 */
export async function reportLogo(
  murmur: Murmur,
  scope: WorkspaceScope,
  mediaId: string | null,
): Promise<string | null> {
  if (!mediaId) return null
  try {
    const { bytes } = await readMediaFile(murmur, scope, mediaId)
    if (bytes.byteLength > LOGO_MAX_BYTES) return null
    const { default: sharp } = await import('sharp')
    const png = await sharp(bytes, { animated: false })
      .rotate()
      .resize(LOGO_BOX.width * 2, LOGO_BOX.height * 2, { fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer()
    return `data:image/png;base64,${png.toString('base64')}`
  } catch (error) {
    murmur.log.warn({ err: error, mediaId }, 'workspace logo unreadable; report made without it')
    return null
  }
}

/** Refuses to delete the image that is the workspace logo. */
export async function assertNotLogo(murmur: Murmur, scope: WorkspaceScope, mediaId: string) {
  const workspace = await murmur.db
    .selectFrom('workspaces')
    .select('logo_media_id')
    .where('id', '=', scope.workspaceId)
    .executeTakeFirst()
  if (!workspace) throw notFound('Workspace')
  if (workspace.logo_media_id === mediaId)
    throw conflict(
      'This image is the workspace logo on reports; choose another logo or remove it in Settings first.',
    )
}
