/**
 * Text rules the Instagram and Threads fakes enforce, written independently of Murmur's adapters
 * so that a counting mistake there shows up as a refusal here.
 */
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })

/** Threads: characters, with every emoji costing its UTF-8 bytes (Threads posts guide). */
export function threadsLength(text: string): number {
  let total = 0
  for (const piece of segmenter.segment(text)) {
    const grapheme = piece.segment
    const isEmoji =
      /\p{Extended_Pictographic}/u.test(grapheme) ||
      /[\u{1f1e6}-\u{1f1ff}]/u.test(grapheme) ||
      grapheme.includes('\u20e3')
    total += isEmoji ? Buffer.byteLength(grapheme, 'utf8') : Array.from(grapheme).length
  }
  return total
}

/** Unique URLs, as Threads counts them toward its limit of 5. */
export function threadsLinkCount(text: string): number {
  const found = text.match(/(?:https?:\/\/|www\.)[^\s<>"]+/gi) ?? []
  return new Set(found.map((link) => link.replace(/[.,;:!?)\]]+$/, '').toLowerCase())).size
}

/** Instagram caption: characters (code points), hashtags and @mentions. */
export function instagramCaptionStats(caption: string): {
  length: number
  hashtags: number
  mentions: number
} {
  return {
    length: Array.from(caption).length,
    hashtags: (caption.match(/(^|\s)#[\p{L}\p{N}_]+/gu) ?? []).length,
    mentions: (caption.match(/(^|\s)@[\w.]+/g) ?? []).length,
  }
}
