const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const encoder = new TextEncoder()

/**
 * User-perceived characters (extended grapheme clusters): 👨‍👩‍👧‍👦 and "é" written as e + ◌́ are
 * one each. This is what Bluesky's servers count (they use Intl.Segmenter too).
 */
export function countGraphemes(text: string): number {
  let count = 0
  for (const _ of graphemes.segment(text)) count++
  return count
}

export function countUtf8Bytes(text: string): number {
  return encoder.encode(text).byteLength
}
