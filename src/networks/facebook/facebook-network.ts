import { MetaGraphClient } from '../meta/meta-graph-client.js'
import { type MetaUsageGate, sharedMetaUsageGate } from '../meta/meta-usage.js'
import type { AuthorizationStart } from '../oauth/oauth-authorization.js'
import type { CallOptions } from '../spec/call-options.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import type { SocialNetworkV1 } from '../spec/social-network.js'
import { FACEBOOK_CAPABILITIES, validateFacebookDraft } from './facebook-capabilities.js'
import {
  type FacebookAppCredentials,
  type FacebookConnectContext,
  type FacebookConnectFinish,
  type FacebookConnection,
  type FacebookConnectStart,
  finishFacebookConnect,
  startFacebookConnect,
} from './facebook-connect.js'
import type { FacebookCall } from './facebook-context.js'
import {
  type FacebookCredentials,
  facebookPageLabel,
  readFacebookCredentials,
} from './facebook-credentials.js'
import { likeFacebookObject } from './facebook-like.js'
import { publishFacebookDraft } from './facebook-publish.js'
import {
  deleteFacebookPost,
  fetchFacebookFollowerCount,
  fetchFacebookMentions,
  fetchFacebookMetrics,
  fetchFacebookPost,
} from './facebook-reads.js'

/** The Graph API version Murmur was written against; Meta supports each for about two years. */
export const FACEBOOK_GRAPH_VERSION = 'v25.0'

export interface FacebookSettings {
  /** Default `https://graph.facebook.com` (API and token endpoint). */
  graphUrl?: string
  /** Default `v25.0`. */
  graphVersion?: string
  /** Where the consent page lives. Default `https://www.facebook.com`. */
  dialogUrl?: string
  /** Where post links point. Default `https://www.facebook.com`. */
  webUrl?: string
  /** Murmur's Facebook app; needed to connect Pages (and sent as `appsecret_proof`). */
  app?: FacebookAppCredentials
  /** Custom fetch, e.g. to reach a local fake or record requests. */
  fetch?: FetchFunction
  /** Longest wait for one request. Default 30 s. */
  timeoutMs?: number
  /** Shared by every Meta network in the process unless a test brings its own. */
  usageGate?: MetaUsageGate
  now?: () => number
}

export interface FacebookNetwork extends SocialNetworkV1<FacebookCredentials> {
  readonly id: 'facebook'
  /** The Facebook Login URL to send the person to; keep `state` for the callback. */
  startConnect(request: FacebookConnectStart): AuthorizationStart
  /** Checks the callback and lists the person's Pages, each with its channel credentials. */
  finishConnect(request: FacebookConnectFinish): Promise<FacebookConnection>
}

/**
 * Facebook Pages through the Graph API, over plain fetch. A channel is one Page; its Page token
 * does not expire, so there is no refresh: a dead token means reconnect.
 */
export function createFacebook(settings: FacebookSettings = {}): FacebookNetwork {
  const fetch = settings.fetch ?? globalThis.fetch
  const now = settings.now ?? Date.now
  const version = settings.graphVersion ?? FACEBOOK_GRAPH_VERSION
  const graphBaseUrl = `${withoutTrailingSlash(settings.graphUrl ?? 'https://graph.facebook.com')}/${version}`
  const webUrl = withoutTrailingSlash(settings.webUrl ?? 'https://www.facebook.com')
  const gate = settings.usageGate ?? sharedMetaUsageGate
  const timeoutMs = settings.timeoutMs ?? 30_000
  const connect: FacebookConnectContext = {
    fetch,
    graphBaseUrl,
    authorizeUrl: `${withoutTrailingSlash(settings.dialogUrl ?? 'https://www.facebook.com')}/${version}/dialog/oauth`,
    app: settings.app,
    gate,
    timeoutMs,
    now,
  }

  function open(stored: unknown, options: CallOptions<FacebookCredentials> = {}): FacebookCall {
    const credentials = readFacebookCredentials(stored)
    const client = new MetaGraphClient({
      network: 'facebook',
      fetch,
      baseUrl: graphBaseUrl,
      accessToken: credentials.accessToken,
      ...(settings.app?.clientSecret && { appSecret: settings.app.clientSecret }),
      accountKey: credentials.pageId,
      accountLabel: facebookPageLabel(credentials),
      gate,
      timeoutMs,
      now,
      ...(options.signal && { signal: options.signal }),
    })
    return { client, credentials, webUrl }
  }

  return {
    specificationVersion: 'v1',
    id: 'facebook',
    name: 'Facebook',
    capabilities: FACEBOOK_CAPABILITIES,
    validate: validateFacebookDraft,
    publish: (credentials, draft, options) =>
      publishFacebookDraft(open(credentials, options), draft),
    delete: (credentials, id, options) => deleteFacebookPost(open(credentials, options), id),
    like: (credentials, id, options) => likeFacebookObject(open(credentials, options), id),
    fetchPost: (credentials, id, options) => fetchFacebookPost(open(credentials, options), id),
    fetchMetrics: (credentials, ids, options) =>
      fetchFacebookMetrics(open(credentials, options), ids),
    fetchFollowerCount: (credentials, options) =>
      fetchFacebookFollowerCount(open(credentials, options)),
    fetchMentions: (credentials, request, options) =>
      fetchFacebookMentions(open(credentials, options), request),
    startConnect: (request) => startFacebookConnect(connect, request),
    finishConnect: (request) => finishFacebookConnect(connect, request),
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
