/** Types for the parts of twitter-text (X's official counting library, shipped without types) Murmur uses. */
declare module 'twitter-text' {
  interface ParsedTweet {
    /** Length as X counts it: weights per character range, every URL 23, after NFC. */
    weightedLength: number
    /** False when too long or when the text holds characters X refuses. */
    valid: boolean
    permillage: number
    validRangeStart: number
    validRangeEnd: number
    displayRangeStart: number
    displayRangeEnd: number
  }

  interface UrlEntity {
    url: string
    /** UTF-16 offsets: [start, end). */
    indices: [number, number]
  }

  interface MentionEntity {
    screenName: string
    indices: [number, number]
  }

  interface TwitterText {
    parseTweet(text: string): ParsedTweet
    extractUrls(text: string, options?: { extractUrlsWithoutProtocol?: boolean }): string[]
    extractUrlsWithIndices(
      text: string,
      options?: { extractUrlsWithoutProtocol?: boolean },
    ): UrlEntity[]
    extractMentions(text: string): string[]
    extractMentionsWithIndices(text: string): MentionEntity[]
    hasInvalidCharacters(text: string): boolean
    /** Sorts by start and drops entities overlapping an earlier one, in place. */
    removeOverlappingEntities(entities: Array<{ indices: [number, number] }>): void
    regexen: Readonly<Record<string, RegExp>>
  }

  const twitterText: TwitterText
  export default twitterText
}
