/** One image (or video) attached to a part, as bytes: networks never fetch Murmur's URLs. */
export interface DraftMedia {
  data: Uint8Array
  mimeType: string
  altText?: string
  width?: number
  height?: number
  /**
   * Where Murmur keeps the file. Networks that download media instead of taking uploads
   * (Instagram, Threads) get a public address for it from the app's `publicMediaUrl`.
   */
  stored?: { workspaceId: string; mediaId: string }
}

/** One post of a thread; a draft with one part is a plain post. */
export interface DraftPart {
  text: string
  media: DraftMedia[]
}

/** An existing post to answer: its id as returned by `publish` or `fetchMentions`. */
export interface ReplyTarget {
  id: string
}

/** What gets published to one channel: the channel's variant of a post. */
export interface Draft {
  /** A thread when there are several: each part answers the previous one. */
  parts: DraftPart[]
  /** Publish the first part as an answer to this post. */
  replyTo?: ReplyTarget
  /** Published right after the last part, as the account's own answer to it. */
  firstComment?: string
  /** BCP 47 language tags of the text, e.g. `['en']`, where the network records them. */
  languages?: string[]
}
