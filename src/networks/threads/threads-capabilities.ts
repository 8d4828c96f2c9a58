import { type PublicMediaSettings, publicMediaProblem } from '../meta/meta-public-media.js'
import { makeProblem, validateDraftAgainstCapabilities } from '../shared/validate-draft.js'
import type { NetworkCapabilities } from '../spec/network-capabilities.js'
import type { Draft } from '../spec/network-draft.js'
import type { Problem } from '../spec/network-problem.js'
import {
  countThreadsText,
  findThreadsLinks,
  THREADS_MAX_LINKS,
  THREADS_MAX_TEXT_LENGTH,
} from './threads-text.js'

/** A carousel holds 2 to 20 images; one image is a plain image post. */
export const THREADS_MAX_IMAGES = 20
/** Images: JPEG or PNG, up to 8 MB [networks.md: secondary source]. */
export const THREADS_MAX_IMAGE_BYTES = 8 * 1024 * 1024
/** `alt_text` has no documented limit; 1,000 is what Murmur lets through. */
export const THREADS_MAX_ALT_TEXT = 1_000

export const THREADS_CAPABILITIES: NetworkCapabilities = {
  text: {
    maxLength: THREADS_MAX_TEXT_LENGTH,
    countedAs: 'UTF-8 weighted characters',
    countText: countThreadsText,
  },
  media: {
    maxCount: THREADS_MAX_IMAGES,
    maxBytes: THREADS_MAX_IMAGE_BYTES,
    mimeTypes: ['image/jpeg', 'image/png'],
    required: false,
    resizesImages: false,
  },
  altText: { maxLength: THREADS_MAX_ALT_TEXT, required: false },
  // Threads has no thread length limit; 25 keeps a runaway draft from flooding followers.
  threads: { maxParts: 25 },
  replies: true,
  // The first comment is the account's own reply to the last part.
  firstComment: true,
  delete: true,
  metrics: ['views', 'likes', 'replies', 'reposts', 'quotes', 'shares'],
  mentions: ['mention', 'reply'],
}

/** The shared checks, Threads' limit of 5 links, and Meta reaching Murmur's public address. */
export function validateThreadsDraft(draft: Draft, media: PublicMediaSettings): Problem[] {
  const problems = validateDraftAgainstCapabilities(
    { name: 'Threads', capabilities: THREADS_CAPABILITIES },
    draft,
  )
  const partCount = draft.parts.length
  const texts = [
    ...draft.parts.map((part, index) => ({
      text: part.text,
      part: (index + 1) as number | undefined,
    })),
    ...(draft.firstComment?.trim() ? [{ text: draft.firstComment, part: undefined }] : []),
  ]
  for (const { text, part } of texts) {
    const links = findThreadsLinks(text).length
    if (links <= THREADS_MAX_LINKS) continue
    problems.push(
      makeProblem(
        'Threads',
        'error',
        'text_too_long',
        { part, partCount, firstComment: part === undefined },
        `has ${links} links; Threads takes at most ${THREADS_MAX_LINKS}`,
      ),
    )
  }
  const unreachable = publicMediaProblem('Threads', draft, media)
  if (unreachable) problems.push(unreachable)
  return problems
}
