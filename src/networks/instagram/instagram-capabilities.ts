import { type PublicMediaSettings, publicMediaProblem } from '../meta/meta-public-media.js'
import { makeProblem, validateDraftAgainstCapabilities } from '../shared/validate-draft.js'
import type { NetworkCapabilities } from '../spec/network-capabilities.js'
import type { Draft } from '../spec/network-draft.js'
import type { Problem } from '../spec/network-problem.js'

/** Caption limits [networks.md: secondary source]: 2,200 characters, 30 hashtags, 20 @mentions. */
export const INSTAGRAM_MAX_CAPTION = 2_200
export const INSTAGRAM_MAX_HASHTAGS = 30
export const INSTAGRAM_MAX_MENTIONS = 20
/** A carousel holds up to 10 items (newer sources say 20; 10 works everywhere). */
export const INSTAGRAM_MAX_IMAGES = 10
/** Content publishing takes JPEG only, up to 8 MB. */
export const INSTAGRAM_MAX_IMAGE_BYTES = 8 * 1024 * 1024
/** `alt_text` (images, since March 2025) has no documented limit; 1,000 is Murmur's. */
export const INSTAGRAM_MAX_ALT_TEXT = 1_000

/** Characters as code points: what Instagram's 2,200 counts, never under-counted. */
export function countInstagramText(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}

export const INSTAGRAM_CAPABILITIES: NetworkCapabilities = {
  text: {
    maxLength: INSTAGRAM_MAX_CAPTION,
    countedAs: 'characters',
    countText: countInstagramText,
  },
  media: {
    maxCount: INSTAGRAM_MAX_IMAGES,
    maxBytes: INSTAGRAM_MAX_IMAGE_BYTES,
    mimeTypes: ['image/jpeg'],
    // Instagram has no text-only posts.
    required: true,
    resizesImages: false,
  },
  altText: { maxLength: INSTAGRAM_MAX_ALT_TEXT, required: false },
  threads: null,
  // Answers are comments: on a post, or replies to a comment.
  replies: true,
  firstComment: true,
  // Instagram Login gives apps no way to delete posts (Facebook Login only); comments can be.
  delete: false,
  metrics: ['likes', 'replies', 'views', 'shares', 'saves'],
  mentions: ['comment', 'mention'],
}

/** Comments: text only, no image required. */
const COMMENT_CAPABILITIES: NetworkCapabilities = {
  ...INSTAGRAM_CAPABILITIES,
  media: { ...INSTAGRAM_CAPABILITIES.media, required: false, maxCount: 0 },
}

const HASHTAG = /(^|\s)#[\p{L}\p{N}_]+/gu
const MENTION = /(^|\s)@[\w.]+/g

/**
 * The shared checks (no post without an image), Instagram's hashtag and mention caps, and Meta
 * reaching Murmur's public address. An answer is a comment: text only.
 */
export function validateInstagramDraft(draft: Draft, media: PublicMediaSettings): Problem[] {
  const capabilities = draft.replyTo ? COMMENT_CAPABILITIES : INSTAGRAM_CAPABILITIES
  const problems = validateDraftAgainstCapabilities({ name: 'Instagram', capabilities }, draft)
  const partCount = draft.parts.length
  draft.parts.forEach((part, index) => {
    const place = { part: index + 1, partCount }
    const hashtags = part.text.match(HASHTAG)?.length ?? 0
    const mentions = part.text.match(MENTION)?.length ?? 0
    if (hashtags > INSTAGRAM_MAX_HASHTAGS) {
      problems.push(
        makeProblem(
          'Instagram',
          'error',
          'text_too_long',
          place,
          `has ${hashtags} hashtags; Instagram takes at most ${INSTAGRAM_MAX_HASHTAGS}`,
        ),
      )
    }
    if (mentions > INSTAGRAM_MAX_MENTIONS) {
      problems.push(
        makeProblem(
          'Instagram',
          'error',
          'text_too_long',
          place,
          `has ${mentions} @mentions; Instagram takes at most ${INSTAGRAM_MAX_MENTIONS}`,
        ),
      )
    }
  })
  const unreachable = publicMediaProblem('Instagram', draft, media)
  if (unreachable) problems.push(unreachable)
  return problems
}
