import { Agent } from '@atproto/api'
import { safeFetchFunction } from '../../net/safe-fetch/index.js'
import type { CallOptions } from '../spec/call-options.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import type { SocialNetworkV1 } from '../spec/social-network.js'
import { BLUESKY_CAPABILITIES, validateBlueskyDraft } from './bluesky-capabilities.js'
import { type BlueskyCredentials, readBlueskyCredentials } from './bluesky-credentials.js'
import { toBlueskyError } from './bluesky-failure.js'
import { likeBlueskyPost } from './bluesky-like.js'
import { type BlueskyCallContext, publishBlueskyDraft } from './bluesky-publish.js'
import {
  deleteBlueskyPost,
  fetchBlueskyFollowerCount,
  fetchBlueskyMentions,
  fetchBlueskyMetrics,
  fetchBlueskyPost,
} from './bluesky-reads.js'
import { fetchBlueskyReshares } from './bluesky-reshares.js'
import { BlueskySession } from './bluesky-session.js'
import { type BlueskySignIn, signInToBluesky, withoutTrailingSlash } from './bluesky-sign-in.js'

export interface BlueskySettings {
  /** Service people sign in to unless they name their own PDS. Default `https://bsky.social`. */
  baseUrl?: string
  /** Where post links point. Default `https://bsky.app`. */
  webUrl?: string
  /**
   * Custom fetch, e.g. to record requests. By default every request goes through Murmur's safe
   * fetcher: the service people name (and the PDS their DID document points at) is user-supplied,
   * so private and loopback addresses are refused unless listed in `allowPrivateNetworkHosts`.
   */
  fetch?: FetchFunction
  /** Hosts on the operator's own network the safe fetcher may reach (MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS). */
  allowPrivateNetworkHosts?: readonly string[]
  /**
   * Largest image blob to upload. The lexicon allows 2,000,000 bytes (raised from 1,000,000 in
   * 2025); the default stays at 1,000,000 so posts also pass on self-hosted PDSes still running
   * the older limit, and Bluesky's own app uploads no more.
   */
  imageMaxBytes?: number
  /** Longest image side in pixels; Bluesky's app uses 2000. */
  imageMaxDimension?: number
  /** Clock, for tests. */
  now?: () => number
}

export interface BlueskyNetwork extends SocialNetworkV1<BlueskyCredentials> {
  readonly id: 'bluesky'
  /** Signs in with handle (or email) and app password; store the result as the channel's credentials. */
  signIn(request: BlueskySignIn): Promise<BlueskyCredentials>
  refreshCredentials(
    credentials: BlueskyCredentials,
    options?: CallOptions<BlueskyCredentials>,
  ): Promise<BlueskyCredentials>
}

/** Bluesky (AT Protocol) with app-password sessions, through the official @atproto/api client. */
export function createBluesky(settings: BlueskySettings = {}): BlueskyNetwork {
  const baseUrl = withoutTrailingSlash(settings.baseUrl ?? 'https://bsky.social')
  const webUrl = withoutTrailingSlash(settings.webUrl ?? 'https://bsky.app')
  const fetch =
    settings.fetch ??
    safeFetchFunction({
      allowPrivateHosts: settings.allowPrivateNetworkHosts ?? [],
      // Image uploads and long feeds: more time and room than a web page gets.
      timeoutMs: 60_000,
      maxBytes: 16 * 1024 * 1024,
    })
  const now = settings.now ?? Date.now
  const imageLimits = {
    maxBytes: settings.imageMaxBytes ?? 1_000_000,
    maxDimension: settings.imageMaxDimension ?? 2000,
  }

  /** One session per call: credentials come from the caller, rotated ones go back to it. */
  function open(credentials: unknown, options: CallOptions<BlueskyCredentials> = {}) {
    const session = new BlueskySession(readBlueskyCredentials(credentials), {
      fetch: options.signal ? withSignal(fetch, options.signal) : fetch,
      onCredentialsChanged: options.onCredentialsChanged,
      now,
    })
    const context: BlueskyCallContext = {
      agent: new Agent(session),
      did: session.did,
      webUrl,
      imageLimits,
      now,
    }
    return { session, context }
  }

  return {
    specificationVersion: 'v1',
    id: 'bluesky',
    name: 'Bluesky',
    capabilities: BLUESKY_CAPABILITIES,
    validate: validateBlueskyDraft,
    // async, so that refused credentials reject the promise instead of throwing synchronously.
    async publish(credentials, draft, options) {
      return publishBlueskyDraft(open(credentials, options).context, draft)
    },
    async delete(credentials, id, options) {
      return deleteBlueskyPost(open(credentials, options).context, id)
    },
    async like(credentials, id, options) {
      return likeBlueskyPost(open(credentials, options).context, id)
    },
    async fetchPost(credentials, id, options) {
      return fetchBlueskyPost(open(credentials, options).context, id)
    },
    async fetchMetrics(credentials, ids, options) {
      return fetchBlueskyMetrics(open(credentials, options).context, ids)
    },
    async fetchFollowerCount(credentials, options) {
      return fetchBlueskyFollowerCount(open(credentials, options).context)
    },
    async fetchMentions(credentials, request, options) {
      return fetchBlueskyMentions(open(credentials, options).context, request)
    },
    async fetchReshares(credentials, postId, request, options) {
      return fetchBlueskyReshares(open(credentials, options).context, postId, request)
    },
    signIn: (request) => signInToBluesky(fetch, baseUrl, request),
    async refreshCredentials(credentials, options) {
      const { session } = open(credentials, options)
      try {
        await session.refresh(options?.signal)
      } catch (error) {
        throw toBlueskyError(error, true)
      }
      return session.credentials
    },
  }
}

/** Passes the caller's abort signal to every request of the call. */
function withSignal(fetch: FetchFunction, signal: AbortSignal): FetchFunction {
  return (input, init) => fetch(input, { ...init, signal: init?.signal ?? signal })
}
