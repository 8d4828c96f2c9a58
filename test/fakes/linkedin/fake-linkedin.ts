/**
 * A FAKE of LinkedIn (api.linkedin.com's versioned REST API, OpenID userinfo, and the
 * www.linkedin.com OAuth pages), built from LinkedIn's documented contract. It is not LinkedIn:
 * it proves Murmur speaks the documented protocol, not that LinkedIn still does. See
 * test/fakes/README.md.
 */
import type { ReadBackPost } from '../../../src/networks/testkit/run-network-contract.js'
import { FakeHttpServer, type FakeReply } from '../support/fake-http-server.js'
import { handleRest, type LinkedInLimits, upload } from './fake-linkedin-api.js'
import { readLittle } from './fake-linkedin-little.js'
import {
  accessToken,
  authorization,
  issueLinkedInTokens,
  type LinkedInConsent,
  userInfo,
} from './fake-linkedin-oauth.js'
import {
  type FakeLinkedInApp,
  type FakeLinkedInMember,
  FakeLinkedInState,
  memberUrn,
} from './fake-linkedin-state.js'

export const FAKE_LINKEDIN_APP: FakeLinkedInApp = {
  clientId: '86fakelinkedin',
  clientSecret: 'fake-linkedin-app-secret',
  redirectUris: ['http://127.0.0.1:4000/api/v1/oauth/linkedin/callback'],
  refreshTokens: false,
}

export interface FakeLinkedInOptions {
  app?: Partial<FakeLinkedInApp>
  limits?: Partial<LinkedInLimits>
  now?: () => number
}

export class FakeLinkedIn {
  readonly state: FakeLinkedInState
  readonly server: FakeHttpServer
  readonly limits: LinkedInLimits
  readonly consent: LinkedInConsent = { cancel: false }

  private constructor(state: FakeLinkedInState, server: FakeHttpServer, limits: LinkedInLimits) {
    this.state = state
    this.server = server
    this.limits = limits
  }

  static async start(options: FakeLinkedInOptions = {}): Promise<FakeLinkedIn> {
    const state = new FakeLinkedInState(
      { ...FAKE_LINKEDIN_APP, ...options.app },
      options.now ?? Date.now,
    )
    const limits: LinkedInLimits = { daily: 150, imageProcessingPolls: 0, ...options.limits }
    let fake: FakeLinkedIn | undefined
    const server = await FakeHttpServer.start(async (request): Promise<FakeReply> => {
      const path = request.url.pathname
      const route = `${request.method} ${path}`
      if (route === 'GET /oauth/v2/authorization')
        return authorization(state, request, fake!.consent)
      if (route === 'POST /oauth/v2/accessToken') return accessToken(state, request)
      if (route === 'GET /v2/userinfo') return userInfo(state, request)
      const uploadToken = /^\/dms-uploads\/([\w-]+)$/.exec(path)?.[1]
      if (request.method === 'PUT' && uploadToken)
        return upload(state, fake!.limits, request, uploadToken)
      if (path.startsWith('/rest/')) return handleRest(state, fake!.limits, request, fake!.url)
      return { status: 404, body: { status: 404, code: 'NOT_FOUND', message: `No route ${route}` } }
    })
    fake = new FakeLinkedIn(state, server, limits)
    return fake
  }

  get url(): string {
    return this.server.url
  }

  createMember(name: string): FakeLinkedInMember {
    const member = { sub: `m${Math.random().toString(36).slice(2, 12)}`, name }
    this.state.members.set(member.sub, member)
    return member
  }

  /** Tokens as if the member had connected with these scopes. */
  issueTokens(
    sub: string,
    scopes: string[],
    lifetimeMs?: number,
  ): { accessToken: string; expiresAt: string; refreshToken?: string } {
    const body = issueLinkedInTokens(this.state, sub, scopes, lifetimeMs)
    return {
      accessToken: String(body.access_token),
      expiresAt: new Date(this.state.now() + Number(body.expires_in) * 1000).toISOString(),
      ...(typeof body.refresh_token === 'string' && { refreshToken: body.refresh_token }),
    }
  }

  /** The member removed Murmur in their LinkedIn settings. */
  revokeTokens(sub: string): void {
    for (const token of this.state.tokens.values()) if (token.sub === sub) token.revoked = true
  }

  expireTokens(sub: string): void {
    for (const token of this.state.tokens.values())
      if (token.sub === sub) token.expiresAt = this.state.now() - 1
  }

  /** Someone comments on a post (or answers a comment). */
  commentAs(
    actor: FakeLinkedInMember,
    targetUrn: string,
    text: string,
    at = this.state.now(),
  ): string {
    const post = this.state.livePost(targetUrn)
    const parent = post ? undefined : this.state.liveComment(targetUrn)
    const postUrn = post?.urn ?? parent?.postUrn
    if (!postUrn) throw new Error(`fake LinkedIn has no post or comment ${targetUrn}`)
    const id = this.state.nextNumber()
    const urn = `urn:li:comment:(${postUrn},${id})`
    this.state.comments.set(urn, {
      id,
      urn,
      postUrn,
      ...(parent && { parentComment: parent.urn }),
      actor: memberUrn(actor.sub),
      text,
      createdAt: at,
      deleted: false,
    })
    return urn
  }

  /** A LinkedIn Page administered by `adminSub`, with its follower count. */
  createOrganization(adminSub: string, followers = 0): string {
    const urn = `urn:li:organization:${this.state.nextNumber()}`
    this.state.organizations.set(urn, { urn, admins: new Set([adminSub]), followers })
    return urn
  }

  setOrganizationFollowers(urn: string, followers: number): void {
    const organization = this.state.organizations.get(urn)
    if (!organization) throw new Error(`fake LinkedIn has no organization ${urn}`)
    organization.followers = followers
  }

  setReactions(postUrn: string, reactions: Record<string, number>): void {
    const post = this.state.posts.get(postUrn)
    if (!post) throw new Error(`fake LinkedIn has no post ${postUrn}`)
    post.reactions = reactions
  }

  /** The next matching request gets LinkedIn's 429 (no reset header: limits reset at midnight UTC). */
  injectRateLimit(options: { match?: string | RegExp } = {}): void {
    this.server.inject({
      match: options.match ?? 'POST /rest/posts',
      reply: {
        status: 429,
        body: {
          status: 429,
          serviceErrorCode: 101,
          code: 'TOO_MANY_REQUESTS',
          message:
            'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.',
        },
      },
    })
  }

  injectServerError(
    options: { match?: string | RegExp; status?: number; times?: number } = {},
  ): void {
    const status = options.status ?? 503
    this.server.inject({
      match: options.match ?? 'POST /rest/posts',
      times: options.times ?? 1,
      reply: {
        status,
        body: { status, code: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable' },
      },
    })
  }

  injectHang(options: { match?: string | RegExp } = {}): void {
    this.server.inject({ match: options.match ?? 'POST /rest/posts', reply: 'hang' })
  }

  /** The post or comment as a reader sees it (little text rendered), bypassing the API. */
  readBack(id: string): ReadBackPost | null {
    const post = this.state.livePost(id)
    if (post) {
      return {
        text: readLittle(post.commentary).visible,
        mediaCount: post.images.length,
        altTexts: post.images.flatMap((image) => (image.altText ? [image.altText] : [])),
      }
    }
    const comment = this.state.liveComment(id)
    if (comment) {
      return {
        text: readLittle(comment.text).visible,
        replyParentId: comment.parentComment ?? comment.postUrn,
        replyRootId: comment.postUrn,
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
