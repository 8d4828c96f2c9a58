import { setTimeout as sleep } from 'node:timers/promises'
import { createBluesky } from '../../src/networks/index.js'
import {
  type CallOptions,
  type Draft,
  type FetchedPost,
  hasErrors,
  type MentionPage,
  type MetricsById,
  NetworkError,
  type NetworkErrorKind,
  type PublishedPost,
  type PublishResult,
  type SocialNetworkV1,
} from '../../src/networks/spec/index.js'
import type {
  AppPasswordSignIn,
  PublishingNetworks,
  SignedInAccount,
} from '../../src/services/publishing-networks.js'

/**
 * An in-memory Bluesky for publishing tests: the real Bluesky capabilities and validation (text
 * counted in graphemes and bytes exactly like Bluesky), posts kept like a server keeps them, and
 * scripted failures of every class the spec knows. The network contract suite runs over it
 * (fake-network.test.ts), so it behaves like the real adapter where the scheduler can tell.
 */
/** The real adapter, only for its capabilities and validation (it never sends anything here). */
const bluesky = createBluesky()

export interface FakeCredentials {
  did: string
  handle: string
  token: string
}

export interface FakePost {
  id: string
  url: string
  did: string
  text: string
  mediaCount: number
  altTexts: string[]
  replyParentId?: string
  replyRootId?: string
  createdAt: number
}

export interface FakeFailure {
  kind: NetworkErrorKind
  /** Fail when reaching this part (0-based; the first comment comes after the last part). */
  atPart?: number
  retryAfterMs?: number
  status?: number
  reason?: string
  /** `outcome_unknown`: the part was in fact created before the answer was lost. */
  createdAnyway?: boolean
}

interface FakeAccount {
  did: string
  handle: string
  password: string
  tokens: Set<string>
}

export class FakeNetwork implements SocialNetworkV1<FakeCredentials> {
  readonly specificationVersion = 'v1' as const
  readonly id = 'bluesky' as const
  readonly name = 'Bluesky'
  readonly capabilities = bluesky.capabilities
  readonly posts = new Map<string, FakePost>()
  readonly accounts = new Map<string, FakeAccount>()
  /** Every publish call that got past the token check, in order. */
  readonly publishCalls: Draft[] = []
  /** Milliseconds each publish takes (the benchmark's network takes 20). */
  latencyMs = 0
  /** Give out a new token on every publish (like a Bluesky session refresh). */
  rotateTokens = false
  #failures: FakeFailure[] = []
  #sequence = 0

  addAccount(handle: string, password = 'abcd-efgh-ijkl-mnop'): FakeCredentials {
    const did = `did:plc:${handle
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase()
      .slice(0, 20)}${this.accounts.size}`
    const account: FakeAccount = { did, handle, password, tokens: new Set() }
    this.accounts.set(handle, account)
    return this.#issue(account)
  }

  /** Makes the next calls fail, in order. */
  failNext(...failures: FakeFailure[]): void {
    this.#failures.push(...failures)
  }

  /** Every token of the account stops working (revoked app password). */
  revoke(did: string): void {
    for (const account of this.accounts.values()) if (account.did === did) account.tokens.clear()
  }

  /** Posts whose text is exactly `text` (a duplicate publish shows up as 2). */
  postsWithText(text: string): FakePost[] {
    return [...this.posts.values()].filter((post) => post.text === text)
  }

  async signIn(request: AppPasswordSignIn): Promise<SignedInAccount> {
    const account = this.accounts.get(request.identifier.replace(/^@/, ''))
    if (!account || account.password !== request.password) {
      throw new NetworkError({
        network: 'bluesky',
        kind: 'auth_expired',
        status: 401,
        reason: 'Invalid identifier or password',
        message: `Bluesky: wrong handle, email or app password for ${request.identifier} (Invalid identifier or password)`,
      })
    }
    const credentials = this.#issue(account)
    return {
      credentials: { ...credentials },
      accountId: account.did,
      handle: account.handle,
      displayName: `${account.handle} (display)`,
      serviceUrl: request.service ?? 'https://fake-pds.test',
    }
  }

  validate = (draft: Draft) => bluesky.validate(draft)

  async publish(
    credentials: FakeCredentials,
    draft: Draft,
    options: CallOptions<FakeCredentials> = {},
  ): Promise<PublishResult> {
    const account = await this.#open(credentials, options)
    this.publishCalls.push(draft)
    const problems = this.validate(draft)
    if (hasErrors(problems)) {
      throw new NetworkError({
        network: 'bluesky',
        kind: 'content_rejected',
        status: 400,
        message: problems.map((problem) => problem.message).join('; '),
        reason: 'the draft does not pass validation',
      })
    }
    let root: FakePost | undefined
    let parent: FakePost | undefined
    if (draft.replyTo) {
      parent = this.posts.get(draft.replyTo.id)
      if (!parent) {
        throw new NetworkError({
          network: 'bluesky',
          kind: 'content_rejected',
          status: 400,
          reason: 'Could not find the post to reply to',
          message: 'Bluesky: refused (HTTP 400): Could not find the post to reply to',
        })
      }
      root = parent.replyRootId ? this.posts.get(parent.replyRootId) : parent
    }
    const published: PublishedPost[] = []
    const items = [
      ...draft.parts.map((part) => ({
        text: part.text,
        mediaCount: part.media.length,
        altTexts: part.media.map((m) => m.altText ?? ''),
      })),
      ...(draft.firstComment?.trim()
        ? [{ text: draft.firstComment.trim(), mediaCount: 0, altTexts: [] }]
        : []),
    ]
    let firstComment: PublishedPost | undefined
    for (const [index, item] of items.entries()) {
      const failure = this.#failures[0]
      if (failure && (failure.atPart ?? 0) === index) {
        this.#failures.shift()
        let lost: PublishedPost | undefined
        if (failure.kind === 'outcome_unknown') {
          lost = failure.createdAnyway
            ? this.#create(account, item, parent, root)
            : this.#predictedId(account)
        }
        throw this.#error(failure, {
          publishedParts: [...published, ...(firstComment ? [firstComment] : [])],
          ...(lost && { unconfirmedPart: lost }),
        })
      }
      const post = this.#create(account, item, parent, root)
      if (index < draft.parts.length) {
        published.push(post)
        const created = this.posts.get(post.id)!
        root ??= created
        parent = created
      } else {
        firstComment = post
      }
    }
    return { parts: published, ...(firstComment && { firstComment }), warnings: [] }
  }

  async delete(
    credentials: FakeCredentials,
    id: string,
    options: CallOptions<FakeCredentials> = {},
  ): Promise<void> {
    const account = await this.#open(credentials, options)
    const post = this.posts.get(id)
    if (post && post.did !== account.did) {
      throw new NetworkError({
        network: 'bluesky',
        kind: 'content_rejected',
        message: `Bluesky: ${id} belongs to another account`,
      })
    }
    this.posts.delete(id)
  }

  async fetchPost(
    credentials: FakeCredentials,
    id: string,
    options: CallOptions<FakeCredentials> = {},
  ): Promise<FetchedPost | null> {
    await this.#open(credentials, options, false)
    const post = this.posts.get(id)
    if (!post) return null
    return {
      id: post.id,
      url: post.url,
      text: post.text,
      createdAt: new Date(post.createdAt).toISOString(),
    }
  }

  async fetchMetrics(credentials: FakeCredentials, ids: readonly string[]): Promise<MetricsById> {
    await this.#open(credentials, {}, false)
    const metrics: Record<string, { likes: number }> = {}
    for (const id of ids) if (this.posts.has(id)) metrics[id] = { likes: 0 }
    return metrics
  }

  async fetchMentions(credentials: FakeCredentials): Promise<MentionPage> {
    await this.#open(credentials, {}, false)
    return { items: [] }
  }

  /** What the scheduler sees: a registry holding only this network. */
  asNetworks(): PublishingNetworks {
    return {
      get: (id) => (id === this.id ? (this as unknown as SocialNetworkV1) : undefined),
      signInWithAppPassword: (_id, request) => this.signIn(request),
    }
  }

  #issue(account: FakeAccount): FakeCredentials {
    const token = `tok_${account.handle}_${++this.#sequence}`
    account.tokens.add(token)
    return { did: account.did, handle: account.handle, token }
  }

  async #open(
    credentials: FakeCredentials,
    options: CallOptions<FakeCredentials>,
    mayRotate = true,
  ): Promise<FakeAccount> {
    if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, { signal: options.signal })
    options.signal?.throwIfAborted()
    const account = [...this.accounts.values()].find((a) => a.did === credentials.did)
    if (!account?.tokens.has(credentials.token)) {
      throw new NetworkError({
        network: 'bluesky',
        kind: 'auth_expired',
        status: 401,
        reason: 'Token has been revoked',
        message: `Bluesky: the connection to @${credentials.handle} expired; sign in again with an app password`,
      })
    }
    if (mayRotate && this.rotateTokens) {
      const next = this.#issue(account)
      await options.onCredentialsChanged?.(next)
    }
    return account
  }

  #create(
    account: FakeAccount,
    item: { text: string; mediaCount: number; altTexts: string[] },
    parent: FakePost | undefined,
    root: FakePost | undefined,
  ): PublishedPost {
    const rkey = `3k${(++this.#sequence).toString(36).padStart(8, '0')}`
    const id = `at://${account.did}/app.bsky.feed.post/${rkey}`
    const url = `https://bsky.app/profile/${account.handle}/post/${rkey}`
    this.posts.set(id, {
      id,
      url,
      did: account.did,
      text: item.text,
      mediaCount: item.mediaCount,
      altTexts: item.altTexts,
      ...(parent && { replyParentId: parent.id }),
      ...(root && { replyRootId: root.id }),
      createdAt: Date.now(),
    })
    return { id, url }
  }

  #predictedId(account: FakeAccount): PublishedPost {
    const rkey = `3k${(++this.#sequence).toString(36).padStart(8, '0')}`
    return {
      id: `at://${account.did}/app.bsky.feed.post/${rkey}`,
      url: `https://bsky.app/profile/${account.handle}/post/${rkey}`,
    }
  }

  #error(
    failure: FakeFailure,
    progress: { publishedParts: PublishedPost[]; unconfirmedPart?: PublishedPost },
  ): NetworkError {
    const messages: Record<NetworkErrorKind, string> = {
      retryable: `Bluesky: ${failure.status === 429 ? 'rate limit reached' : `temporarily unavailable (HTTP ${failure.status ?? 503})`}`,
      auth_expired: 'Bluesky: the connection expired or was revoked',
      content_rejected: `Bluesky: refused (HTTP ${failure.status ?? 400}): ${failure.reason ?? 'InvalidRequest'}`,
      outcome_unknown:
        'Bluesky: the connection failed after the request was sent (ECONNRESET); the post may have been published',
    }
    return new NetworkError({
      network: 'bluesky',
      kind: failure.kind,
      message: messages[failure.kind],
      ...(failure.reason && { reason: failure.reason }),
      ...(failure.retryAfterMs !== undefined && { retryAfterMs: failure.retryAfterMs }),
      ...(failure.status !== undefined && { status: failure.status }),
      progress,
    })
  }
}
