/**
 * Public, expiring addresses of media files. Instagram and Threads take no uploads: their servers
 * download each image from a URL, so Murmur hands them `<MURMUR_PUBLIC_URL>/m/<token>` where the
 * token names the file and when the address stops working, signed with a key derived from the
 * server's master key. Nobody can guess or extend an address, and it dies soon after publishing.
 */
import { createHmac, hkdfSync } from 'node:crypto'
import type { Murmur } from '../murmur.js'
import { loadMasterKey } from '../security/master-key.js'
import { safeEqual } from '../security/tokens.js'
import { type MediaBlobStream, mediaStores } from '../storage/media-store/index.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'

/** Long enough for a container to be created and polled, short enough to be useless if leaked. */
export const PUBLIC_MEDIA_TTL_MS = 60 * 60_000

/** Where Murmur keeps one media file: what a public address points at. */
export interface StoredMediaRef {
  workspaceId: string
  mediaId: string
}

const signingKeys = new WeakMap<Murmur, Buffer>()

/** A key only for these addresses, so a signature never doubles as anything else's. */
function signingKey(murmur: Murmur): Buffer {
  let key = signingKeys.get(murmur)
  if (!key) {
    const master = loadMasterKey({ secret: murmur.config.secret, dataDir: murmur.config.dataDir })
    key = Buffer.from(hkdfSync('sha256', master, 'murmur', 'public media addresses v1', 32))
    signingKeys.set(murmur, key)
  }
  return key
}

const ID = /^[A-Za-z0-9_-]{1,64}$/

function sign(murmur: Murmur, payload: string): string {
  return createHmac('sha256', signingKey(murmur)).update(payload).digest('base64url')
}

/** The token alone: `<workspace>.<media>.<expiry in seconds, base 36>.<signature>`. */
export function publicMediaToken(
  murmur: Murmur,
  ref: StoredMediaRef,
  ttlMs: number = PUBLIC_MEDIA_TTL_MS,
): string {
  if (!ID.test(ref.workspaceId) || !ID.test(ref.mediaId)) {
    throw new Error(`not a media reference: ${ref.workspaceId}/${ref.mediaId}`)
  }
  const expiresAt = Math.ceil((murmur.now() + ttlMs) / 1000).toString(36)
  const payload = `${ref.workspaceId}.${ref.mediaId}.${expiresAt}`
  return `${payload}.${sign(murmur, payload)}`
}

/** `<MURMUR_PUBLIC_URL>/m/<token>`: what Instagram and Threads download an image from. */
export function publicMediaUrl(
  murmur: Murmur,
  ref: StoredMediaRef,
  ttlMs: number = PUBLIC_MEDIA_TTL_MS,
): string {
  return `${murmur.config.publicUrl}/m/${publicMediaToken(murmur, ref, ttlMs)}`
}

export type OpenedPublicMediaToken =
  | { ok: true; ref: StoredMediaRef }
  | { ok: false; reason: 'invalid' | 'expired' }

/** Checks the signature first (a forged token learns nothing), then the expiry. */
export function openPublicMediaToken(murmur: Murmur, token: string): OpenedPublicMediaToken {
  const parts = token.split('.')
  if (parts.length !== 4) return { ok: false, reason: 'invalid' }
  const [workspaceId = '', mediaId = '', expiresAt = '', signature = ''] = parts
  if (!safeEqual(signature, sign(murmur, `${workspaceId}.${mediaId}.${expiresAt}`))) {
    return { ok: false, reason: 'invalid' }
  }
  const expiresAtMs = Number.parseInt(expiresAt, 36) * 1000
  if (!Number.isFinite(expiresAtMs) || expiresAtMs <= murmur.now()) {
    return { ok: false, reason: 'expired' }
  }
  return { ok: true, ref: { workspaceId, mediaId } }
}

/**
 * The bytes behind an opened token, streamed from wherever they are stored, or undefined when the
 * media was deleted since (its row or its bytes).
 */
export async function publicMediaFile(
  murmur: Murmur,
  ref: StoredMediaRef,
): Promise<(MediaBlobStream & { mimeType: string }) | undefined> {
  const row = await new WorkspaceScope(murmur.db, ref.workspaceId)
    .selectFrom('media')
    .select(['storage', 'path', 'mime_type'])
    .where('id', '=', ref.mediaId)
    .executeTakeFirst()
  if (!row) return undefined
  const blob = await mediaStores(murmur.config).of(row.storage).stream(row.path)
  return blob && { ...blob, mimeType: row.mime_type }
}
