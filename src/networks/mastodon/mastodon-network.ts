import type { CallOptions } from '../spec/call-options.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import type { MentionPage } from '../spec/network-mention.js'
import type { SocialNetworkV1 } from '../spec/social-network.js'
import { mastodonCapabilities, validateMastodonDraft } from './mastodon-capabilities.js'
import { MastodonClient } from './mastodon-client.js'
import {
  finishMastodonConnect,
  type MastodonAuthorizationStart,
  type MastodonConnectContext,
  type MastodonConnectFinish,
  type MastodonConnection,
  type MastodonConnectStart,
  startMastodonConnect,
} from './mastodon-connect.js'
import { type MastodonCredentials, readMastodonCredentials } from './mastodon-credentials.js'
import {
  fetchMastodonInstanceLimits,
  MASTODON_DEFAULT_LIMITS,
  MastodonInstanceCache,
  type MastodonInstanceLimits,
} from './mastodon-instance.js'
import { likeMastodonStatus } from './mastodon-like.js'
import { type MastodonVisibility, publishMastodonDraft } from './mastodon-publish.js'
import {
  deleteMastodonPost,
  fetchMastodonFollowerCount,
  fetchMastodonMentions,
  fetchMastodonMetrics,
  fetchMastodonPost,
  type MastodonMentionRequest,
} from './mastodon-reads.js'
import { fetchMastodonReshares } from './mastodon-reshares.js'

export interface MastodonSettings {
  /** Limits `capabilities` and `validate` use: the channel's instance, when known. */
  instanceLimits?: MastodonInstanceLimits
  /** Custom fetch, e.g. to reach a local fake or record requests. */
  fetch?: FetchFunction
  /** Longest wait for one request. Default 30 s. */
  timeoutMs?: number
  /** Visibility of published statuses. Default `public`. */
  visibility?: MastodonVisibility
  /** Name shown on the instance's "authorized apps" page. Default `Murmur`. */
  clientName?: string
  /** Link shown with the app name, e.g. MURMUR_PUBLIC_URL. */
  website?: string
  /** Wait between checks of a media attachment still processing. Default 1 s. */
  mediaPollIntervalMs?: number
  /** Give up on a media attachment still processing after this. Default 60 s. */
  mediaTimeoutMs?: number
  /** How long an instance's limits are trusted before asking again. Default 1 hour. */
  instanceCacheMs?: number
  /** Allow http:// and private addresses as instances: tests against a local fake only. */
  allowLocalInstances?: boolean
  now?: () => number
}

export interface MastodonNetwork extends SocialNetworkV1<MastodonCredentials> {
  readonly id: 'mastodon'
  /** Registers Murmur on the instance when needed and builds the authorization URL. */
  startConnect(request: MastodonConnectStart): Promise<MastodonAuthorizationStart>
  /** Checks the callback, trades the code for a token, reads the account and instance limits. */
  finishConnect(request: MastodonConnectFinish): Promise<MastodonConnection>
  /** `GET /api/v2/instance` limits of one instance (cached). */
  fetchInstanceLimits(instanceUrl: string, signal?: AbortSignal): Promise<MastodonInstanceLimits>
  /** The same network with another instance's limits: capabilities and validate for one channel. */
  withInstanceLimits(limits: MastodonInstanceLimits): MastodonNetwork
  fetchMentions(
    credentials: MastodonCredentials,
    request: MastodonMentionRequest,
    options?: CallOptions<MastodonCredentials>,
  ): Promise<MentionPage>
}

/**
 * Mastodon (any instance) through its REST API, over plain fetch: masto.js cannot take an
 * injected fetch, and Murmur's tests and proxies need one.
 */
export function createMastodon(
  settings: MastodonSettings = {},
  cache?: MastodonInstanceCache,
): MastodonNetwork {
  const fetch = settings.fetch ?? globalThis.fetch
  const now = settings.now ?? Date.now
  const limits = settings.instanceLimits ?? MASTODON_DEFAULT_LIMITS
  const instances = cache ?? new MastodonInstanceCache(settings.instanceCacheMs ?? 3_600_000, now)
  const connect: MastodonConnectContext = {
    fetch,
    clientName: settings.clientName ?? 'Murmur',
    ...(settings.website && { website: settings.website }),
    allowLocalInstances: settings.allowLocalInstances ?? false,
    now,
  }
  const fetchInstanceLimits = (instanceUrl: string, signal?: AbortSignal) =>
    instances.get(instanceUrl, () => fetchMastodonInstanceLimits(fetch, instanceUrl, signal))

  function open(credentials: unknown, options: CallOptions<MastodonCredentials> = {}) {
    return new MastodonClient(readMastodonCredentials(credentials), {
      fetch,
      timeoutMs: settings.timeoutMs ?? 30_000,
      now,
      ...(options.signal && { signal: options.signal }),
    })
  }

  return {
    specificationVersion: 'v1',
    id: 'mastodon',
    name: 'Mastodon',
    capabilities: mastodonCapabilities(limits),
    validate: (draft) => validateMastodonDraft(draft, limits),
    async publish(credentials, draft, options) {
      const client = open(credentials, options)
      // The instance's own limits, not the defaults: a draft fine on one server fails on another.
      const instanceLimits = await fetchInstanceLimits(
        client.credentials.instanceUrl,
        options?.signal,
      )
      return publishMastodonDraft(
        {
          client,
          limits: instanceLimits,
          polling: {
            intervalMs: settings.mediaPollIntervalMs ?? 1000,
            timeoutMs: settings.mediaTimeoutMs ?? 60_000,
          },
          visibility: settings.visibility ?? 'public',
        },
        draft,
      )
    },
    delete: (credentials, id, options) => deleteMastodonPost(open(credentials, options), id),
    like: (credentials, id, options) => likeMastodonStatus(open(credentials, options), id),
    fetchPost: (credentials, id, options) => fetchMastodonPost(open(credentials, options), id),
    fetchMetrics: (credentials, ids, options) =>
      fetchMastodonMetrics(open(credentials, options), ids),
    fetchFollowerCount: (credentials, options) =>
      fetchMastodonFollowerCount(open(credentials, options)),
    fetchMentions: (credentials, request, options) =>
      fetchMastodonMentions(open(credentials, options), request),
    fetchReshares: (credentials, postId, request, options) =>
      fetchMastodonReshares(open(credentials, options), postId, request),
    startConnect: (request) => startMastodonConnect(connect, request),
    finishConnect: (request) => finishMastodonConnect(connect, request),
    fetchInstanceLimits,
    withInstanceLimits: (instanceLimits) =>
      createMastodon({ ...settings, instanceLimits }, instances),
  }
}
