import {
  type CallOptions,
  type MentionKind,
  type MentionPage,
  type MentionRequest,
  NetworkError,
  type NetworkMention,
} from '../../src/networks/spec/index.js'
import { type FakeCredentials, FakeNetwork } from '../publishing/fake-network.js'

export interface MentionFailure {
  kind: 'retryable' | 'auth_expired' | 'content_rejected'
  retryAfterMs?: number
  status?: number
}

interface FeedItem {
  seq: number
  /** The account whose notifications hold it. */
  to: string
  mention: NetworkMention
}

/**
 * The publishing fake network, plus what people say to the business: mentions, replies and
 * quotes land in the account's notifications, which `fetchMentions` pages newest first with a
 * stable cursor (like Bluesky's listNotifications). Authors can edit and delete; the feed can
 * be made to fail (rate limits with Retry-After, expired tokens). Replies Murmur publishes
 * thread under the item they answer, as on the real network.
 */
export class FakeInboxNetwork extends FakeNetwork {
  readonly feed: FeedItem[] = []
  readonly mentionCalls: MentionRequest[] = []
  #mentionFailures: MentionFailure[] = []
  #seq = 0
  /** Largest page the network hands out, whatever the limit asked. */
  maxPage = 100

  /** Someone writes to `to` (the business's handle): a reply, a quote or a mention. */
  receive(input: {
    to: string
    from: string
    text: string
    at: number
    displayName?: string
    replyTo?: string
    quote?: string
    kind?: MentionKind
  }): NetworkMention {
    const target = this.accounts.get(input.to)
    if (!target) throw new Error(`no account ${input.to}`)
    const author = this.accounts.get(input.from) ?? this.#account(input.from)
    const rkey = `3m${(++this.#seq).toString(36).padStart(8, '0')}`
    const id = `at://${author.did}/app.bsky.feed.post/${rkey}`
    const url = `https://bsky.app/profile/${author.handle}/post/${rkey}`
    const parent = input.replyTo ? this.posts.get(input.replyTo) : undefined
    if (input.replyTo && !parent) throw new Error(`no post ${input.replyTo}`)
    const rootId = parent ? (parent.replyRootId ?? parent.id) : undefined
    this.posts.set(id, {
      id,
      url,
      did: author.did,
      text: input.text,
      mediaCount: 0,
      altTexts: [],
      ...(parent && { replyParentId: parent.id, replyRootId: rootId }),
      createdAt: input.at,
    })
    const kind: MentionKind =
      input.kind ?? (input.quote ? 'quote' : parent?.did === target.did ? 'reply' : 'mention')
    const mention: NetworkMention = {
      id,
      url,
      author: {
        id: author.did,
        handle: author.handle,
        ...(input.displayName && { displayName: input.displayName }),
      },
      text: input.text,
      createdAt: new Date(input.at).toISOString(),
      kind,
      ...(parent && { inReplyTo: parent.id, rootId }),
      ...(input.quote && { quotedId: input.quote }),
    }
    this.feed.push({ seq: this.#seq, to: target.did, mention })
    return mention
  }

  /** The author edits the text (the network shows the new text from now on). */
  edit(id: string, text: string): void {
    const post = this.posts.get(id)
    if (post) post.text = text
    for (const item of this.feed) if (item.mention.id === id) item.mention.text = text
  }

  /** The author deletes it: gone from the network and from notifications. */
  remove(id: string): void {
    this.posts.delete(id)
    const index = this.feed.findIndex((item) => item.mention.id === id)
    if (index >= 0) this.feed.splice(index, 1)
  }

  /** Who liked each post: account DIDs, as the network's like records would say. */
  readonly likes = new Map<string, Set<string>>()
  #likeFailures: MentionFailure[] = []
  likeCalls = 0

  failLikes(...failures: MentionFailure[]): void {
    this.#likeFailures.push(...failures)
  }

  /** Likes a post as the account; liking it twice keeps one like, as on Bluesky. */
  async like(
    credentials: FakeCredentials,
    id: string,
    _options: CallOptions<FakeCredentials> = {},
  ): Promise<void> {
    this.likeCalls++
    const failure = this.#likeFailures.shift()
    if (failure) throw this.#failure(failure)
    const account = [...this.accounts.values()].find((a) => a.did === credentials.did)
    if (!account?.tokens.has(credentials.token)) {
      throw new NetworkError({
        network: 'bluesky',
        kind: 'auth_expired',
        status: 401,
        message: 'Bluesky: the connection expired or was revoked',
      })
    }
    if (!this.posts.has(id)) {
      throw new NetworkError({
        network: 'bluesky',
        kind: 'content_rejected',
        status: 400,
        message: `Bluesky: refused (HTTP 400): could not find ${id}`,
      })
    }
    const likers = this.likes.get(id) ?? new Set<string>()
    likers.add(credentials.did)
    this.likes.set(id, likers)
  }

  failMentions(...failures: MentionFailure[]): void {
    this.#mentionFailures.push(...failures)
  }

  override async fetchMentions(
    credentials: FakeCredentials,
    request: MentionRequest = {},
    _options: CallOptions<FakeCredentials> = {},
  ): Promise<MentionPage> {
    this.mentionCalls.push(request)
    const failure = this.#mentionFailures.shift()
    if (failure) throw this.#failure(failure)
    const account = [...this.accounts.values()].find((a) => a.did === credentials.did)
    if (!account?.tokens.has(credentials.token)) {
      throw new NetworkError({
        network: 'bluesky',
        kind: 'auth_expired',
        status: 401,
        message: 'Bluesky: the connection expired or was revoked',
      })
    }
    const before = request.cursor ? Number(request.cursor) : Number.POSITIVE_INFINITY
    const limit = Math.min(request.limit ?? 50, this.maxPage)
    const mine = this.feed
      .filter((item) => item.to === credentials.did && item.seq < before)
      .sort((a, b) => b.seq - a.seq)
    const page = mine.slice(0, limit)
    const last = page.at(-1)
    return {
      items: page.map((item) => ({ ...item.mention, author: { ...item.mention.author } })),
      ...(mine.length > limit && last && { cursor: String(last.seq) }),
    }
  }

  #account(handle: string) {
    this.addAccount(handle)
    return this.accounts.get(handle)!
  }

  #failure(failure: MentionFailure): NetworkError {
    const messages = {
      retryable: `Bluesky: ${failure.status === 429 ? 'rate limit reached' : 'temporarily unavailable'}`,
      auth_expired: 'Bluesky: the connection expired or was revoked',
      content_rejected: 'Bluesky: refused (HTTP 400): InvalidRequest',
    }
    return new NetworkError({
      network: 'bluesky',
      kind: failure.kind,
      message: messages[failure.kind],
      ...(failure.status !== undefined && { status: failure.status }),
      ...(failure.retryAfterMs !== undefined && { retryAfterMs: failure.retryAfterMs }),
    })
  }
}
