/**
 * What the LinkedIn fake remembers: the app, members, tokens, images, posts, comments and
 * reactions.
 */
import { randomBytes } from 'node:crypto'

export interface FakeLinkedInApp {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  /** Approved for programmatic refresh tokens (Marketing/Community Management partners). */
  refreshTokens: boolean
}

export interface FakeLinkedInMember {
  /** OpenID `sub`; the member URN is `urn:li:person:{sub}`. */
  sub: string
  name: string
}

/** A LinkedIn Page (organization): its admins and its followers. */
export interface FakeLinkedInOrganization {
  urn: string
  /** Members (sub) who administer the Page. */
  admins: Set<string>
  followers: number
}

export interface FakeLinkedInToken {
  sub: string
  scopes: string[]
  expiresAt: number
  revoked: boolean
}

export interface FakeLinkedInImage {
  urn: string
  owner: string
  uploadToken: string
  status: 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED'
  pollsLeft: number
  bytes?: Uint8Array
}

export interface FakeLinkedInPost {
  urn: string
  author: string
  /** As received (little text), after LinkedIn's truncation at an unescaped reserved character. */
  commentary: string
  images: Array<{ urn: string; altText?: string }>
  createdAt: number
  deleted: boolean
  reactions: Record<string, number>
}

export interface FakeLinkedInComment {
  id: string
  urn: string
  postUrn: string
  parentComment?: string
  actor: string
  text: string
  createdAt: number
  deleted: boolean
}

/** One actor's reaction to a post or comment: LinkedIn keeps at most one per actor and entity. */
export interface FakeLinkedInReaction {
  actor: string
  root: string
  reactionType: string
  createdAt: number
}

export class FakeLinkedInState {
  readonly app: FakeLinkedInApp
  readonly members = new Map<string, FakeLinkedInMember>()
  readonly organizations = new Map<string, FakeLinkedInOrganization>()
  readonly tokens = new Map<string, FakeLinkedInToken>()
  readonly refreshTokens = new Map<
    string,
    { sub: string; scopes: string[]; expiresAt: number; dead: boolean }
  >()
  readonly codes = new Map<
    string,
    { sub: string; redirectUri: string; scopes: string[]; used: boolean }
  >()
  readonly images = new Map<string, FakeLinkedInImage>()
  readonly posts = new Map<string, FakeLinkedInPost>()
  readonly comments = new Map<string, FakeLinkedInComment>()
  /** Keyed `${actor} ${root}`. */
  readonly reactions = new Map<string, FakeLinkedInReaction>()
  /** Calls per member, endpoint and UTC day: LinkedIn's limits reset at midnight UTC. */
  readonly dailyCalls = new Map<string, number>()
  readonly now: () => number
  #sequence = 0

  constructor(app: FakeLinkedInApp, now: () => number) {
    this.app = app
    this.now = now
  }

  nextNumber(): string {
    this.#sequence++
    return String(7_400_000_000_000_000_000n + BigInt(this.#sequence * 17))
  }

  livePost(urn: string): FakeLinkedInPost | undefined {
    const post = this.posts.get(urn)
    return post && !post.deleted ? post : undefined
  }

  liveComment(urn: string): FakeLinkedInComment | undefined {
    const comment = this.comments.get(urn)
    return comment && !comment.deleted && this.livePost(comment.postUrn) ? comment : undefined
  }
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url')
}

export function memberUrn(sub: string): string {
  return `urn:li:person:${sub}`
}
