/**
 * Threads counts text in characters, except that "emojis are counted as the number of UTF-8
 * bytes" (Threads posts guide): 🍞 costs 4, 👨‍👩‍👧‍👦 costs 25. Other characters count one per
 * code point, which never under-counts what people see.
 */
export const THREADS_MAX_TEXT_LENGTH = 500
/** Since December 2025 a post with more than 5 links fails (THREADS_API__LINK_LIMIT_EXCEEDED). */
export const THREADS_MAX_LINKS = 5

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const encoder = new TextEncoder()
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u

export function countThreadsText(text: string): number {
  let count = 0
  for (const { segment } of graphemes.segment(text)) {
    if (EMOJI.test(segment)) count += encoder.encode(segment).byteLength
    else for (const _ of segment) count++
  }
  return count
}

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu

/** Unique links in the text, as Threads counts them toward its limit of 5. */
export function findThreadsLinks(text: string): string[] {
  const links = (text.match(LINK) ?? []).map((link) => link.replace(/[.,;:!?)\]]+$/, ''))
  return [...new Set(links.map((link) => link.toLowerCase()))]
}
