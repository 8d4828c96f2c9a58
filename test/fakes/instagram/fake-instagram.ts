/**
 * A FAKE of the Instagram API with Instagram Login (graph.instagram.com, api.instagram.com and
 * the www.instagram.com consent page), built from Meta's documented contract. It is not
 * Instagram: it proves Murmur speaks the documented protocol, not that Instagram still does.
 * See test/fakes/README.md.
 */
import type { ReadBackPost } from '../../../src/networks/testkit/run-network-contract.js'
import { serverError, type ThrottleOptions, throttled } from '../meta/fake-graph-replies.js'
import { FakeInternet } from '../meta/fake-internet.js'
import { FakeHttpServer, type FakeReply, RateWindows } from '../support/fake-http-server.js'
import { handleInstagramApi } from './fake-instagram-api.js'
import {
  authorize,
  exchangeCode,
  exchangeForLongLived,
  type InstagramConsent,
  issueInstagramToken,
  refresh,
} from './fake-instagram-oauth.js'
import {
  type FakeInstagramApp,
  type FakeInstagramMedia,
  FakeInstagramState,
  type FakeInstagramUser,
} from './fake-instagram-state.js'

export const FAKE_INSTAGRAM_APP: FakeInstagramApp = {
  clientId: '1122334455667788',
  clientSecret: 'fake-instagram-app-secret',
  redirectUris: ['http://127.0.0.1:4000/api/v1/oauth/instagram/callback'],
}

export const ALL_INSTAGRAM_SCOPES = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_comments',
  'instagram_business_manage_insights',
]

export interface FakeInstagramOptions {
  /** Calls per account per 24 hours (BUC: 4800 × impressions; small in tests). */
  callBudget?: number
  now?: () => number
}

export class FakeInstagram {
  readonly state: FakeInstagramState
  readonly server: FakeHttpServer
  /** Where Instagram downloads images from. */
  readonly internet = new FakeInternet()
  readonly consent: InstagramConsent = { deny: false }

  private constructor(state: FakeInstagramState, server: FakeHttpServer) {
    this.state = state
    this.server = server
  }

  static async start(options: FakeInstagramOptions = {}): Promise<FakeInstagram> {
    const state = new FakeInstagramState(FAKE_INSTAGRAM_APP, options.now ?? Date.now)
    const windows = new RateWindows(state.now)
    let fake: FakeInstagram | undefined
    const server = await FakeHttpServer.start(async (request): Promise<FakeReply> => {
      const route = `${request.method} ${request.url.pathname}`
      if (route === 'GET /oauth/authorize') return authorize(state, request, fake!.consent)
      if (route === 'POST /oauth/access_token') return exchangeCode(state, request)
      if (route === 'GET /access_token') return exchangeForLongLived(state, request)
      if (route === 'GET /refresh_access_token') return refresh(state, request)
      const version = /^\/v\d+\.\d+/.exec(request.url.pathname)?.[0]
      if (version) {
        return handleInstagramApi(
          state,
          fake!.internet,
          windows,
          options.callBudget ?? 4800,
          request,
          `${fake!.url}${version}`,
        )
      }
      return { status: 404, body: { error: { message: `Unknown path ${route}`, code: 100 } } }
    })
    fake = new FakeInstagram(state, server)
    return fake
  }

  get url(): string {
    return this.server.url
  }

  /** An account; `PERSONAL` ones can sign in but not use the API, as on Instagram. */
  createUser(username: string, accountType = 'BUSINESS'): FakeInstagramUser {
    const user = { id: this.state.nextId(), username, accountType }
    this.state.users.set(user.id, user)
    return user
  }

  issueToken(
    userId: string,
    options: { scopes?: string[]; issuedAt?: number; expiresAt?: number } = {},
  ): string {
    return issueInstagramToken(
      this.state,
      userId,
      options.scopes ?? ALL_INSTAGRAM_SCOPES,
      true,
      options,
    )
  }

  /** The profile's `followers_count`. */
  setFollowers(userId: string, followers: number): void {
    const user = this.state.users.get(userId)
    if (!user) throw new Error(`fake Instagram has no account ${userId}`)
    user.followers = followers
  }

  revokeTokens(userId: string): void {
    for (const token of this.state.tokens.values())
      if (token.userId === userId) token.revoked = true
  }

  /** Someone comments on a post, or replies to a comment. */
  commentAs(
    author: FakeInstagramUser,
    targetId: string,
    text: string,
    at = this.state.now(),
  ): string {
    const parent = this.state.liveComment(targetId)
    const mediaId = parent ? parent.mediaId : targetId
    if (!this.state.media.has(mediaId)) throw new Error(`fake Instagram has no media ${targetId}`)
    const id = this.state.nextId()
    this.state.comments.set(id, {
      id,
      mediaId,
      ...(parent && { parentId: parent.id }),
      from: { id: author.id, username: author.username },
      text,
      createdAt: at,
      deleted: false,
    })
    return id
  }

  /** Someone else's post that tags the account. */
  tagAs(author: FakeInstagramUser, taggedUserId: string, caption: string): FakeInstagramMedia {
    const id = this.state.nextId()
    const media: FakeInstagramMedia = {
      id,
      ownerId: author.id,
      caption,
      mediaType: 'IMAGE',
      images: [],
      shortcode: Buffer.from(id).toString('base64url').slice(0, 11),
      createdAt: this.state.now(),
      taggedUserIds: [taggedUserId],
      likes: 0,
      likesHidden: false,
      insights: {},
    }
    this.state.media.set(id, media)
    return media
  }

  setEngagement(
    mediaId: string,
    numbers: Partial<Pick<FakeInstagramMedia, 'likes' | 'likesHidden' | 'insights'>>,
  ): void {
    const media = this.state.media.get(mediaId)
    if (!media) throw new Error(`fake Instagram has no media ${mediaId}`)
    Object.assign(media, numbers)
  }

  injectThrottle(options: ThrottleOptions & { match?: string | RegExp }): void {
    this.server.inject({
      match: options.match ?? /^POST \/v\d+\.\d+\/\d+\/media$/,
      reply: throttled(options),
    })
  }

  injectServerError(
    options: { match?: string | RegExp; status?: number; times?: number } = {},
  ): void {
    this.server.inject({
      match: options.match ?? /^POST \/v\d+\.\d+\/\d+\/media_publish$/,
      times: options.times ?? 1,
      reply: serverError(options.status ?? 500),
    })
  }

  injectHang(options: { match?: string | RegExp } = {}): void {
    this.server.inject({
      match: options.match ?? /^POST \/v\d+\.\d+\/\d+\/media_publish$/,
      reply: 'hang',
    })
  }

  readBack(id: string): ReadBackPost | null {
    const media = this.state.media.get(id)
    if (media) {
      return {
        text: media.caption,
        mediaCount: media.images.length,
        altTexts: media.images.flatMap((image) => (image.altText ? [image.altText] : [])),
      }
    }
    const comment = this.state.liveComment(id)
    if (comment) {
      return {
        text: comment.text,
        replyParentId: comment.parentId ?? comment.mediaId,
        replyRootId: comment.mediaId,
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
