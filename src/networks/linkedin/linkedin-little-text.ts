/**
 * LinkedIn's "little" text format (Posts API `commentary`): `\ | { } @ [ ] ( ) < > # * _ ~` are
 * markup, and an unescaped one silently truncates or alters the post. Murmur escapes each with a
 * backslash, except in links (escaping would break them) and in #hashtags (which stay clickable,
 * as little's HashtagElement). Mentions are not resolved: `@name` stays plain text.
 */
export const LINKEDIN_MAX_TEXT_LENGTH = 3_000

const RESERVED = /[\\|{}@[\]()<>#*_~]/g
const LINK = /(?:https?:\/\/|www\.)[^\s<>"]+/giu
const HASHTAG = /(^|[\s([{"'])#([\p{L}\p{N}]+)/gu

/** Plain text → little text, as Murmur sends it. */
export function toLittleText(text: string): string {
  let result = ''
  let last = 0
  for (const match of text.matchAll(LINK)) {
    const start = match.index ?? 0
    result += escapeWithHashtags(text.slice(last, start)) + match[0]
    last = start + match[0].length
  }
  return result + escapeWithHashtags(text.slice(last))
}

/** Escapes every reserved character of `segment`, except the # that starts a hashtag. */
function escapeWithHashtags(segment: string): string {
  let result = ''
  let last = 0
  for (const match of segment.matchAll(HASHTAG)) {
    const before = match[1] ?? ''
    const hashAt = (match.index ?? 0) + before.length
    result += `${escapeReserved(segment.slice(last, hashAt))}#${match[2] ?? ''}`
    last = hashAt + 1 + (match[2]?.length ?? 0)
  }
  return result + escapeReserved(segment.slice(last))
}

function escapeReserved(text: string): string {
  return text.replace(RESERVED, (character) => `\\${character}`)
}

/** Little text → what people read: escapes removed, mentions and hashtag templates as words. */
export function fromLittleText(little: string): string {
  return little
    .replace(/@\[([^\]]*)\]\(urn:li:[^)]*\)/g, '@$1')
    .replace(/\{hashtag\|\\?#\|([^}]*)\}/g, '#$1')
    .replace(/\\([\\|{}@[\]()<>#*_~])/g, '$1')
}

/**
 * Length of the commentary LinkedIn receives, in characters (code points): the text with its
 * reserved characters escaped, so every backslash Murmur adds counts toward the 3,000.
 */
export function countLinkedInText(text: string): number {
  let count = 0
  for (const _ of toLittleText(text)) count++
  return count
}
