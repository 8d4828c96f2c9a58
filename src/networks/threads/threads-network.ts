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
import type { Draft } from '../spec/network-draft.js'
import type { SocialNetworkV1 } from '../spec/social-network.js'
import { THREADS_CAPABILITIES, validateThreadsDraft } from './threads-capabilities.js'
import {
  finishThreadsConnect,
  refreshThreadsCredentials,
  startThreadsConnect,
  type ThreadsAppCredentials,
  type ThreadsConnectContext,
  type ThreadsConnectFinish,
  type ThreadsConnectStart,
} from './threads-connect.js'
import type { ThreadsCall } from './threads-context.js'
import { readThreadsCredentials, type ThreadsCredentials } from './threads-credentials.js'
import { publishThreadsDraft, refuseInvalidThreadsDraft } from './threads-publish.js'
import {
  deleteThreadsPost,
  fetchThreadsFollowerCount,
  fetchThreadsMentions,
  fetchThreadsMetrics,
  fetchThreadsPost,
} from './threads-reads.js'

export interface ThreadsSettings extends PublicMediaSettings {
  /** Default `https://graph.threads.net` (API and token endpoints). */
  graphUrl?: string
  /** Default `v1.0`. */
  graphVersion?: string
  /** Default `https://threads.net/oauth/authorize`. */
  authorizeUrl?: string
  /** Where profile links point. Default `https://www.threads.net`. */
  webUrl?: string
  /** Murmur's Threads app id and secret; needed to connect profiles and renew tokens. */
  app?: ThreadsAppCredentials
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

export interface ThreadsNetwork extends SocialNetworkV1<ThreadsCredentials> {
  readonly id: 'threads'
  /** The Threads authorization URL; keep `state` for the callback. */
  startConnect(request: ThreadsConnectStart): AuthorizationStart
  /** Checks the callback, gets a 60-day token and reads who connected. */
  finishConnect(request: ThreadsConnectFinish): Promise<ThreadsCredentials>
  refreshCredentials(
    credentials: ThreadsCredentials,
    options?: CallOptions<ThreadsCredentials>,
  ): Promise<ThreadsCredentials>
}

/** Threads through its Graph API (graph.threads.net), over plain fetch. */
export function createThreads(settings: ThreadsSettings = {}): ThreadsNetwork {
  const fetch = settings.fetch ?? globalThis.fetch
  const now = settings.now ?? Date.now
  const graphUrl = withoutTrailingSlash(settings.graphUrl ?? 'https://graph.threads.net')
  const graphBaseUrl = `${graphUrl}/${settings.graphVersion ?? 'v1.0'}`
  const webUrl = withoutTrailingSlash(settings.webUrl ?? 'https://www.threads.net')
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
  const connect: ThreadsConnectContext = {
    fetch,
    graphUrl,
    graphBaseUrl,
    authorizeUrl: settings.authorizeUrl ?? 'https://threads.net/oauth/authorize',
    app: settings.app,
    gate,
    timeoutMs,
    now,
  }

  const fresh = (
    credentials: ThreadsCredentials,
    options: CallOptions<ThreadsCredentials>,
    force = false,
  ) =>
    ensureFreshLongLived({
      manager: tokens,
      network: 'threads',
      key: `threads:${credentials.userId}`,
      credentials,
      refresh: (current) => refreshThreadsCredentials(connect, current, options.signal),
      ...(options.onCredentialsChanged && { onCredentialsChanged: options.onCredentialsChanged }),
      force,
      ...(credentials.username && { accountLabel: `@${credentials.username}` }),
      now,
    })

  /** One call: credentials renewed when near expiry, then a Graph client for them. */
  async function open(
    stored: unknown,
    options: CallOptions<ThreadsCredentials> = {},
  ): Promise<ThreadsCall> {
    const credentials = await fresh(readThreadsCredentials(stored), options)
    const client = new MetaGraphClient({
      network: 'threads',
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
    id: 'threads',
    name: 'Threads',
    capabilities: THREADS_CAPABILITIES,
    validate: (draft: Draft) => validateThreadsDraft(draft, media),
    async publish(credentials, draft, options) {
      // Refuse an invalid draft before touching tokens, as every network does.
      refuseInvalidThreadsDraft(draft, media)
      return publishThreadsDraft(await open(credentials, options), draft)
    },
    delete: async (credentials, id, options) =>
      deleteThreadsPost(await open(credentials, options), id),
    fetchPost: async (credentials, id, options) =>
      fetchThreadsPost(await open(credentials, options), id),
    fetchMetrics: async (credentials, ids, options) =>
      fetchThreadsMetrics(await open(credentials, options), ids),
    fetchFollowerCount: async (credentials, options) =>
      fetchThreadsFollowerCount(await open(credentials, options)),
    fetchMentions: async (credentials, request, options) =>
      fetchThreadsMentions(await open(credentials, options), request),
    startConnect: (request) => startThreadsConnect(connect, request),
    finishConnect: (request) => finishThreadsConnect(connect, request),
    refreshCredentials: (credentials, options = {}) =>
      fresh(readThreadsCredentials(credentials), options, true),
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
