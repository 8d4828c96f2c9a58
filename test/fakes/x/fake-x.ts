/**
 * A FAKE of X (api.x.com and the x.com consent page), built from X's documented API v2 contract.
 * It is not X: it proves Murmur speaks the documented protocol, not that X still does. See
 * test/fakes/README.md.
 */
import type { ReadBackPost } from '../../../src/networks/testkit/run-network-contract.js'
import { FakeHttpServer, type FakeReply, RateWindows } from '../support/fake-http-server.js'
import { handleApi } from './fake-x-api.js'
import { authorize, type ConsentChoice, issueTokenPair, revoke, token } from './fake-x-oauth.js'
import { problem, rateLimited } from './fake-x-replies.js'
import {
  type FakeXApp,
  type FakeXMetrics,
  FakeXState,
  type FakeXTweet,
  type FakeXUser,
} from './fake-x-state.js'

export const FAKE_X_APP: FakeXApp = {
  clientId: 'murmur-test-client',
  clientSecret: 'murmur-test-secret',
  redirectUris: ['http://127.0.0.1:4000/api/v1/oauth/x/callback'],
}

const ALL_SCOPES = [
  'tweet.read',
  'tweet.write',
  'users.read',
  'media.write',
  'like.write',
  'offline.access',
]

export interface FakeXOptions {
  app?: FakeXApp
  /** X's access tokens live 2 hours. */
  accessTokenLifetimeMs?: number
  now?: () => number
}

export interface IssuedTokens {
  accessToken: string
  refreshToken?: string
  /** ISO 8601, as Murmur stores it. */
  expiresAt: string
}

export class FakeX {
  readonly state: FakeXState
  readonly server: FakeHttpServer
  readonly app: FakeXApp
  readonly consent: ConsentChoice = { deny: false }
  readonly #accessTokenLifetimeMs: number

  private constructor(
    state: FakeXState,
    server: FakeHttpServer,
    app: FakeXApp,
    lifetimeMs: number,
  ) {
    this.state = state
    this.server = server
    this.app = app
    this.#accessTokenLifetimeMs = lifetimeMs
  }

  static async start(options: FakeXOptions = {}): Promise<FakeX> {
    const state = new FakeXState(options.now ?? Date.now)
    const app = options.app ?? FAKE_X_APP
    state.apps.set(app.clientId, app)
    const lifetimeMs = options.accessTokenLifetimeMs ?? 2 * 60 * 60_000
    const windows = new RateWindows(state.now)
    let fake: FakeX | undefined
    const server = await FakeHttpServer.start(async (request): Promise<FakeReply> => {
      const route = `${request.method} ${request.url.pathname}`
      if (route === 'GET /i/oauth2/authorize')
        return authorize(state, request, fake?.consent ?? { deny: false })
      if (route === 'POST /2/oauth2/token') return token(state, request, lifetimeMs)
      if (route === 'POST /2/oauth2/revoke') return revoke(state, request)
      if (request.url.pathname.startsWith('/2/')) return handleApi(state, windows, request)
      return problem(404, 'Not Found Error', `No route for ${route}`)
    })
    fake = new FakeX(state, server, app, lifetimeMs)
    return fake
  }

  get url(): string {
    return this.server.url
  }

  createUser(username: string, name = username): FakeXUser {
    const user = { id: this.state.nextId(), username, name }
    this.state.users.set(user.id, user)
    return user
  }

  /** Tokens as if the account had connected through OAuth, with every scope Murmur asks for. */
  issueTokens(
    userId: string,
    options: { scopes?: string[]; lifetimeMs?: number } = {},
  ): IssuedTokens {
    const pair = issueTokenPair(
      this.state,
      userId,
      this.app.clientId,
      options.scopes ?? ALL_SCOPES,
      options.lifetimeMs ?? this.#accessTokenLifetimeMs,
    )
    return { ...pair, expiresAt: new Date(pair.expiresAt).toISOString() }
  }

  /** The access token stops working now (X answers 401). */
  expireAccessToken(accessToken: string): void {
    const stored = this.state.accessTokens.get(accessToken)
    if (stored) stored.expiresAt = this.state.now() - 1
  }

  /** The owner revoked Murmur's access: access and refresh tokens die. */
  revokeAccess(userId: string): void {
    for (const stored of this.state.accessTokens.values())
      if (stored.userId === userId) stored.revoked = true
    for (const stored of this.state.refreshTokens.values())
      if (stored.userId === userId) stored.dead = true
  }

  /** Someone else posts, e.g. to mention or answer the account under test. */
  postAs(
    userId: string,
    text: string,
    options: { replyTo?: string; quote?: string } = {},
  ): FakeXTweet {
    const parent = options.replyTo ? this.state.liveTweet(options.replyTo) : undefined
    const id = this.state.nextId()
    const tweet: FakeXTweet = {
      id,
      authorId: userId,
      text: text.normalize('NFC'),
      createdAt: new Date(this.state.now()).toISOString(),
      conversationId: parent?.conversationId ?? id,
      mediaIds: [],
      metrics: {
        retweet_count: 0,
        reply_count: 0,
        like_count: 0,
        quote_count: 0,
        bookmark_count: 0,
        impression_count: 0,
      },
      deleted: false,
      ...(parent && { inReplyToId: parent.id, inReplyToUserId: parent.authorId }),
      ...(options.quote && { quotedId: options.quote }),
    }
    this.state.tweets.set(id, tweet)
    return tweet
  }

  /** The account's `public_metrics.followers_count`, as `GET /2/users/me` reports it. */
  setFollowers(userId: string, followers: number): void {
    const user = this.state.users.get(userId)
    if (!user) throw new Error(`fake X has no user ${userId}`)
    user.followers = followers
  }

  setMetrics(tweetId: string, metrics: Partial<FakeXMetrics>): void {
    const tweet = this.state.tweets.get(tweetId)
    if (!tweet) throw new Error(`fake X has no post ${tweetId}`)
    Object.assign(tweet.metrics, metrics)
  }

  /** The next matching request gets X's 429 with its headers (reset in epoch seconds). */
  injectRateLimit(
    options: {
      match?: string
      resetInSeconds?: number
      shape?: 'legacy' | 'problem'
      dailyResetInSeconds?: number
    } = {},
  ): void {
    const now = this.state.now()
    this.server.inject({
      match: options.match ?? 'POST /2/tweets',
      reply: rateLimited({
        resetAtMs: now + (options.resetInSeconds ?? 900) * 1000,
        shape: options.shape ?? 'legacy',
        ...(options.dailyResetInSeconds !== undefined && {
          dailyResetAtMs: now + options.dailyResetInSeconds * 1000,
        }),
      }),
    })
  }

  injectServerError(options: { match?: string; status?: number; times?: number } = {}): void {
    const status = options.status ?? 503
    this.server.inject({
      match: options.match ?? 'POST /2/tweets',
      times: options.times ?? 1,
      reply: problem(status, 'Service Unavailable', 'Service Unavailable'),
    })
  }

  /** The next matching request is read and never answered. */
  injectHang(options: { match?: string } = {}): void {
    this.server.inject({ match: options.match ?? 'POST /2/tweets', reply: 'hang' })
  }

  /** The post as stored, bypassing the API: what the contract suite compares with. */
  readBack(id: string): ReadBackPost | null {
    const tweet = this.state.liveTweet(id)
    if (!tweet) return null
    return {
      text: tweet.text,
      ...(tweet.inReplyToId && {
        replyParentId: tweet.inReplyToId,
        replyRootId: tweet.conversationId,
      }),
      mediaCount: tweet.mediaIds.length,
      altTexts: tweet.mediaIds.flatMap((mediaId) => {
        const altText = this.state.media.get(mediaId)?.altText
        return altText ? [altText] : []
      }),
    }
  }

  close(): Promise<void> {
    return this.server.close()
  }
}
