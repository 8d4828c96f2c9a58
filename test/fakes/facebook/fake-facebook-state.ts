/** What the Facebook fake remembers: the app, people, Pages, tokens, photos, posts and comments. */
import { randomBytes } from 'node:crypto'

export interface FakeFacebookApp {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  /** "Require App Secret" in the app settings: every call needs `appsecret_proof`. */
  requireAppSecretProof: boolean
}

export interface FakeFacebookUser {
  id: string
  name: string
}

export interface FakeFacebookPage {
  id: string
  name: string
  category: string
  /** Person id → tasks on the Page (CREATE_CONTENT, MODERATE, MANAGE, ANALYZE, ADVERTISE). */
  roles: Map<string, string[]>
  /** `followers_count` (people following the Page) and `fan_count` (people who like it). */
  followers?: number
  fans?: number
}

export type TokenDeath = 'expired' | 'password changed' | 'app removed'

export interface FakeUserToken {
  userId: string
  scopes: string[]
  expiresAt: number
  dead?: TokenDeath
}

export interface FakePageToken {
  pageId: string
  userId: string
  scopes: string[]
  dead?: TokenDeath
}

export interface FakeCode {
  userId: string
  redirectUri: string
  scopes: string[]
  expiresAt: number
  used: boolean
}

export interface FakePhoto {
  id: string
  pageId: string
  published: boolean
  attachedTo?: string
  altText?: string
  mimeType: string
  size: number
}

export interface FakePost {
  id: string
  /** The Page whose feed it is on. */
  pageId: string
  from: { id: string; name: string }
  message: string
  photoIds: string[]
  createdAt: number
  deleted: boolean
  reactions: number
  shares: number
  /** `post_media_view`. */
  views: number
  /** Pages this post tags (someone else's post naming the Page). */
  taggedPageIds: string[]
}

export interface FakeComment {
  id: string
  postId: string
  /** The top-level comment this one answers; Facebook keeps answers one level deep. */
  parentId?: string
  from: { id: string; name: string }
  message: string
  createdAt: number
  deleted: boolean
}

export class FakeFacebookState {
  readonly app: FakeFacebookApp
  readonly users = new Map<string, FakeFacebookUser>()
  readonly pages = new Map<string, FakeFacebookPage>()
  readonly userTokens = new Map<string, FakeUserToken>()
  readonly pageTokens = new Map<string, FakePageToken>()
  readonly codes = new Map<string, FakeCode>()
  readonly photos = new Map<string, FakePhoto>()
  readonly posts = new Map<string, FakePost>()
  readonly comments = new Map<string, FakeComment>()
  /** `pageId objectId` of each like by a Page. */
  readonly likes = new Set<string>()
  /** Permissions each person unticked on the consent dialog. */
  readonly declined = new Map<string, string[]>()
  readonly now: () => number
  #sequence = 0

  constructor(app: FakeFacebookApp, now: () => number) {
    this.app = app
    this.now = now
  }

  /** Graph ids: 15-digit numbers. */
  nextId(): string {
    this.#sequence++
    return String(100_000_000_000_000 + this.#sequence * 7 + Math.floor(Math.random() * 7))
  }

  livePost(id: string): FakePost | undefined {
    const post = this.posts.get(id)
    return post && !post.deleted ? post : undefined
  }

  liveComment(id: string): FakeComment | undefined {
    const comment = this.comments.get(id)
    return comment && !comment.deleted && this.livePost(comment.postId) ? comment : undefined
  }

  /** The Page's token for a person, the same on every `/me/accounts` (until it dies). */
  pageTokenFor(pageId: string, userId: string, scopes: string[]): string {
    for (const [token, stored] of this.pageTokens) {
      if (stored.pageId === pageId && stored.userId === userId && !stored.dead) {
        stored.scopes = scopes
        return token
      }
    }
    const token = `EAAP${randomToken()}`
    this.pageTokens.set(token, { pageId, userId, scopes })
    return token
  }
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url')
}

/** "2026-11-27T12:00:00+0000", the Graph API's time format. */
export function graphTime(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, '+0000')
}
