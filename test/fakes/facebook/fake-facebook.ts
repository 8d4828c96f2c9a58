/**
 * A FAKE of Facebook's Graph API for Pages (graph.facebook.com and the Facebook Login dialog),
 * built from Meta's documented contract. It is not Facebook: it proves Murmur speaks the
 * documented protocol, not that Facebook still does. See test/fakes/README.md.
 */
import type { ReadBackPost } from '../../../src/networks/testkit/run-network-contract.js'
import { serverError, type ThrottleOptions, throttled } from '../meta/fake-graph-replies.js'
import { FakeHttpServer, type FakeReply, RateWindows } from '../support/fake-http-server.js'
import { type FacebookBudgets, handleGraph } from './fake-facebook-api.js'
import {
  accessToken,
  dialog,
  type FacebookConsent,
  issueUserToken,
  LONG_LIVED_MS,
} from './fake-facebook-oauth.js'
import {
  type FakeFacebookApp,
  type FakeFacebookPage,
  FakeFacebookState,
  type FakeFacebookUser,
  type FakePost,
  type TokenDeath,
} from './fake-facebook-state.js'

export const FAKE_FACEBOOK_APP: FakeFacebookApp = {
  clientId: '1234567890123456',
  clientSecret: 'fake-facebook-app-secret',
  redirectUris: ['http://127.0.0.1:4000/api/v1/oauth/facebook/callback'],
  requireAppSecretProof: false,
}

export const ALL_FACEBOOK_SCOPES = [
  'public_profile',
  'pages_show_list',
  'pages_manage_posts',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_manage_engagement',
  'read_insights',
]

export interface FakeFacebookOptions {
  app?: Partial<FakeFacebookApp>
  budgets?: Partial<FacebookBudgets>
  now?: () => number
}

export class FakeFacebook {
  readonly state: FakeFacebookState
  readonly server: FakeHttpServer
  readonly consent: FacebookConsent = { deny: false, decline: [] }

  private constructor(state: FakeFacebookState, server: FakeHttpServer) {
    this.state = state
    this.server = server
  }

  static async start(options: FakeFacebookOptions = {}): Promise<FakeFacebook> {
    const state = new FakeFacebookState(
      { ...FAKE_FACEBOOK_APP, ...options.app },
      options.now ?? Date.now,
    )
    const budgets: FacebookBudgets = { pageCalls: 4800, appCalls: 20_000, ...options.budgets }
    const windows = new RateWindows(state.now)
    let fake: FakeFacebook | undefined
    const server = await FakeHttpServer.start(async (request): Promise<FakeReply> => {
      const path = request.url.pathname
      if (/^\/v\d+\.\d+\/dialog\/oauth$/.test(path)) return dialog(state, request, fake!.consent)
      if (/^(\/v\d+\.\d+)?\/oauth\/access_token$/.test(path)) return accessToken(state, request)
      const version = /^\/v\d+\.\d+/.exec(path)?.[0] ?? ''
      return handleGraph(state, windows, budgets, request, `${fake!.url}${version}`)
    })
    fake = new FakeFacebook(state, server)
    return fake
  }

  get url(): string {
    return this.server.url
  }

  createUser(name: string): FakeFacebookUser {
    const user = { id: this.state.nextId(), name }
    this.state.users.set(user.id, user)
    return user
  }

  /** A Page with people in roles: `{ [userId]: ['CREATE_CONTENT', …] }`. */
  createPage(name: string, roles: Record<string, string[]>, category = 'Bakery'): FakeFacebookPage {
    const page = { id: this.state.nextId(), name, category, roles: new Map(Object.entries(roles)) }
    this.state.pages.set(page.id, page)
    return page
  }

  /** The Page token a person gets through Facebook Login with these permissions. */
  issuePageToken(pageId: string, userId: string, scopes: string[] = ALL_FACEBOOK_SCOPES): string {
    return this.state.pageTokenFor(pageId, userId, scopes)
  }

  issueUserToken(
    userId: string,
    scopes: string[] = ALL_FACEBOOK_SCOPES,
    lifetimeMs = LONG_LIVED_MS,
  ): string {
    return issueUserToken(this.state, userId, scopes, lifetimeMs)
  }

  /** Every token of the person stops working (password change: subcode 460, …). */
  killTokens(userId: string, death: TokenDeath = 'password changed'): void {
    for (const token of this.state.userTokens.values())
      if (token.userId === userId) token.dead = death
    for (const token of this.state.pageTokens.values())
      if (token.userId === userId) token.dead = death
  }

  /** Someone else's post that tags the Page (what `/{page-id}/tagged` lists). */
  postTagging(pageId: string, author: FakeFacebookUser, message: string): FakePost {
    const id = `${author.id}_${this.state.nextId()}`
    const post: FakePost = {
      id,
      pageId: author.id,
      from: { id: author.id, name: author.name },
      message,
      photoIds: [],
      createdAt: this.state.now(),
      deleted: false,
      reactions: 0,
      shares: 0,
      views: 0,
      taggedPageIds: [pageId],
    }
    this.state.posts.set(id, post)
    return post
  }

  /** A person comments on a post (or answers a comment). */
  commentAs(
    author: FakeFacebookUser,
    targetId: string,
    message: string,
    at = this.state.now(),
  ): string {
    const post = this.state.livePost(targetId)
    const parent = post ? undefined : this.state.liveComment(targetId)
    const postId = post?.id ?? parent?.postId
    if (!postId) throw new Error(`fake Facebook has no post or comment ${targetId}`)
    const id = `${postId.split('_')[1]}_${this.state.nextId()}`
    this.state.comments.set(id, {
      id,
      postId,
      ...(parent && { parentId: parent.parentId ?? parent.id }),
      from: { id: author.id, name: author.name },
      message,
      createdAt: at,
      deleted: false,
    })
    return id
  }

  setEngagement(
    postId: string,
    numbers: { reactions?: number; shares?: number; views?: number },
  ): void {
    const post = this.state.posts.get(postId)
    if (!post) throw new Error(`fake Facebook has no post ${postId}`)
    Object.assign(post, numbers)
  }

  /** The Page's audience: `followers_count` and `fan_count` (likes of the Page). */
  setAudience(pageId: string, audience: { followers?: number; fans?: number }): void {
    const page = this.state.pages.get(pageId)
    if (!page) throw new Error(`fake Facebook has no Page ${pageId}`)
    Object.assign(page, audience)
  }

  /** The next matching request gets Meta's throttle answer, usage headers at 100%. */
  injectThrottle(options: ThrottleOptions & { match?: string | RegExp }): void {
    this.server.inject({
      match: options.match ?? /^POST \/v\d+\.\d+\/\d+\/feed$/,
      reply: throttled(options),
    })
  }

  injectServerError(
    options: { match?: string | RegExp; status?: number; times?: number } = {},
  ): void {
    this.server.inject({
      match: options.match ?? /^POST \/v\d+\.\d+\/\d+\/feed$/,
      times: options.times ?? 1,
      reply: serverError(options.status ?? 500),
    })
  }

  injectHang(options: { match?: string | RegExp } = {}): void {
    this.server.inject({ match: options.match ?? /^POST \/v\d+\.\d+\/\d+\/feed$/, reply: 'hang' })
  }

  /** The post or comment as stored, bypassing the API: what the contract suite compares with. */
  readBack(id: string): ReadBackPost | null {
    const post = this.state.livePost(id)
    if (post) {
      const photos = post.photoIds.map((photoId) => this.state.photos.get(photoId))
      return {
        text: post.message,
        mediaCount: photos.length,
        altTexts: photos.flatMap((photo) => (photo?.altText ? [photo.altText] : [])),
      }
    }
    const comment = this.state.liveComment(id)
    if (comment) {
      return {
        text: comment.message,
        replyParentId: comment.parentId ?? comment.postId,
        replyRootId: comment.postId,
        mediaCount: 0,
        altTexts: [],
      }
    }
    return null
  }

  close(): Promise<void> {
    return this.server.close()
  }
}
