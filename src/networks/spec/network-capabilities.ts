import type { MentionKind } from './network-mention.js'
import type { MetricName } from './post-metrics.js'

export interface TextCapabilities {
  /** Longest text the network accepts, counted with `countText`. */
  maxLength: number
  /** What `countText` counts, for people: "characters" in the UI, precise words in docs. */
  countedAs: 'graphemes' | 'weighted characters' | 'characters' | 'UTF-8 weighted characters'
  /** Counts text exactly the way the network does, so counters in the editor match its verdict. */
  countText: (text: string) => number
}

export interface MediaCapabilities {
  /** Most attachments per part; 0 when the network takes none. */
  maxCount: number
  /** Largest file Murmur accepts for this network, in bytes. */
  maxBytes: number
  mimeTypes: readonly string[]
  /** Instagram: a post without media is impossible. */
  required: boolean
  /** The adapter re-encodes images to the network's own limits, so `maxBytes` is an input limit. */
  resizesImages: boolean
}

export interface AltTextCapabilities {
  /** Longest alt text, in graphemes. */
  maxLength: number
  /** True when the network refuses images without it; otherwise a missing one is a warning. */
  required: boolean
}

/** What one network can do, as data the UI, the validator and the scheduler read. */
export interface NetworkCapabilities {
  text: TextCapabilities
  media: MediaCapabilities
  /** Absent when the network takes no alt text. */
  altText: AltTextCapabilities | null
  /** Absent when the network has no threads; `maxParts` is Murmur's cap, not always the network's. */
  threads: { maxParts: number } | null
  /** Can answer an existing post (`Draft.replyTo`). */
  replies: boolean
  /** Can publish `Draft.firstComment`. */
  firstComment: boolean
  delete: boolean
  /** Metrics `fetchMetrics` returns when the network has them; others are never reported. */
  metrics: readonly MetricName[]
  /** Kinds `fetchMentions` returns; empty when the network offers no inbox. */
  mentions: readonly MentionKind[]
}
