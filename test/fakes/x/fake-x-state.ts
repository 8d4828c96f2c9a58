/**
 * What the X fake remembers: apps, accounts, tokens, media and posts. Ids are snowflake-like
 * decimal strings that grow with time, as X's do.
 */
import { randomBytes } from 'node:crypto'

export interface FakeXApp {
  clientId: string
  /** Confidential clients authenticate with HTTP Basic; public clients send `client_id`. */
  clientSecret?: string
  redirectUris: string[]
}

export interface FakeXUser {
  id: string
  username: string
  name: string
  /** The account's `public_metrics` (followers_count, following_count, tweet_count…). */
  followers?: number
}

export interface FakeXAccessToken {
  userId: string
  clientId: string
  scopes: string[]
  expiresAt: number
  revoked: boolean
}

export interface FakeXRefreshToken {
  userId: string
  clientId: string
  scopes: string[]
  /** Spent (rotated) or revoked: either way X answers invalid_request. */
  dead: boolean
}

export interface FakeXCode {
  clientId: string
  userId: string
  redirectUri: string
  scopes: string[]
  codeChallenge: string
  codeChallengeMethod: 'S256' | 'plain'
  expiresAt: number
  used: boolean
}

export interface FakeXMedia {
  id: string
  ownerId: string
  mimeType: string
  size: number
  altText?: string
  expiresAt: number
  /** GIFs and video: usable in a post only once `succeeded`. */
  processing?: FakeXProcessing
}

export interface FakeXProcessing {
  state: 'pending' | 'in_progress' | 'succeeded' | 'failed'
  /** STATUS reads left before the outcome. */
  pollsLeft: number
  outcome: 'succeeded' | 'failed'
}

/** A chunked upload between INIT and FINALIZE. */
export interface FakeXUpload {
  id: string
  ownerId: string
  mediaType: string
  category: string
  totalBytes: number
  segments: Map<number, Uint8Array>
  expiresAt: number
}

export interface FakeXMetrics {
  retweet_count: number
  reply_count: number
  like_count: number
  quote_count: number
  bookmark_count: number
  impression_count: number
}

export interface FakeXTweet {
  id: string
  authorId: string
  /** As written (after NFC), before X's t.co wrapping and HTML escaping. */
  text: string
  createdAt: string
  inReplyToId?: string
  inReplyToUserId?: string
  conversationId: string
  quotedId?: string
  mediaIds: string[]
  metrics: FakeXMetrics
  deleted: boolean
}

export class FakeXState {
  readonly apps = new Map<string, FakeXApp>()
  readonly users = new Map<string, FakeXUser>()
  readonly accessTokens = new Map<string, FakeXAccessToken>()
  readonly refreshTokens = new Map<string, FakeXRefreshToken>()
  readonly codes = new Map<string, FakeXCode>()
  readonly media = new Map<string, FakeXMedia>()
  readonly uploads = new Map<string, FakeXUpload>()
  /** How the next finalized GIF or video processes: STATUS reads before the outcome. */
  mediaProcessing: { polls: number; outcome: 'succeeded' | 'failed' } = {
    polls: 2,
    outcome: 'succeeded',
  }
  readonly tweets = new Map<string, FakeXTweet>()
  /** `userId tweetId` of each like. */
  readonly likes = new Set<string>()
  readonly now: () => number
  #sequence = 0
  #lastMs = 0

  constructor(now: () => number) {
    this.now = now
  }

  /** A 19-digit id: milliseconds since X's epoch shifted left 22 bits, plus a sequence within the millisecond. */
  nextId(): string {
    const now = Math.max(this.now(), this.#lastMs)
    this.#sequence = now === this.#lastMs ? this.#sequence + 1 : 0
    this.#lastMs = now
    if (this.#sequence > 4095) {
      // X's sequence has 12 bits: borrow the next millisecond, so ids keep increasing.
      this.#lastMs += 1
      this.#sequence = 0
    }
    const sinceEpoch = BigInt(this.#lastMs - 1288834974657)
    return ((sinceEpoch << 22n) + BigInt(this.#sequence)).toString()
  }

  userByUsername(username: string): FakeXUser | undefined {
    const wanted = username.toLowerCase()
    return [...this.users.values()].find((user) => user.username.toLowerCase() === wanted)
  }

  liveTweet(id: string): FakeXTweet | undefined {
    const tweet = this.tweets.get(id)
    return tweet && !tweet.deleted ? tweet : undefined
  }
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url')
}

export function compareIds(left: string, right: string): number {
  const difference = BigInt(left) - BigInt(right)
  return difference === 0n ? 0 : difference > 0n ? 1 : -1
}
