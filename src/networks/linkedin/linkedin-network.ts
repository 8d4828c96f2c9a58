import type { AuthorizationStart } from '../oauth/oauth-authorization.js'
import { type OAuthTokenManager, sharedTokenManager } from '../oauth/oauth-token-manager.js'
import type { CallOptions } from '../spec/call-options.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import type { SocialNetworkV1 } from '../spec/social-network.js'
import { LINKEDIN_CAPABILITIES, validateLinkedInDraft } from './linkedin-capabilities.js'
import { LinkedInClient } from './linkedin-client.js'
import {
  finishLinkedInConnect,
  type LinkedInAppCredentials,
  type LinkedInConnectContext,
  type LinkedInConnectFinish,
  type LinkedInConnectStart,
  refreshLinkedInCredentials,
  startLinkedInConnect,
} from './linkedin-connect.js'
import { type LinkedInCredentials, readLinkedInCredentials } from './linkedin-credentials.js'
import { type LinkedInConnectionExpiry, linkedInConnectionExpiry } from './linkedin-expiry.js'
import { likeLinkedInMessage, unlikeLinkedInMessage } from './linkedin-like.js'
import {
  type ImagePolling,
  publishLinkedInDraft,
  refuseInvalidLinkedInDraft,
} from './linkedin-publish.js'
import {
  deleteLinkedInPost,
  fetchLinkedInFollowerCount,
  fetchLinkedInMentions,
  fetchLinkedInMetrics,
  fetchLinkedInPost,
} from './linkedin-reads.js'

/**
 * The `LinkedIn-Version` Murmur was written against. LinkedIn sunsets each version after about a
 * year and then answers 426: bump it (and re-run the tests) at least once a year.
 */
export const LINKEDIN_API_VERSION = '202610'

export interface LinkedInSettings {
  /** Default `https://api.linkedin.com`. */
  apiUrl?: string
  /** Default `https://www.linkedin.com/oauth/v2`. */
  oauthUrl?: string
  /** Where post links point. Default `https://www.linkedin.com`. */
  webUrl?: string
  /** `LinkedIn-Version` header, YYYYMM. Default LINKEDIN_API_VERSION. */
  version?: string
  /** Murmur's LinkedIn app; needed to connect and (approved apps) to refresh. */
  app?: LinkedInAppCredentials
  /** Scopes beyond posting, for apps LinkedIn approved (e.g. `r_member_social` for the inbox). */
  extraScopes?: string[]
  fetch?: FetchFunction
  /** Longest wait for one request. Default 30 s. */
  timeoutMs?: number
  /** How often and how long to wait for an uploaded image to be AVAILABLE. Default 1 s, 30 s. */
  imagePolling?: Partial<ImagePolling>
  tokenManager?: OAuthTokenManager
  now?: () => number
}

export interface LinkedInNetwork extends SocialNetworkV1<LinkedInCredentials> {
  readonly id: 'linkedin'
  /** The LinkedIn authorization URL; keep `state` for the callback. */
  startConnect(request: LinkedInConnectStart): AuthorizationStart
  /** Checks the callback, trades the code for a 60-day token, reads the member. */
  finishConnect(request: LinkedInConnectFinish): Promise<LinkedInCredentials>
  /** When the channel stops working and when to ask its owner to reconnect (before day 60). */
  connectionExpiry(credentials: LinkedInCredentials, now?: number): LinkedInConnectionExpiry
  /** Likes a post or comment through the Reactions API (`reactionType: LIKE`). */
  like(
    credentials: LinkedInCredentials,
    id: string,
    options?: CallOptions<LinkedInCredentials>,
  ): Promise<void>
  /** Takes back the channel's reaction to a post or comment; none to take back is fine. */
  unlike(
    credentials: LinkedInCredentials,
    id: string,
    options?: CallOptions<LinkedInCredentials>,
  ): Promise<void>
  /**
   * Renews an idle channel's token when LinkedIn gave a refresh token (approved partners);
   * without one there is nothing to renew and the credentials come back unchanged.
   */
  refreshCredentials(
    credentials: LinkedInCredentials,
    options?: CallOptions<LinkedInCredentials>,
  ): Promise<LinkedInCredentials>
}

/**
 * LinkedIn members through the versioned REST API (Posts, Images, Comments, Reactions), over
 * plain fetch.
 */
export function createLinkedIn(settings: LinkedInSettings = {}): LinkedInNetwork {
  const fetch = settings.fetch ?? globalThis.fetch
  const now = settings.now ?? Date.now
  const apiUrl = withoutTrailingSlash(settings.apiUrl ?? 'https://api.linkedin.com')
  const webUrl = withoutTrailingSlash(settings.webUrl ?? 'https://www.linkedin.com')
  const tokens = settings.tokenManager ?? sharedTokenManager
  const polling: ImagePolling = {
    intervalMs: settings.imagePolling?.intervalMs ?? 1000,
    timeoutMs: settings.imagePolling?.timeoutMs ?? 30_000,
  }
  const connect: LinkedInConnectContext = {
    fetch,
    oauthUrl: withoutTrailingSlash(settings.oauthUrl ?? 'https://www.linkedin.com/oauth/v2'),
    apiUrl,
    app: settings.app,
    extraScopes: settings.extraScopes ?? [],
    now,
  }

  function open(
    credentials: unknown,
    options: CallOptions<LinkedInCredentials> = {},
  ): LinkedInClient {
    return new LinkedInClient(readLinkedInCredentials(credentials), {
      fetch,
      apiUrl,
      webUrl,
      version: settings.version ?? LINKEDIN_API_VERSION,
      timeoutMs: settings.timeoutMs ?? 30_000,
      now,
      tokens,
      refresh: (current) => refreshLinkedInCredentials(connect, current, options.signal),
      ...(options.onCredentialsChanged && { onCredentialsChanged: options.onCredentialsChanged }),
      ...(options.refreshLock && { refreshLock: options.refreshLock }),
      ...(options.signal && { signal: options.signal }),
    })
  }

  return {
    specificationVersion: 'v1',
    id: 'linkedin',
    name: 'LinkedIn',
    capabilities: LINKEDIN_CAPABILITIES,
    validate: validateLinkedInDraft,
    async publish(credentials, draft, options) {
      refuseInvalidLinkedInDraft(draft)
      return publishLinkedInDraft(open(credentials, options), draft, polling)
    },
    delete: (credentials, id, options) => deleteLinkedInPost(open(credentials, options), id),
    fetchPost: (credentials, id, options) => fetchLinkedInPost(open(credentials, options), id),
    fetchMetrics: (credentials, ids, options) =>
      fetchLinkedInMetrics(open(credentials, options), ids),
    fetchFollowerCount: (credentials, options) =>
      fetchLinkedInFollowerCount(open(credentials, options)),
    fetchMentions: (credentials, request, options) =>
      fetchLinkedInMentions(open(credentials, options), request),
    like: (credentials, id, options) => likeLinkedInMessage(open(credentials, options), id),
    unlike: (credentials, id, options) => unlikeLinkedInMessage(open(credentials, options), id),
    startConnect: (request) => startLinkedInConnect(connect, request),
    finishConnect: (request) => finishLinkedInConnect(connect, request),
    connectionExpiry: (credentials, at) => linkedInConnectionExpiry(credentials, at ?? now()),
    async refreshCredentials(stored, options = {}) {
      const credentials = readLinkedInCredentials(stored)
      if (!credentials.refreshToken) return credentials
      return tokens.ensureFresh({
        network: 'linkedin',
        key: `linkedin:${credentials.author}`,
        credentials,
        refresh: (current) => refreshLinkedInCredentials(connect, current, options.signal),
        force: true,
        ...(credentials.name && { accountLabel: credentials.name }),
        ...(options.onCredentialsChanged && { onCredentialsChanged: options.onCredentialsChanged }),
        ...(options.refreshLock && { refreshLock: options.refreshLock }),
      })
    },
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
