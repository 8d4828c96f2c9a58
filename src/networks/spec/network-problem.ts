/**
 * `error`: the network would refuse the draft (or Murmur cannot send it), so it is not published.
 * `warning`: it will be published, but something deserves a look (missing alt text, a mention that
 * did not resolve).
 */
export type ProblemSeverity = 'error' | 'warning'

export type ProblemCode =
  | 'no_parts'
  | 'text_empty'
  | 'text_too_long'
  | 'media_required'
  | 'too_many_media'
  | 'media_type_unsupported'
  | 'media_too_large'
  | 'alt_text_missing'
  | 'alt_text_too_long'
  | 'threads_unsupported'
  | 'too_many_parts'
  | 'reply_unsupported'
  | 'first_comment_unsupported'
  | 'mention_unresolved'
  | 'media_converted'
  /** The network bills this post more because of what it contains (X: posts with links). */
  | 'costly_content'
  /** The network downloads media from Murmur's public address, which it cannot reach (Instagram, Threads). */
  | 'media_not_public'

/** One thing wrong (or worth a look) in a draft, said so a person can fix it. */
export interface Problem {
  severity: ProblemSeverity
  code: ProblemCode
  /** Full sentence with the network and the place, e.g. "Bluesky: part 2, image 1 has no alt text". */
  message: string
  /** 1-based part number, when the problem is inside one part. */
  part?: number
  /** 1-based media number within the part. */
  media?: number
  /** True when the problem is in the first comment. */
  firstComment?: boolean
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === 'error')
}
