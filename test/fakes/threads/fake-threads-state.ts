/** What the Threads fake remembers: the app, profiles, tokens, containers and posts. */
import { randomBytes } from 'node:crypto'
import { FakeContainers } from '../meta/fake-containers.js'

export interface FakeThreadsApp {
  clientId: string
  clientSecret: string
  redirectUris: string[]
}

export interface FakeThreadsUser {
  id: string
  username: string
  name: string
  /** What `threads_insights?metric=followers_count` reports. */
  followers?: number
}

export interface FakeThreadsToken {
  userId: string
  scopes: string[]
  longLived: boolean
  issuedAt: number
  expiresAt: number
  revoked: boolean
}

export interface FakeThreadsPost {
  id: string
  ownerId: string
  text: string
  mediaType: 'TEXT_POST' | 'IMAGE' | 'CAROUSEL_ALBUM'
  images: Array<{ bytes: Uint8Array; altText?: string }>
  replyToId?: string
  rootId?: string
  shortcode: string
  createdAt: number
  deleted: boolean
  metrics: Record<'views' | 'likes' | 'replies' | 'reposts' | 'quotes' | 'shares', number>
}

export class FakeThreadsState {
  readonly app: FakeThreadsApp
  readonly users = new Map<string, FakeThreadsUser>()
  readonly tokens = new Map<string, FakeThreadsToken>()
  readonly codes = new Map<
    string,
    { userId: string; redirectUri: string; scopes: string[]; used: boolean }
  >()
  readonly posts = new Map<string, FakeThreadsPost>()
  readonly containers: FakeContainers
  /** Deletions per profile per day: Threads allows 100. */
  readonly deletions = new Map<string, number[]>()
  readonly now: () => number
  #sequence = 0

  constructor(app: FakeThreadsApp, now: () => number) {
    this.app = app
    this.now = now
    this.containers = new FakeContainers(now)
  }

  /** Threads media ids: 17 to 18 digits. */
  nextId(): string {
    this.#sequence++
    return String(17_841_400_000_000_000n + BigInt(this.#sequence * 13))
  }

  livePost(id: string): FakeThreadsPost | undefined {
    const post = this.posts.get(id)
    return post && !post.deleted ? post : undefined
  }
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url')
}
