import {
  formatNumber,
  makeProblem,
  validateDraftAgainstCapabilities,
} from '../shared/validate-draft.js'
import type { NetworkCapabilities } from '../spec/network-capabilities.js'
import type { Draft } from '../spec/network-draft.js'
import type { Problem } from '../spec/network-problem.js'
import { countLinkedInText, LINKEDIN_MAX_TEXT_LENGTH } from './linkedin-little-text.js'

/** `multiImage` takes 2 to 20 images; one image is a `media` post. */
export const LINKEDIN_MAX_IMAGES = 20
/** LinkedIn's image limit is 36 million pixels; Murmur also caps the bytes it uploads. */
export const LINKEDIN_MAX_IMAGE_BYTES = 10 * 1024 * 1024
/** `altText` of an image: at most 4,086 characters. */
export const LINKEDIN_MAX_ALT_TEXT = 4_086
/** Comments take 1,250 characters [secondary source]. */
export const LINKEDIN_MAX_COMMENT_LENGTH = 1_250

export const LINKEDIN_CAPABILITIES: NetworkCapabilities = {
  text: {
    maxLength: LINKEDIN_MAX_TEXT_LENGTH,
    countedAs: 'characters',
    countText: countLinkedInText,
  },
  media: {
    maxCount: LINKEDIN_MAX_IMAGES,
    maxBytes: LINKEDIN_MAX_IMAGE_BYTES,
    mimeTypes: ['image/jpeg', 'image/png', 'image/gif'],
    required: false,
    resizesImages: false,
  },
  altText: { maxLength: LINKEDIN_MAX_ALT_TEXT, required: false },
  threads: null,
  // An answer is a comment on the post (or on the comment).
  replies: true,
  firstComment: true,
  delete: true,
  metrics: ['likes', 'replies'],
  mentions: ['comment'],
}

/** The shared checks, plus LinkedIn's shorter comments; an answer is a comment (text only). */
export function validateLinkedInDraft(draft: Draft): Problem[] {
  const problems = validateDraftAgainstCapabilities(
    { name: 'LinkedIn', capabilities: LINKEDIN_CAPABILITIES },
    draft,
  )
  const partCount = draft.parts.length
  const comments = [
    ...(draft.replyTo
      ? draft.parts.map((part, index) => ({
          text: part.text,
          part: (index + 1) as number | undefined,
        }))
      : []),
    ...(draft.firstComment?.trim() ? [{ text: draft.firstComment, part: undefined }] : []),
  ]
  for (const { text, part } of comments) {
    const length = countLinkedInText(text)
    if (length <= LINKEDIN_MAX_COMMENT_LENGTH) continue
    problems.push(
      makeProblem(
        'LinkedIn',
        'error',
        'text_too_long',
        { part, partCount, firstComment: part === undefined },
        `is ${formatNumber(length)} / ${formatNumber(LINKEDIN_MAX_COMMENT_LENGTH)} characters for a comment`,
      ),
    )
  }
  if (draft.replyTo) {
    draft.parts.forEach((part, index) => {
      if (part.media.length === 0) return
      problems.push(
        makeProblem(
          'LinkedIn',
          'error',
          'too_many_media',
          { part: index + 1, partCount },
          'is an answer, which LinkedIn publishes as a comment; Murmur sends comments without images',
        ),
      )
    })
  }
  return problems
}
