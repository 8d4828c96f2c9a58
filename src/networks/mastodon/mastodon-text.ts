import twitterText from 'twitter-text'
import { countGraphemes } from '../shared/text-length.js'

/** mastodon.social's defaults; each instance announces its own in `/api/v2/instance`. */
export const MASTODON_DEFAULT_MAX_CHARACTERS = 500
export const MASTODON_DEFAULT_URL_LENGTH = 23

/** Mastodon skips remote mentions whose domain is longer than a DNS name can be. */
const MAX_DOMAIN_LENGTH = 253
/** Ruby's `[[:word:]]`: letters, marks, numbers, connector punctuation. */
const WORD = '\\p{L}\\p{M}\\p{N}\\p{Pc}'
/**
 * `Account::MENTION_RE` (Mastodon 4.x): `@user` or `@user@domain`, not after `=`, `/` or a word
 * character. Group 1 is `user@domain`, group 2 the username.
 */
const MENTION_PATTERN = new RegExp(
  `(?<![=/${WORD}])@(([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@[${WORD}.-]+[${WORD}])?)`,
  'giu',
)

interface Entity {
  indices: [number, number]
  replacement: string
}

/**
 * Counts a status the way Mastodon's `StatusLengthValidator` does: each URL (with a scheme, as
 * Mastodon's twitter-text extractor finds it) counts `urlLength` characters, a remote mention
 * counts only its `@username` part, and the rest is counted in grapheme clusters.
 */
export function countMastodonText(
  text: string,
  urlLength: number = MASTODON_DEFAULT_URL_LENGTH,
): number {
  return countGraphemes(countableText(text, urlLength))
}

/** The text with URLs and remote mentions rewritten to what Mastodon counts for them. */
export function countableText(text: string, urlLength: number): string {
  if (text.trim() === '') return ''
  const urls: Entity[] = twitterText
    .extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false })
    .map((url) => ({ indices: url.indices, replacement: 'x'.repeat(urlLength) }))
  const entities = [...urls, ...findMentions(text)]
  // Sorts by start and drops entities that overlap an earlier one, in place.
  twitterText.removeOverlappingEntities(entities)
  let result = ''
  let cursor = 0
  for (const entity of entities) {
    result += text.slice(cursor, entity.indices[0]) + entity.replacement
    cursor = entity.indices[1]
  }
  return result + text.slice(cursor)
}

function findMentions(text: string): Entity[] {
  if (!text.includes('@') && !text.includes('＠')) return []
  const endMention = twitterText.regexen.endMentionMatch
  const mentions: Entity[] = []
  for (const match of text.matchAll(MENTION_PATTERN)) {
    const screenName = match[1] ?? ''
    const end = (match.index ?? 0) + match[0].length
    if (endMention?.test(text.slice(end))) continue
    const [username, domain] = screenName.split('@')
    if (domain !== undefined && domain.length > MAX_DOMAIN_LENGTH) continue
    mentions.push({ indices: [match.index ?? 0, end], replacement: `@${username}` })
  }
  return mentions
}
