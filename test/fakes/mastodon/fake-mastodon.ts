/**
 * A FAKE Mastodon instance, built from Mastodon's documented client API (docs.joinmastodon.org and
 * the server's validators). It is not Mastodon: no such server runs here (see networks.md §3),
 * so this proves Murmur speaks the documented protocol. See test/fakes/README.md.
 */
import {
  MASTODON_DEFAULT_LIMITS,
  type MastodonInstanceLimits,
} from '../../../src/networks/mastodon/index.js'
import type { ReadBackPost } from '../../../src/networks/testkit/run-network-contract.js'
import { FakeHttpServer, type FakeReply, RateWindows } from '../support/fake-http-server.js'
import { handleApi, isoWithMicroseconds } from './fake-mastodon-api.js'
import {
  authorize,
  type MastodonConsent,
  registerApp,
  revoke,
  token,
} from './fake-mastodon-oauth.js'
import {
  type FakeMastodonAccount,
  type FakeMastodonNotification,
  FakeMastodonState,
  type FakeMastodonStatus,
  randomToken,
} from './fake-mastodon-state.js'

export interface FakeMastodonOptions {
  limits?: Partial<MastodonInstanceLimits>
  now?: () => number
}

const ALL_SCOPES = [
  'read:accounts',
  'read:statuses',
  'read:notifications',
  'write:statuses',
  'write:media',
  'write:favourites',
]

export class FakeMastodon {
  readonly state: FakeMastodonState
  readonly server: FakeHttpServer
  readonly consent: MastodonConsent = { deny: false }
  /** How many 206 answers the next media uploads get before they are processed. */
  processingPolls = 0

  private constructor(state: FakeMastodonState, server: FakeHttpServer) {
    this.state = state
    this.server = server
  }

  static async start(options: FakeMastodonOptions = {}): Promise<FakeMastodon> {
    const state = new FakeMastodonState(
      { ...MASTODON_DEFAULT_LIMITS, ...options.limits },
      options.now ?? Date.now,
    )
    const windows = new RateWindows(state.now)
    let fake: FakeMastodon | undefined
    const server = await FakeHttpServer.start(async (request): Promise<FakeReply> => {
      const route = `${request.method} ${request.url.pathname}`
      const baseUrl = fake?.url ?? ''
      if (route === 'POST /api/v1/apps') return registerApp(state, request)
      if (route === 'GET /oauth/authorize')
        return authorize(state, request, fake?.consent ?? { deny: false })
      if (route === 'POST /oauth/token') return token(state, request)
      if (route === 'POST /oauth/revoke') return revoke(state, request)
      return handleApi(state, windows, request, baseUrl, () => fake?.processingPolls ?? 0)
    })
    fake = new FakeMastodon(state, server)
    return fake
  }

  get url(): string {
    return this.server.url
  }

  createAccount(
    username: string,
    options: { domain?: string; displayName?: string } = {},
  ): FakeMastodonAccount {
    const account = {
      id: this.state.nextId(),
      username,
      displayName: options.displayName ?? username,
      ...(options.domain && { domain: options.domain }),
    }
    this.state.accounts.set(account.id, account)
    return account
  }

  /** A token as if the account had authorized an app (Mastodon tokens never expire). */
  issueToken(accountId: string, scopes: string[] = ALL_SCOPES): string {
    const accessToken = randomToken()
    this.state.tokens.set(accessToken, {
      accountId,
      clientId: 'issued-by-test',
      scopes,
      revoked: false,
    })
    return accessToken
  }

  /** The owner revoked Murmur under Settings → Authorized apps. */
  revokeToken(accessToken: string): void {
    const stored = this.state.tokens.get(accessToken)
    if (stored) stored.revoked = true
  }

  /** Someone posts; mentions, replies and quotes notify the accounts concerned, as Mastodon does. */
  postAs(
    accountId: string,
    text: string,
    options: { inReplyToId?: string; quotedId?: string } = {},
  ): FakeMastodonStatus {
    const parent = options.inReplyToId ? this.state.liveStatus(options.inReplyToId) : undefined
    const quoted = options.quotedId ? this.state.liveStatus(options.quotedId) : undefined
    const status: FakeMastodonStatus = {
      id: this.state.nextId(),
      accountId,
      text,
      createdAt: new Date(this.state.now()).toISOString(),
      visibility: 'public',
      language: 'en',
      mediaIds: [],
      repliesCount: 0,
      reblogsCount: 0,
      favouritesCount: 0,
      quotesCount: 0,
      deleted: false,
      ...(parent && { inReplyToId: parent.id, inReplyToAccountId: parent.accountId }),
      ...(quoted && { quotedId: quoted.id }),
    }
    this.state.statuses.set(status.id, status)
    if (parent) parent.repliesCount++
    if (quoted) quoted.quotesCount++
    const mentioned = new Set<string>()
    for (const match of text.matchAll(/(?<![\w/=])@([a-z0-9_]+)(?!@)/gi)) {
      const account = this.state.accountByUsername(match[1] ?? '')
      if (account) mentioned.add(account.id)
    }
    if (parent) mentioned.add(parent.accountId)
    mentioned.delete(accountId)
    for (const recipientId of mentioned) this.#notify('mention', accountId, recipientId, status.id)
    if (quoted && quoted.accountId !== accountId)
      this.#notify('quote', accountId, quoted.accountId, status.id)
    return status
  }

  /** The account's `followers_count`, as its Account entity reports it. */
  setFollowers(accountId: string, followers: number): void {
    const account = this.state.accounts.get(accountId)
    if (!account) throw new Error(`fake Mastodon has no account ${accountId}`)
    account.followers = followers
  }

  /** A notification the adapter must skip (favourites are not mentions). */
  favourite(accountId: string, statusId: string): void {
    const status = this.state.liveStatus(statusId)
    if (!status) throw new Error(`fake Mastodon has no status ${statusId}`)
    status.favouritesCount++
    this.#notify('favourite', accountId, status.accountId, statusId)
  }

  /** Someone boosts a status: counted, listed by reblogged_by, and notified as Mastodon does. */
  boost(accountId: string, statusId: string): void {
    const status = this.state.liveStatus(statusId)
    if (!status) throw new Error(`fake Mastodon has no status ${statusId}`)
    if (this.state.reblogs.some((r) => r.accountId === accountId && r.statusId === statusId)) return
    this.state.reblogs.push({ id: this.state.nextId(), accountId, statusId })
    status.reblogsCount++
    this.#notify('reblog', accountId, status.accountId, statusId)
  }

  setCounts(
    statusId: string,
    counts: Partial<
      Pick<FakeMastodonStatus, 'repliesCount' | 'reblogsCount' | 'favouritesCount' | 'quotesCount'>
    >,
  ): void {
    const status = this.state.statuses.get(statusId)
    if (!status) throw new Error(`fake Mastodon has no status ${statusId}`)
    Object.assign(status, counts)
  }

  /** The next matching request gets Mastodon's 429, reset as an ISO 8601 time. */
  injectRateLimit(options: { match?: string; resetInSeconds?: number } = {}): void {
    this.server.inject({
      match: options.match ?? 'POST /api/v1/statuses',
      reply: {
        status: 429,
        headers: {
          'x-ratelimit-limit': '300',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': isoWithMicroseconds(
            this.state.now() + (options.resetInSeconds ?? 300) * 1000,
          ),
        },
        body: { error: 'Too many requests' },
      },
    })
  }

  injectServerError(options: { match?: string; status?: number; times?: number } = {}): void {
    this.server.inject({
      match: options.match ?? 'POST /api/v1/statuses',
      times: options.times ?? 1,
      reply: {
        status: options.status ?? 503,
        headers: { 'content-type': 'text/html' },
        body: '<h1>503 Service Unavailable</h1>',
      },
    })
  }

  injectHang(options: { match?: string } = {}): void {
    this.server.inject({ match: options.match ?? 'POST /api/v1/statuses', reply: 'hang' })
  }

  /** The status as stored, bypassing the API: what the contract suite compares with. */
  readBack(id: string): ReadBackPost | null {
    const status = this.state.liveStatus(id)
    if (!status) return null
    let root = status
    while (root.inReplyToId) {
      const parent = this.state.statuses.get(root.inReplyToId)
      if (!parent) break
      root = parent
    }
    return {
      text: status.text,
      ...(status.inReplyToId && { replyParentId: status.inReplyToId, replyRootId: root.id }),
      mediaCount: status.mediaIds.length,
      altTexts: status.mediaIds.flatMap((mediaId) => {
        const description = this.state.media.get(mediaId)?.description
        return description ? [description] : []
      }),
    }
  }

  notificationsFor(accountId: string): FakeMastodonNotification[] {
    return this.state.notifications.filter((notification) => notification.recipientId === accountId)
  }

  close(): Promise<void> {
    return this.server.close()
  }

  #notify(
    type: FakeMastodonNotification['type'],
    accountId: string,
    recipientId: string,
    statusId: string,
  ) {
    this.state.notifications.push({
      id: this.state.nextId(),
      type,
      accountId,
      recipientId,
      statusId,
      createdAt: new Date(this.state.now()).toISOString(),
    })
  }
}
