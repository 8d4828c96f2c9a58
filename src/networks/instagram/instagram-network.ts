import type { ContainerPolling } from '../meta/meta-container.js'
import { MetaGraphClient } from '../meta/meta-graph-client.js'
import {
  ensureFreshLongLived,
  sharedLongLivedTokenManager,
} from '../meta/meta-long-lived-tokens.js'
import type { PublicMediaSettings } from '../meta/meta-public-media.js'
import { type MetaUsageGate, sharedMetaUsageGate } from '../meta/meta-usage.js'
import type { AuthorizationStart } from '../oauth/oauth-authorization.js'
import type { OAuthTokenManager } from '../oauth/oauth-token-manager.js'
import type { CallOptions } from '../spec/call-options.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import type { SocialNetworkV1 } from '../spec/social-network.js'
import { INSTAGRAM_CAPABILITIES, validateInstagramDraft } from './instagram-capabilities.js'
import {
  finishInstagramConnect,
  type InstagramAppCredentials,
  type InstagramConnectContext,
  type InstagramConnectFinish,
  type InstagramConnectStart,
  refreshInstagramCredentials,
  startInstagramConnect,
} from './instagram-connect.js'
import type { InstagramCall } from './instagram-context.js'
import { type InstagramCredentials, readInstagramCredentials } from './instagram-credentials.js'
import { publishInstagramDraft, refuseInvalidInstagramDraft } from './instagram-publish.js'
import {
  deleteInstagramPost,
  fetchInstagramFollowerCount,
  fetchInstagramMentions,
  fetchInstagramMetrics,
  fetchInstagramPost,
} from './instagram-reads.js'

export interface InstagramSettings extends PublicMediaSettings {
  /** Default `https://graph.instagram.com` (API and long-lived token endpoints). */
  graphUrl?: string
  /** Default `v25.0`. */
  graphVersion?: string
  /** The code exchange. Default `https://api.instagram.com/oauth/access_token`. */
  tokenUrl?: string
  /** Default `https://www.instagram.com/oauth/authorize`. */
  authorizeUrl?: string
  /** Where profile links point. Default `https://www.instagram.com`. */
  webUrl?: string
  /** Murmur's Instagram app id and secret; needed to connect accounts and renew tokens. */
  app?: InstagramAppCredentials
  fetch?: FetchFunction
  /** Longest wait for one request. Default 30 s. */
  timeoutMs?: number
  /** How often and how long to wait for a container to be FINISHED. Default 1 s, 60 s. */
  containerPolling?: Partial<ContainerPolling>
  usageGate?: MetaUsageGate
  /** Renews tokens a week before their 60 days end; tests bring their own. */
  tokenManager?: OAuthTokenManager
  now?: () => number
}

export interface InstagramNetwork extends SocialNetworkV1<InstagramCredentials> {
  readonly id: 'instagram'
  /** The Instagram Login URL; keep `state` for the callback. */
  startConnect(request: InstagramConnectStart): AuthorizationStart
  /**
   * Checks the callback, gets a 60-day token and reads the account. Throws a NetworkError with
   * code `not_professional` (a plain sentence for the owner) for personal accounts.
   */
  finishConnect(request: InstagramConnectFinish): Promise<InstagramCredentials>
  refreshCredentials(
    credentials: InstagramCredentials,
    options?: CallOptions<InstagramCredentials>,
  ): Promise<InstagramCredentials>
}

/** Instagram professional accounts through the Instagram API with Instagram Login. */
export function createInstagram(settings: InstagramSettings = {}): InstagramNetwork {
  const fetch = settings.fetch ?? globalThis.fetch
  const now = settings.now ?? Date.now
  const graphUrl = withoutTrailingSlash(settings.graphUrl ?? 'https://graph.instagram.com')
  const graphBaseUrl = `${graphUrl}/${settings.graphVersion ?? 'v25.0'}`
  const webUrl = withoutTrailingSlash(settings.webUrl ?? 'https://www.instagram.com')
  const gate = settings.usageGate ?? sharedMetaUsageGate
  const tokens = settings.tokenManager ?? sharedLongLivedTokenManager
  const timeoutMs = settings.timeoutMs ?? 30_000
  const media: PublicMediaSettings = {
    ...(settings.publicUrl && { publicUrl: settings.publicUrl }),
    ...(settings.publicMediaUrl && { publicMediaUrl: settings.publicMediaUrl }),
  }
  const polling: ContainerPolling = {
    intervalMs: settings.containerPolling?.intervalMs ?? 1000,
    timeoutMs: settings.containerPolling?.timeoutMs ?? 60_000,
  }
  const connect: InstagramConnectContext = {
    fetch,
    graphUrl,
    graphBaseUrl,
    tokenUrl: settings.tokenUrl ?? 'https://api.instagram.com/oauth/access_token',
    authorizeUrl: settings.authorizeUrl ?? 'https://www.instagram.com/oauth/authorize',
    app: settings.app,
    gate,
    timeoutMs,
    now,
  }

  const fresh = (
    credentials: InstagramCredentials,
    options: CallOptions<InstagramCredentials>,
    force = false,
  ) =>
    ensureFreshLongLived({
      manager: tokens,
      network: 'instagram',
      key: `instagram:${credentials.userId}`,
      credentials,
      refresh: (current) => refreshInstagramCredentials(connect, current, options.signal),
      ...(options.onCredentialsChanged && { onCredentialsChanged: options.onCredentialsChanged }),
      force,
      ...(credentials.username && { accountLabel: `@${credentials.username}` }),
      now,
    })

  async function open(
    stored: unknown,
    options: CallOptions<InstagramCredentials> = {},
  ): Promise<InstagramCall> {
    const credentials = await fresh(readInstagramCredentials(stored), options)
    const client = new MetaGraphClient({
      network: 'instagram',
      fetch,
      baseUrl: graphBaseUrl,
      accessToken: credentials.accessToken,
      accountKey: credentials.userId,
      ...(credentials.username && { accountLabel: `@${credentials.username}` }),
      gate,
      timeoutMs,
      now,
      ...(options.signal && { signal: options.signal }),
    })
    return { client, credentials, webUrl, media, polling }
  }

  return {
    specificationVersion: 'v1',
    id: 'instagram',
    name: 'Instagram',
    capabilities: INSTAGRAM_CAPABILITIES,
    validate: (draft) => validateInstagramDraft(draft, media),
    async publish(credentials, draft, options) {
      // Refuse an invalid draft before touching tokens, as every network does.
      refuseInvalidInstagramDraft(draft, media)
      return publishInstagramDraft(await open(credentials, options), draft)
    },
    delete: async (credentials, id, options) =>
      deleteInstagramPost(await open(credentials, options), id),
    fetchPost: async (credentials, id, options) =>
      fetchInstagramPost(await open(credentials, options), id),
    fetchMetrics: async (credentials, ids, options) =>
      fetchInstagramMetrics(await open(credentials, options), ids),
    fetchFollowerCount: async (credentials, options) =>
      fetchInstagramFollowerCount(await open(credentials, options)),
    fetchMentions: async (credentials, request, options) =>
      fetchInstagramMentions(await open(credentials, options), request),
    startConnect: (request) => startInstagramConnect(connect, request),
    finishConnect: (request) => finishInstagramConnect(connect, request),
    refreshCredentials: (credentials, options = {}) =>
      fresh(readInstagramCredentials(credentials), options, true),
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
