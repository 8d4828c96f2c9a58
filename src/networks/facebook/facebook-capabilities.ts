import { makeProblem, validateDraftAgainstCapabilities } from '../shared/validate-draft.js'
import type { NetworkCapabilities } from '../spec/network-capabilities.js'
import type { Draft } from '../spec/network-draft.js'
import type { Problem } from '../spec/network-problem.js'

/** The longest Page post Facebook takes [networks.md: secondary source]. */
export const FACEBOOK_MAX_TEXT_LENGTH = 63_206
/** `attached_media` of one feed post; Facebook's apps allow more, the API docs show up to 10. */
export const FACEBOOK_MAX_IMAGES = 10
/** Photo reference: static images must be smaller than 10 MB. */
export const FACEBOOK_MAX_IMAGE_BYTES = 10_000_000 - 1
/** `alt_text_custom` has no documented limit; Murmur's own media limit applies. */
export const FACEBOOK_MAX_ALT_TEXT = 2_000

/** Characters as code points: a 4-byte emoji is one, as Facebook's counter shows it. */
export function countFacebookText(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}

export const FACEBOOK_CAPABILITIES: NetworkCapabilities = {
  text: {
    maxLength: FACEBOOK_MAX_TEXT_LENGTH,
    countedAs: 'characters',
    countText: countFacebookText,
  },
  media: {
    maxCount: FACEBOOK_MAX_IMAGES,
    maxBytes: FACEBOOK_MAX_IMAGE_BYTES,
    mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/tiff'],
    required: false,
    resizesImages: false,
  },
  // Facebook writes alt text of its own; `alt_text_custom` replaces it.
  altText: { maxLength: FACEBOOK_MAX_ALT_TEXT, required: false },
  threads: null,
  // An answer is a comment by the Page, on a post or on a comment.
  replies: true,
  firstComment: true,
  delete: true,
  metrics: ['likes', 'replies', 'shares', 'views'],
  mentions: ['comment', 'mention'],
}

/** The shared checks, plus: an answer is a comment, and Murmur sends comments as text only. */
export function validateFacebookDraft(draft: Draft): Problem[] {
  const problems = validateDraftAgainstCapabilities(
    { name: 'Facebook', capabilities: FACEBOOK_CAPABILITIES },
    draft,
  )
  if (draft.replyTo) {
    draft.parts.forEach((part, index) => {
      if (part.media.length === 0) return
      problems.push(
        makeProblem(
          'Facebook',
          'error',
          'too_many_media',
          { part: index + 1, partCount: draft.parts.length },
          'is an answer, which Facebook publishes as a comment; Murmur sends comments without images',
        ),
      )
    })
  }
  return problems
}
