import {
  formatNumber,
  makeProblem,
  validateDraftAgainstCapabilities,
} from '../shared/validate-draft.js'
import type { NetworkCapabilities } from '../spec/network-capabilities.js'
import type { Draft } from '../spec/network-draft.js'
import type { Problem } from '../spec/network-problem.js'
import { countXText, findXUrls, X_MAX_WEIGHTED_LENGTH } from './x-text.js'

/** Up to 4 photos per post, or 1 GIF, or 1 video. */
export const X_MAX_IMAGES = 4
/** `POST /2/media/upload` takes images up to 5 MB. */
export const X_MAX_IMAGE_BYTES = 5 * 1024 * 1024
/** Animated GIFs (chunked, `tweet_gif`) up to 15 MB. */
export const X_MAX_GIF_BYTES = 15 * 1024 * 1024
/** Videos (chunked, `tweet_video`) up to 512 MB. */
export const X_MAX_VIDEO_BYTES = 512 * 1024 * 1024

const X_MEDIA_LIMITS: Record<string, { kind: string; maxBytes: number }> = {
  'image/gif': { kind: 'GIF', maxBytes: X_MAX_GIF_BYTES },
  'video/mp4': { kind: 'video', maxBytes: X_MAX_VIDEO_BYTES },
  'video/quicktime': { kind: 'video', maxBytes: X_MAX_VIDEO_BYTES },
}
/** `POST /2/media/metadata`: alt text up to 1,000 characters. */
export const X_MAX_ALT_TEXT = 1000

/**
 * X API pay-per-use prices (docs.x.com pricing, 2026), in US dollars per request. A post with a
 * URL costs about 13 times as much, which matters to a business posting links all day.
 */
export const X_POST_PRICE_USD = 0.015
export const X_POST_WITH_URL_PRICE_USD = 0.2

export const X_CAPABILITIES: NetworkCapabilities = {
  text: {
    maxLength: X_MAX_WEIGHTED_LENGTH,
    countedAs: 'weighted characters',
    countText: countXText,
  },
  media: {
    maxCount: X_MAX_IMAGES,
    // Photos; GIFs (15 MB) and videos (512 MB) have their own limits, checked by type below.
    maxBytes: X_MAX_IMAGE_BYTES,
    // Images in one request; GIFs and video through the chunked upload.
    mimeTypes: [
      'image/jpeg',
      'image/png',
      'image/webp',
      'image/gif',
      'video/mp4',
      'video/quicktime',
    ],
    required: false,
    resizesImages: false,
  },
  altText: { maxLength: X_MAX_ALT_TEXT, required: false },
  // X has no thread length limit; 25 keeps a runaway draft from flooding followers.
  threads: { maxParts: 25 },
  replies: true,
  // X has no comments; the first comment is the account's own reply to the last part.
  firstComment: true,
  delete: true,
  metrics: ['likes', 'reposts', 'replies', 'quotes', 'bookmarks', 'impressions'],
  mentions: ['mention', 'reply', 'quote'],
}

/**
 * The shared checks, X's alt text limit in code points (X counts characters, not graphemes), and
 * a warning for every part with a link: X bills those at the URL price.
 */
export function validateXDraft(draft: Draft): Problem[] {
  const isVideo = (part?: number, media?: number) =>
    part !== undefined &&
    media !== undefined &&
    (draft.parts[part - 1]?.media[media - 1]?.mimeType ?? '').startsWith('video/')
  // X's media metadata takes alt text for images and GIFs only: a video's is not asked for.
  const problems = validateDraftAgainstCapabilities(
    { name: 'X', capabilities: X_CAPABILITIES },
    draft,
  ).filter(
    (problem) =>
      !(problem.code === 'alt_text_missing' && isVideo(problem.part, problem.media)) &&
      // Sizes are checked below, per kind of media.
      problem.code !== 'media_too_large',
  )
  const partCount = draft.parts.length
  draft.parts.forEach((part, partIndex) => {
    const moving = part.media.filter((media) => X_MEDIA_LIMITS[media.mimeType])
    if (moving.length > 0 && part.media.length > 1) {
      problems.push(
        makeProblem(
          'X',
          'error',
          'too_many_media',
          { part: partIndex + 1, partCount },
          'has a GIF or video with other media; X takes up to 4 photos, or 1 GIF, or 1 video',
        ),
      )
    }
    part.media.forEach((media, mediaIndex) => {
      const limit = X_MEDIA_LIMITS[media.mimeType] ?? {
        kind: 'image',
        maxBytes: X_MAX_IMAGE_BYTES,
      }
      if (media.data.byteLength > limit.maxBytes) {
        problems.push(
          makeProblem(
            'X',
            'error',
            'media_too_large',
            { part: partIndex + 1, partCount, media: mediaIndex + 1, mediaKind: limit.kind },
            `is ${formatMegabytes(media.data.byteLength)}; X takes ${limit.kind === 'image' ? 'images' : `${limit.kind}s`} up to ${formatMegabytes(limit.maxBytes)}`,
          ),
        )
      }
      const codePoints = [...(media.altText?.trim() ?? '')].length
      const alreadyReported = problems.some(
        (problem) =>
          problem.code === 'alt_text_too_long' &&
          problem.part === partIndex + 1 &&
          problem.media === mediaIndex + 1,
      )
      if (codePoints > X_MAX_ALT_TEXT && !alreadyReported) {
        problems.push(
          makeProblem(
            'X',
            'error',
            'alt_text_too_long',
            { part: partIndex + 1, partCount, media: mediaIndex + 1, mediaKind: 'image' },
            `has ${formatNumber(codePoints)} / ${formatNumber(X_MAX_ALT_TEXT)} characters of alt text`,
          ),
        )
      }
    })
  })
  const texts = [
    ...draft.parts.map((part, index) => ({
      text: part.text,
      part: (index + 1) as number | undefined,
    })),
    ...(draft.firstComment?.trim() ? [{ text: draft.firstComment, part: undefined }] : []),
  ]
  for (const { text, part } of texts) {
    if (findXUrls(text).length === 0) continue
    problems.push(
      makeProblem(
        'X',
        'warning',
        'costly_content',
        { part, partCount, firstComment: part === undefined },
        `contains a link; X charges $${X_POST_WITH_URL_PRICE_USD.toFixed(3)} for a post with a link instead of $${X_POST_PRICE_USD.toFixed(3)} (about ${Math.round(X_POST_WITH_URL_PRICE_USD / X_POST_PRICE_USD)} times as much)`,
      ),
    )
  }
  return problems
}

const formatMegabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
