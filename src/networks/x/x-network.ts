import type { AuthorizationStart } from '../oauth/oauth-authorization.js'
import { type OAuthTokenManager, sharedTokenManager } from '../oauth/oauth-token-manager.js'
import type { CallOptions } from '../spec/call-options.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import type { MentionPage } from '../spec/network-mention.js'
import type { SocialNetworkV1 } from '../spec/social-network.js'
import { validateXDraft, X_CAPABILITIES } from './x-capabilities.js'
import type { XChunkedUploadOptions } from './x-chunked-upload.js'
import { XClient } from './x-client.js'
import {
  finishXConnect,
  refreshXCredentials,
  startXConnect,
  type XAppCredentials,
  type XConnectContext,
  type XConnectFinish,
  type XConnectStart,
} from './x-connect.js'
import { readXCredentials, type XCredentials } from './x-credentials.js'
import { likeXPost } from './x-like.js'
import { publishXDraft } from './x-publish.js'
import {
  deleteXPost,
  fetchXFollowerCount,
  fetchXMentions,
  fetchXMetrics,
  fetchXPost,
  type XMentionRequest,
} from './x-reads.js'

export interface XSettings {
  /** Default `https://api.x.com` (the API and its token endpoint `/2/oauth2/token`). */
  apiBaseUrl?: string
  /** Default `https://x.com/i/oauth2/authorize`. */
  authorizeUrl?: string
  /** Where post links point. Default `https://x.com`. */
  webUrl?: string
  /** Murmur's X developer app; needed to connect channels and to refresh their tokens. */
  app?: XAppCredentials
  /** Custom fetch, e.g. to reach a local fake or record requests. */
  fetch?: FetchFunction
  /** Longest wait for one request before giving up on it. Default 30 s. */
  timeoutMs?: number
  /** Shared by every X network in the process unless a test brings its own. */
  tokenManager?: OAuthTokenManager
  /** Clock, for tests. */
  now?: () => number
  /** GIF and video uploads: segment size and how to wait for processing (tests go faster). */
  mediaUpload?: Omit<XChunkedUploadOptions, 'signal'>
}

export interface XNetwork extends SocialNetworkV1<XCredentials> {
  readonly id: 'x'
  /** The authorization URL to send the owner to; keep `state` and `codeVerifier` for the callback. */
  startConnect(request: XConnectStart): AuthorizationStart
  /** Checks the callback, trades the code for tokens: the new channel's credentials. */
  finishConnect(request: XConnectFinish): Promise<XCredentials>
  /** Mentions newest first; `sinceId` stops at the newest one already stored. */
  fetchMentions(
    credentials: XCredentials,
    request: XMentionRequest,
    options?: CallOptions<XCredentials>,
  ): Promise<MentionPage>
  refreshCredentials(
    credentials: XCredentials,
    options?: CallOptions<XCredentials>,
  ): Promise<XCredentials>
}

/** X through API v2 with OAuth 2.0 user tokens, over plain fetch. */
export function createX(settings: XSettings = {}): XNetwork {
  const apiBaseUrl = withoutTrailingSlash(settings.apiBaseUrl ?? 'https://api.x.com')
  const webUrl = withoutTrailingSlash(settings.webUrl ?? 'https://x.com')
  const fetch = settings.fetch ?? globalThis.fetch
  const now = settings.now ?? Date.now
  const tokens = settings.tokenManager ?? sharedTokenManager
  const connect: XConnectContext = {
    fetch,
    apiBaseUrl,
    authorizeUrl: settings.authorizeUrl ?? 'https://x.com/i/oauth2/authorize',
    app: settings.app,
    now,
  }

  /** One client per call: credentials come from the caller, rotated ones go back to it. */
  function open(credentials: unknown, options: CallOptions<XCredentials> = {}): XClient {
    return new XClient(readXCredentials(credentials), {
      fetch,
      apiBaseUrl,
      webUrl,
      timeoutMs: settings.timeoutMs ?? 30_000,
      now,
      tokens,
      refresh: (current) => refreshXCredentials(connect, current, options.signal),
      ...(options.onCredentialsChanged && { onCredentialsChanged: options.onCredentialsChanged }),
      ...(options.refreshLock && { refreshLock: options.refreshLock }),
      ...(options.signal && { signal: options.signal }),
    })
  }

  return {
    specificationVersion: 'v1',
    id: 'x',
    name: 'X',
    capabilities: X_CAPABILITIES,
    validate: validateXDraft,
    publish: (credentials, draft, options) =>
      publishXDraft(open(credentials, options), draft, {
        ...settings.mediaUpload,
        ...(options?.signal && { signal: options.signal }),
      }),
    delete: (credentials, id, options) => deleteXPost(open(credentials, options), id),
    like: (credentials, id, options) =>
      likeXPost(open(credentials, options), readXCredentials(credentials).userId, id),
    fetchPost: (credentials, id, options) => fetchXPost(open(credentials, options), id),
    fetchMetrics: (credentials, ids, options) => fetchXMetrics(open(credentials, options), ids),
    fetchFollowerCount: (credentials, options) => fetchXFollowerCount(open(credentials, options)),
    fetchMentions: (credentials, request, options) =>
      fetchXMentions(open(credentials, options), request),
    startConnect: (request) => startXConnect(connect, request),
    finishConnect: (request) => finishXConnect(connect, request),
    async refreshCredentials(credentials, options = {}) {
      const current = readXCredentials(credentials)
      return tokens.ensureFresh({
        network: 'x',
        key: `x:${current.userId}`,
        credentials: current,
        refresh: (stale) => refreshXCredentials(connect, stale, options.signal),
        force: true,
        accountLabel: current.username ? `@${current.username}` : undefined,
        ...(options.onCredentialsChanged && { onCredentialsChanged: options.onCredentialsChanged }),
        ...(options.refreshLock && { refreshLock: options.refreshLock }),
      })
    },
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
