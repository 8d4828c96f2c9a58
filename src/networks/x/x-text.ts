import twitterText from 'twitter-text'

/** X's limit for a post (non-Premium accounts), in weighted characters. */
export const X_MAX_WEIGHTED_LENGTH = 280

/**
 * Counts text the way X does, with X's own library: NFC first, weight 2 for CJK and emoji
 * (a ZWJ family is one emoji), 1 for Latin and common punctuation, 23 for every URL (t.co).
 */
export function countXText(text: string): number {
  return twitterText.parseTweet(text.normalize('NFC')).weightedLength
}

/** URLs X will wrap in t.co, including bare domains such as `example.com`. */
export function findXUrls(text: string): string[] {
  return twitterText.extractUrls(text)
}
