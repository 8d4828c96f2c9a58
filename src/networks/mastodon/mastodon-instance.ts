import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import { mastodonResponseFailure, mastodonTransportFailure } from './mastodon-failure.js'
import { MASTODON_DEFAULT_MAX_CHARACTERS, MASTODON_DEFAULT_URL_LENGTH } from './mastodon-text.js'

/**
 * What one instance accepts, from `GET /api/v2/instance` → `configuration`. Every Mastodon server
 * sets its own; Murmur stores them with the channel and checks drafts against them.
 */
export interface MastodonInstanceLimits {
  maxCharacters: number
  maxMediaAttachments: number
  charactersReservedPerUrl: number
  supportedMimeTypes: string[]
  /** Bytes. */
  imageSizeLimit: number
  /** Bytes. */
  videoSizeLimit: number
  /** Alt text (`description`) limit; instances before 4.4 do not announce it and use 1,500. */
  descriptionLimit: number
}

/** mastodon.social-like defaults, used until the channel's instance has been asked. */
export const MASTODON_DEFAULT_LIMITS: MastodonInstanceLimits = {
  maxCharacters: MASTODON_DEFAULT_MAX_CHARACTERS,
  maxMediaAttachments: 4,
  charactersReservedPerUrl: MASTODON_DEFAULT_URL_LENGTH,
  supportedMimeTypes: [
    'image/jpeg',
    'image/png',
    'image/gif',
    'image/webp',
    'image/heic',
    'image/heif',
    'image/avif',
    'video/webm',
    'video/mp4',
    'video/quicktime',
    'video/ogg',
    'audio/mpeg',
    'audio/ogg',
    'audio/wav',
  ],
  imageSizeLimit: 16 * 1024 * 1024,
  videoSizeLimit: 99 * 1024 * 1024,
  descriptionLimit: 1500,
}

/** Reads the instance's limits; public, no token needed. */
export async function fetchMastodonInstanceLimits(
  fetch: FetchFunction,
  instanceUrl: string,
  signal?: AbortSignal,
): Promise<MastodonInstanceLimits> {
  let response: Response
  try {
    response = await fetch(`${instanceUrl}/api/v2/instance`, {
      headers: { accept: 'application/json' },
      signal,
    })
  } catch (error) {
    throw mastodonTransportFailure(error, true)
  }
  if (!response.ok) {
    throw await mastodonResponseFailure(response, { action: 'request', idempotent: true })
  }
  const body = (await response.json().catch(() => undefined)) as
    | { configuration?: Record<string, Record<string, unknown> | undefined> }
    | undefined
  if (!body?.configuration) {
    throw new NetworkError({
      network: 'mastodon',
      kind: 'content_rejected',
      status: response.status,
      message: `Mastodon: ${instanceUrl} does not look like a Mastodon server (no /api/v2/instance configuration)`,
    })
  }
  return readLimits(body.configuration)
}

function readLimits(
  configuration: Record<string, Record<string, unknown> | undefined>,
): MastodonInstanceLimits {
  const statuses = configuration.statuses ?? {}
  const media = configuration.media_attachments ?? {}
  const defaults = MASTODON_DEFAULT_LIMITS
  const positive = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback
  const mimeTypes = Array.isArray(media.supported_mime_types)
    ? media.supported_mime_types.filter((type): type is string => typeof type === 'string')
    : defaults.supportedMimeTypes
  return {
    maxCharacters: positive(statuses.max_characters, defaults.maxCharacters),
    maxMediaAttachments: positive(statuses.max_media_attachments, defaults.maxMediaAttachments),
    charactersReservedPerUrl: positive(
      statuses.characters_reserved_per_url,
      defaults.charactersReservedPerUrl,
    ),
    supportedMimeTypes: mimeTypes,
    imageSizeLimit: positive(media.image_size_limit, defaults.imageSizeLimit),
    videoSizeLimit: positive(media.video_size_limit, defaults.videoSizeLimit),
    descriptionLimit: positive(media.description_limit, defaults.descriptionLimit),
  }
}

/** Instance limits change rarely; ask each instance at most once an hour. */
export class MastodonInstanceCache {
  readonly #entries = new Map<string, { limits: MastodonInstanceLimits; until: number }>()
  readonly #ttlMs: number
  readonly #now: () => number

  constructor(ttlMs: number, now: () => number) {
    this.#ttlMs = ttlMs
    this.#now = now
  }

  async get(
    instanceUrl: string,
    load: () => Promise<MastodonInstanceLimits>,
  ): Promise<MastodonInstanceLimits> {
    const cached = this.#entries.get(instanceUrl)
    if (cached && cached.until > this.#now()) return cached.limits
    const limits = await load()
    this.#entries.set(instanceUrl, { limits, until: this.#now() + this.#ttlMs })
    return limits
  }
}
