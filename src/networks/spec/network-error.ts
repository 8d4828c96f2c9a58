import type { NetworkId } from './network-id.js'
import type { PublishedPost } from './publish-result.js'

/**
 * - `retryable`: try again later, after `retryAfterMs` when known (rate limit, outage).
 * - `auth_expired`: the stored credentials no longer work; refresh them, else the channel must be
 *   reconnected by a person.
 * - `content_rejected`: the network refused this content (or request) for `reason`; retrying the
 *   same thing fails again.
 * - `outcome_unknown`: the request left but its answer was lost; the post may exist. Never retry
 *   blindly: check with `fetchPost(unconfirmedPart.id)` when given, or ask a person.
 */
export type NetworkErrorKind = 'retryable' | 'auth_expired' | 'content_rejected' | 'outcome_unknown'

/** How far a publish got before it failed, so callers can record what already exists. */
export interface PublishProgress {
  /** Parts (and the first comment, last) that certainly exist on the network. */
  publishedParts: PublishedPost[]
  /** The part whose answer was lost: it may exist under this id (`outcome_unknown` only). */
  unconfirmedPart?: PublishedPost
}

export interface NetworkErrorOptions {
  network: NetworkId
  kind: NetworkErrorKind
  message: string
  /** The network's own words for a refusal, e.g. "grapheme too big (maximum 300, got 301)". */
  reason?: string
  /** The network's error name or code, e.g. `RateLimitExceeded`, `88`. */
  code?: string
  retryAfterMs?: number
  /** Raw HTTP status and body, for logs only. */
  status?: number
  body?: string
  progress?: PublishProgress
  cause?: unknown
}

const marker = Symbol.for('murmur.networks.NetworkError')

/** The one error every network method throws for anything the network (or the wire) did. */
export class NetworkError extends Error {
  /** Lets `isInstance` recognise copies of this class from another bundle. */
  readonly [marker] = true
  readonly network: NetworkId
  readonly kind: NetworkErrorKind
  readonly reason: string | undefined
  readonly code: string | undefined
  readonly retryAfterMs: number | undefined
  readonly status: number | undefined
  readonly body: string | undefined
  readonly progress: PublishProgress | undefined

  constructor(options: NetworkErrorOptions) {
    super(options.message, { cause: options.cause })
    this.name = 'NetworkError'
    this.network = options.network
    this.kind = options.kind
    this.reason = options.reason
    this.code = options.code
    this.retryAfterMs = options.retryAfterMs
    this.status = options.status
    this.body = options.body
    this.progress = options.progress
  }

  get isRetryable(): boolean {
    return this.kind === 'retryable'
  }

  /** A copy that also records how far a publish got. */
  withProgress(progress: PublishProgress): NetworkError {
    return new NetworkError({ ...this.toOptions(), progress })
  }

  toOptions(): NetworkErrorOptions {
    return {
      network: this.network,
      kind: this.kind,
      message: this.message,
      reason: this.reason,
      code: this.code,
      retryAfterMs: this.retryAfterMs,
      status: this.status,
      body: this.body,
      progress: this.progress,
      cause: this.cause,
    }
  }

  /** Works across duplicated copies of this module, where `instanceof` would not. */
  static isInstance(error: unknown): error is NetworkError {
    return typeof error === 'object' && error !== null && marker in error
  }
}

/** The first NetworkError in `error`'s cause chain (client libraries wrap what fetch throws). */
export function findNetworkError(error: unknown): NetworkError | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    if (NetworkError.isInstance(current)) return current
    current = current instanceof Error ? current.cause : undefined
  }
  return undefined
}
