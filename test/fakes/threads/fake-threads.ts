/**
 * A FAKE of the Threads API (graph.threads.net and the threads.net consent page), built from
 * Meta's documented contract. It is not Threads: it proves Murmur speaks the documented
 * protocol, not that Threads still does. See test/fakes/README.md.
 */
import type { ReadBackPost } from '../../../src/networks/testkit/run-network-contract.js'
import { serverError, type ThrottleOptions, throttled } from '../meta/fake-graph-replies.js'
import { FakeInternet } from '../meta/fake-internet.js'
import { FakeHttpServer, type FakeReply, RateWindows } from '../support/fake-http-server.js'
import { handleThreadsApi } from './fake-threads-api.js'
import {
  authorize,
  exchangeCode,
  exchangeForLongLived,
  issueThreadsToken,
  refresh,
  type ThreadsConsent,
} from './fake-threads-oauth.js'
import {
  type FakeThreadsApp,
  type FakeThreadsPost,
  FakeThreadsState,
  type FakeThreadsUser,
} from './fake-threads-state.js'

export const FAKE_THREADS_APP: FakeThreadsApp = {
  clientId: '9876543210987654',
  clientSecret: 'fake-threads-app-secret',
  redirectUris: ['http://127.0.0.1:4000/api/v1/oauth/threads/callback'],
}

export const ALL_THREADS_SCOPES = [
  'threads_basic',
  'threads_content_publish',
  'threads_manage_replies',
  'threads_read_replies',
  'threads_manage_mentions',
  'threads_manage_insights',
  'threads_delete',
]

export interface FakeThreadsOptions {
  /** Calls per profile per 24 hours (4800 × impressions; small in tests). */
  callBudget?: number
  now?: () => number
}

export class FakeThreads {
  readonly state: FakeThreadsState
  readonly server: FakeHttpServer
  /** Where Threads downloads images from. */
  readonly internet = new FakeInternet()
  readonly consent: ThreadsConsent = { deny: false }

  private constructor(state: FakeThreadsState, server: FakeHttpServer) {
    this.state = state
    this.server = server
  }

  static async start(options: FakeThreadsOptions = {}): Promise<FakeThreads> {
    const state = new FakeThreadsState(FAKE_THREADS_APP, options.now ?? Date.now)
    const windows = new RateWindows(state.now)
    let fake: FakeThreads | undefined
    const server = await FakeHttpServer.start(async (request): Promise<FakeReply> => {
      const route = `${request.method} ${request.url.pathname}`
      if (route === 'GET /oauth/authorize') return authorize(state, request, fake!.consent)
      if (route === 'POST /oauth/access_token') return exchangeCode(state, request)
      if (route === 'GET /access_token') return exchangeForLongLived(state, request)
      if (route === 'GET /refresh_access_token') return refresh(state, request)
      if (request.url.pathname.startsWith('/v1.0/')) {
        return handleThreadsApi(
          state,
          fake!.internet,
          windows,
          options.callBudget ?? 4800,
          request,
          `${fake!.url}/v1.0`,
        )
      }
      return { status: 404, body: { error: { message: `Unknown path ${route}`, code: 100 } } }
    })
    fake = new FakeThreads(state, server)
    return fake
  }

  get url(): string {
    return this.server.url
  }

  createUser(username: string): FakeThreadsUser {
    const user = { id: this.state.nextId(), username, name: username }
    this.state.users.set(user.id, user)
    return user
  }

  /** A long-lived token as if the profile had connected; `issuedAt` lets tests age it. */
  issueToken(
    userId: string,
    options: { scopes?: string[]; issuedAt?: number; expiresAt?: number } = {},
  ): string {
    return issueThreadsToken(
      this.state,
      userId,
      options.scopes ?? ALL_THREADS_SCOPES,
      true,
      options,
    )
  }

  /** The profile removed Murmur: its tokens stop working. */
  revokeTokens(userId: string): void {
    for (const token of this.state.tokens.values())
      if (token.userId === userId) token.revoked = true
  }

  /** Someone else posts (a reply when `replyTo` is given; a mention when the text names @handle). */
  postAs(
    author: FakeThreadsUser,
    text: string,
    options: { replyTo?: string; at?: number } = {},
  ): FakeThreadsPost {
    const parent = options.replyTo ? this.state.livePost(options.replyTo) : undefined
    const id = this.state.nextId()
    const post: FakeThreadsPost = {
      id,
      ownerId: author.id,
      text,
      mediaType: 'TEXT_POST',
      images: [],
      ...(parent && { replyToId: parent.id, rootId: parent.rootId ?? parent.id }),
      shortcode: Buffer.from(id).toString('base64url').slice(0, 11),
      createdAt: options.at ?? this.state.now(),
      deleted: false,
      metrics: { views: 0, likes: 0, replies: 0, reposts: 0, quotes: 0, shares: 0 },
    }
    this.state.posts.set(id, post)
    return post
  }

  /** The profile's follower count, as `threads_insights?metric=followers_count` reports it. */
  setFollowers(userId: string, followers: number): void {
    const user = this.state.users.get(userId)
    if (!user) throw new Error(`fake Threads has no account ${userId}`)
    user.followers = followers
  }

  setMetrics(postId: string, metrics: Partial<FakeThreadsPost['metrics']>): void {
    const post = this.state.posts.get(postId)
    if (!post) throw new Error(`fake Threads has no post ${postId}`)
    Object.assign(post.metrics, metrics)
  }

  injectThrottle(options: ThrottleOptions & { match?: string | RegExp }): void {
    this.server.inject({
      match: options.match ?? /^POST \/v1\.0\/\d+\/threads$/,
      reply: throttled(options),
    })
  }

  injectServerError(
    options: { match?: string | RegExp; status?: number; times?: number } = {},
  ): void {
    this.server.inject({
      match: options.match ?? /^POST \/v1\.0\/\d+\/threads_publish$/,
      times: options.times ?? 1,
      reply: serverError(options.status ?? 500),
    })
  }

  injectHang(options: { match?: string | RegExp } = {}): void {
    this.server.inject({
      match: options.match ?? /^POST \/v1\.0\/\d+\/threads_publish$/,
      reply: 'hang',
    })
  }

  readBack(id: string): ReadBackPost | null {
    const post = this.state.livePost(id)
    if (!post) return null
    return {
      text: post.text,
      ...(post.replyToId && {
        replyParentId: post.replyToId,
        replyRootId: post.rootId ?? post.replyToId,
      }),
      mediaCount: post.images.length,
      altTexts: post.images.flatMap((image) => (image.altText ? [image.altText] : [])),
    }
  }

  close(): Promise<void> {
    return this.server.close()
  }
}
