import type { Problem } from './network-problem.js'

/** A post that exists on the network. */
export interface PublishedPost {
  /** The network's id (a Bluesky at:// URI, an X tweet id…): what `delete`, `fetchMetrics` take. */
  id: string
  /** Public web address of the post. */
  url: string
}

export interface PublishResult {
  /** One per draft part, in order. */
  parts: PublishedPost[]
  firstComment?: PublishedPost
  /** Things done differently from the draft (mentions left as plain text, images re-encoded). */
  warnings: Problem[]
}

/** A post read back from the network. */
export interface FetchedPost {
  id: string
  url: string
  text: string
  /** ISO 8601. */
  createdAt: string
}
