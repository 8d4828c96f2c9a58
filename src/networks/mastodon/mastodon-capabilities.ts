import {
  formatBytes,
  formatNumber,
  makeProblem,
  validateDraftAgainstCapabilities,
} from '../shared/validate-draft.js'
import type { NetworkCapabilities } from '../spec/network-capabilities.js'
import type { Draft } from '../spec/network-draft.js'
import type { Problem } from '../spec/network-problem.js'
import { MASTODON_DEFAULT_LIMITS, type MastodonInstanceLimits } from './mastodon-instance.js'
import { countMastodonText } from './mastodon-text.js'

/** Media Murmur sends to Mastodon, when the instance accepts them. */
const MURMUR_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'video/mp4',
  'video/webm',
  'video/quicktime',
]

/** What Mastodon offers, given one instance's limits (each server sets its own). */
export function mastodonCapabilities(
  limits: MastodonInstanceLimits = MASTODON_DEFAULT_LIMITS,
): NetworkCapabilities {
  const mimeTypes = MURMUR_MEDIA_TYPES.filter((type) => limits.supportedMimeTypes.includes(type))
  const takesVideo = mimeTypes.some((type) => type.startsWith('video/'))
  return {
    text: {
      maxLength: limits.maxCharacters,
      countedAs: 'graphemes',
      countText: (text) => countMastodonText(text, limits.charactersReservedPerUrl),
    },
    media: {
      maxCount: limits.maxMediaAttachments,
      // Per-kind limits (images are smaller) are checked in validateMastodonDraft.
      maxBytes: takesVideo
        ? Math.max(limits.imageSizeLimit, limits.videoSizeLimit)
        : limits.imageSizeLimit,
      mimeTypes,
      required: false,
      resizesImages: false,
    },
    altText: { maxLength: limits.descriptionLimit, required: false },
    // Mastodon has no thread length limit; 25 keeps a runaway draft from flooding followers.
    threads: { maxParts: 25 },
    replies: true,
    // The account's own reply to the last part.
    firstComment: true,
    delete: true,
    // Mastodon counts no impressions or views.
    metrics: ['likes', 'reposts', 'replies', 'quotes'],
    mentions: ['mention', 'reply', 'quote'],
  }
}

/**
 * The shared checks against the instance's limits, plus what they cannot express: images have
 * their own (smaller) size limit, and Mastodon counts alt text in characters, not graphemes.
 */
export function validateMastodonDraft(
  draft: Draft,
  limits: MastodonInstanceLimits = MASTODON_DEFAULT_LIMITS,
): Problem[] {
  const capabilities = mastodonCapabilities(limits)
  const problems = validateDraftAgainstCapabilities({ name: 'Mastodon', capabilities }, draft)
  const partCount = draft.parts.length
  const reported = (code: string, part: number, media: number) =>
    problems.some(
      (problem) => problem.code === code && problem.part === part && problem.media === media,
    )
  draft.parts.forEach((part, partIndex) => {
    part.media.forEach((media, mediaIndex) => {
      const place = { part: partIndex + 1, partCount, media: mediaIndex + 1 }
      const isImage = media.mimeType.startsWith('image/')
      const located = { ...place, mediaKind: isImage ? 'image' : 'video' }
      if (
        isImage &&
        media.data.byteLength > limits.imageSizeLimit &&
        !reported('media_too_large', place.part, place.media)
      ) {
        problems.push(
          makeProblem(
            'Mastodon',
            'error',
            'media_too_large',
            located,
            `is ${formatBytes(media.data.byteLength)}; this server takes images up to ${formatBytes(limits.imageSizeLimit)}`,
          ),
        )
      }
      const characters = [...(media.altText?.trim() ?? '')].length
      if (
        characters > limits.descriptionLimit &&
        !reported('alt_text_too_long', place.part, place.media)
      ) {
        problems.push(
          makeProblem(
            'Mastodon',
            'error',
            'alt_text_too_long',
            located,
            `has ${formatNumber(characters)} / ${formatNumber(limits.descriptionLimit)} characters of alt text`,
          ),
        )
      }
    })
  })
  return problems
}
