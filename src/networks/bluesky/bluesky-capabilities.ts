import { countGraphemes, countUtf8Bytes } from '../shared/text-length.js'
import {
  formatNumber,
  makeProblem,
  validateDraftAgainstCapabilities,
} from '../shared/validate-draft.js'
import type { NetworkCapabilities } from '../spec/network-capabilities.js'
import type { Draft } from '../spec/network-draft.js'
import type { Problem } from '../spec/network-problem.js'

/** app.bsky.feed.post `text`: maxGraphemes 300, maxLength 3000 (UTF-8 bytes). */
export const BLUESKY_MAX_GRAPHEMES = 300
export const BLUESKY_MAX_TEXT_BYTES = 3000
/** app.bsky.embed.images: 4 images, each blob ≤ 2,000,000 bytes (1,000,000 before 2025). */
export const BLUESKY_MAX_IMAGES = 4
export const BLUESKY_LEXICON_IMAGE_BYTES = 2_000_000

export const BLUESKY_CAPABILITIES: NetworkCapabilities = {
  text: { maxLength: BLUESKY_MAX_GRAPHEMES, countedAs: 'graphemes', countText: countGraphemes },
  media: {
    maxCount: BLUESKY_MAX_IMAGES,
    // An input limit: images are re-encoded to fit the blob limit before upload.
    maxBytes: 25_000_000,
    mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
    required: false,
    resizesImages: true,
  },
  // The lexicon requires an `alt` field but lets it be empty, so a missing one is a warning.
  // 2,000 is the official app's limit; the lexicon sets none.
  altText: { maxLength: 2000, required: false },
  // Bluesky has no thread length limit; 25 keeps a runaway draft from flooding followers.
  threads: { maxParts: 25 },
  replies: true,
  firstComment: true,
  delete: true,
  metrics: ['likes', 'reposts', 'replies', 'quotes', 'bookmarks'],
  mentions: ['mention', 'reply', 'quote'],
}

/** The shared checks plus Bluesky's byte limit, which long emoji sequences can hit first. */
export function validateBlueskyDraft(draft: Draft): Problem[] {
  const problems = validateDraftAgainstCapabilities(
    { name: 'Bluesky', capabilities: BLUESKY_CAPABILITIES },
    draft,
  )
  const texts = draft.parts.map((part, index) => ({ text: part.text, part: index + 1 }))
  const firstComment = draft.firstComment?.trim()
  for (const { text, part, isFirstComment } of [
    ...texts.map((entry) => ({ ...entry, isFirstComment: false })),
    ...(firstComment ? [{ text: firstComment, part: undefined, isFirstComment: true }] : []),
  ]) {
    const bytes = countUtf8Bytes(text)
    if (bytes <= BLUESKY_MAX_TEXT_BYTES || countGraphemes(text) > BLUESKY_MAX_GRAPHEMES) continue
    problems.push(
      makeProblem(
        'Bluesky',
        'error',
        'text_too_long',
        { part, partCount: texts.length, firstComment: isFirstComment },
        `is ${formatNumber(bytes)} / ${formatNumber(BLUESKY_MAX_TEXT_BYTES)} bytes (long emoji sequences count extra)`,
      ),
    )
  }
  return problems
}
