/** What the Instagram fake remembers: the app, accounts, tokens, containers, media, comments. */
import { randomBytes } from 'node:crypto'
import { FakeContainers } from '../meta/fake-containers.js'

export interface FakeInstagramApp {
  clientId: string
  clientSecret: string
  redirectUris: string[]
}

export interface FakeInstagramUser {
  /** The professional account id (`user_id`). */
  id: string
  username: string
  /** BUSINESS, MEDIA_CREATOR or PERSONAL. */
  accountType: string
  /** `followers_count` of the profile. */
  followers?: number
}

export interface FakeInstagramToken {
  userId: string
  scopes: string[]
  longLived: boolean
  issuedAt: number
  expiresAt: number
  revoked: boolean
}

export interface FakeInstagramMedia {
  id: string
  ownerId: string
  caption: string
  mediaType: 'IMAGE' | 'CAROUSEL_ALBUM'
  images: Array<{ bytes: Uint8Array; altText?: string }>
  shortcode: string
  createdAt: number
  /** Accounts this post tags (someone else's post, listed by `/{ig-user-id}/tags`). */
  taggedUserIds: string[]
  likes: number
  /** The owner hid like counts: `like_count` is left out. */
  likesHidden: boolean
  insights: { views?: number; shares?: number; saved?: number }
}

export interface FakeInstagramComment {
  id: string
  mediaId: string
  parentId?: string
  from: { id: string; username: string }
  text: string
  createdAt: number
  deleted: boolean
}

export class FakeInstagramState {
  readonly app: FakeInstagramApp
  readonly users = new Map<string, FakeInstagramUser>()
  readonly tokens = new Map<string, FakeInstagramToken>()
  readonly codes = new Map<
    string,
    { userId: string; redirectUri: string; scopes: string[]; used: boolean }
  >()
  readonly media = new Map<string, FakeInstagramMedia>()
  readonly comments = new Map<string, FakeInstagramComment>()
  /** When each account published through the API, for the 100-per-24-hours quota. */
  readonly publishes = new Map<string, number[]>()
  readonly containers: FakeContainers
  readonly now: () => number
  #sequence = 0

  constructor(app: FakeInstagramApp, now: () => number) {
    this.app = app
    this.now = now
    this.containers = new FakeContainers(now)
  }

  nextId(): string {
    this.#sequence++
    return String(17_900_000_000_000_000n + BigInt(this.#sequence * 11))
  }

  liveComment(id: string): FakeInstagramComment | undefined {
    const comment = this.comments.get(id)
    return comment && !comment.deleted && this.media.has(comment.mediaId) ? comment : undefined
  }
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url')
}
