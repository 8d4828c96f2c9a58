/** What the Mastodon fake remembers. Ids are time-ordered decimal strings, as Mastodon's are. */
import { randomBytes } from 'node:crypto'
import type { MastodonInstanceLimits } from '../../../src/networks/mastodon/index.js'

export interface FakeMastodonApp {
  id: string
  name: string
  website: string | null
  clientId: string
  clientSecret: string
  redirectUris: string[]
  scopes: string[]
}

export interface FakeMastodonAccount {
  id: string
  username: string
  /** Absent for local accounts. */
  domain?: string
  displayName: string
  /** `followers_count` on the Account entity. */
  followers?: number
}

export interface FakeMastodonToken {
  accountId: string
  clientId: string
  scopes: string[]
  revoked: boolean
}

export interface FakeMastodonCode {
  clientId: string
  accountId: string
  redirectUri: string
  scopes: string[]
  codeChallenge?: string
  used: boolean
}

export interface FakeMastodonMedia {
  id: string
  accountId: string
  mimeType: string
  size: number
  description: string | null
  /** GETs still answered 206 before the attachment is ready. */
  pollsLeft: number
  statusId?: string
}

export interface FakeMastodonStatus {
  id: string
  accountId: string
  /** The source text as posted. */
  text: string
  createdAt: string
  inReplyToId?: string
  inReplyToAccountId?: string
  quotedId?: string
  visibility: string
  language: string | null
  mediaIds: string[]
  repliesCount: number
  reblogsCount: number
  favouritesCount: number
  quotesCount: number
  deleted: boolean
}

export interface FakeMastodonNotification {
  id: string
  type: 'mention' | 'quote' | 'favourite' | 'reblog' | 'follow'
  accountId: string
  /** Who it was for. */
  recipientId: string
  statusId?: string
  createdAt: string
}

export class FakeMastodonState {
  readonly apps = new Map<string, FakeMastodonApp>()
  readonly accounts = new Map<string, FakeMastodonAccount>()
  readonly tokens = new Map<string, FakeMastodonToken>()
  readonly codes = new Map<string, FakeMastodonCode>()
  readonly media = new Map<string, FakeMastodonMedia>()
  readonly statuses = new Map<string, FakeMastodonStatus>()
  readonly notifications: FakeMastodonNotification[] = []
  /** Boosts, oldest first: `id` orders them like Mastodon's reblog status ids. */
  readonly reblogs: Array<{ id: string; accountId: string; statusId: string }> = []
  /** `accountId statusId` of each favourite. */
  readonly favourites = new Set<string>()
  /** `accountId Idempotency-Key` → status id, kept one hour like Mastodon's Redis entry. */
  readonly idempotency = new Map<string, { statusId: string; until: number }>()
  readonly limits: MastodonInstanceLimits
  readonly now: () => number
  #sequence = 0

  constructor(limits: MastodonInstanceLimits, now: () => number) {
    this.limits = limits
    this.now = now
  }

  /** Milliseconds shifted 16 bits plus a sequence, like Mastodon's `timestamp_id`. */
  nextId(): string {
    this.#sequence = (this.#sequence + 1) % 65536
    return ((BigInt(this.now()) << 16n) + BigInt(this.#sequence)).toString()
  }

  liveStatus(id: string): FakeMastodonStatus | undefined {
    const status = this.statuses.get(id)
    return status && !status.deleted ? status : undefined
  }

  accountByUsername(username: string): FakeMastodonAccount | undefined {
    const wanted = username.toLowerCase()
    return [...this.accounts.values()].find(
      (account) => !account.domain && account.username.toLowerCase() === wanted,
    )
  }
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

export function compareIds(left: string, right: string): number {
  const difference = BigInt(left) - BigInt(right)
  return difference === 0n ? 0 : difference > 0n ? 1 : -1
}
