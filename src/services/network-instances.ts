import type { Murmur } from '../murmur.js'
import {
  type BlueskyNetwork,
  isNetworkAvailable,
  NETWORK_NAMES,
  networkFactories,
} from '../networks/index.js'
import type {
  CallOptions,
  NetworkCredentials,
  NetworkId,
  SocialNetworkV1,
} from '../networks/spec/index.js'
import {
  type NetworkSettingsId,
  networkSettings,
  networkSettingsVersion,
} from './network-settings.js'
import { type OAuthApp, oauthNetwork } from './oauth-networks.js'
import type { PublishingNetworks } from './publishing-networks.js'

/**
 * Where a channel connected with a workspace's own app keeps that app, inside its sealed
 * credentials: renewing its tokens needs the same client. Channels connected with the
 * environment's app carry nothing and follow MURMUR_<NETWORK>_CLIENT_ID.
 */
export const CARRIED_APP_KEY = 'murmurApp'

export function carriedApp(credentials: NetworkCredentials): OAuthApp | undefined {
  const value = credentials[CARRIED_APP_KEY] as Record<string, unknown> | undefined
  if (typeof value?.clientId !== 'string' || value.clientId === '') return undefined
  return {
    clientId: value.clientId,
    ...(typeof value.clientSecret === 'string' && { clientSecret: value.clientSecret }),
  }
}

/** The operator's app for a network, from MURMUR_<NETWORK>_CLIENT_ID / _SECRET. */
export function environmentApp(murmur: Murmur, id: NetworkId): OAuthApp | undefined {
  return (murmur.config.networkApps as Partial<Record<NetworkId, OAuthApp>>)[id]
}

/**
 * The networks layer as publishing, the inbox and the API use it in production: one adapter per
 * network, built from `networkSettings` (so tests can point them at fakes), rebuilt when those
 * settings change.
 */
export function createRealNetworks(murmur: Murmur): PublishingNetworks {
  let version = -1
  let built = new Map<NetworkId, SocialNetworkV1>()
  const network = (id: NetworkSettingsId): SocialNetworkV1 => {
    const current = networkSettingsVersion(murmur)
    if (current !== version) {
      built = new Map()
      version = current
    }
    let found = built.get(id)
    if (!found) {
      found = buildNetwork(murmur, id)
      built.set(id, found)
    }
    return found
  }
  return {
    get: (id) => (isNetworkAvailable(id) ? network(id) : undefined),
    async signInWithAppPassword(id, request) {
      if (id !== 'bluesky') {
        throw new Error(`${NETWORK_NAMES[id]} does not sign in with an app password`)
      }
      // buildNetwork keeps each factory's own object: this is createBluesky's.
      const bluesky = network('bluesky') as BlueskyNetwork
      const credentials = await bluesky.signIn(request)
      return {
        credentials,
        accountId: credentials.did,
        handle: credentials.handle,
        serviceUrl: credentials.service,
      }
    },
  }
}

function buildNetwork(murmur: Murmur, id: NetworkSettingsId): SocialNetworkV1 {
  const settings = networkSettings(murmur, id)
  const factory = networkFactories[id] as (settings?: unknown) => SocialNetworkV1
  const entry = oauthNetwork(id)
  const withApp = entry?.withApp
  if (!withApp) return factory(settings)
  const fallback = environmentApp(murmur, id)
  return withCarriedApp((app) => {
    const chosen = app ?? fallback
    return factory(chosen ? withApp(settings, chosen) : settings)
  })
}

/**
 * One adapter per app: calls go to the adapter built with the app the channel's credentials
 * carry (or the environment's), and rotated credentials keep carrying it.
 */
export function withCarriedApp(
  build: (app: OAuthApp | undefined) => SocialNetworkV1,
): SocialNetworkV1 {
  const fallback = build(undefined)
  const byApp = new Map<string, SocialNetworkV1>()
  const pick = (credentials: NetworkCredentials) => {
    const app = carriedApp(credentials)
    if (!app) return { network: fallback, app }
    const key = `${app.clientId}\n${app.clientSecret ?? ''}`
    let network = byApp.get(key)
    if (!network) {
      network = build(app)
      byApp.set(key, network)
    }
    return { network, app }
  }
  const carry = (app: OAuthApp | undefined, next: NetworkCredentials): NetworkCredentials =>
    app ? { ...next, [CARRIED_APP_KEY]: app } : next
  const withCarry = (
    app: OAuthApp | undefined,
    options: CallOptions<NetworkCredentials> | undefined,
  ): CallOptions<NetworkCredentials> | undefined => {
    const changed = options?.onCredentialsChanged
    if (!app || !changed) return options
    return { ...options, onCredentialsChanged: (next) => changed(carry(app, next)) }
  }
  const refresh = fallback.refreshCredentials
  const reshares = fallback.fetchReshares
  const like = fallback.like
  const followerCount = fallback.fetchFollowerCount
  return {
    specificationVersion: fallback.specificationVersion,
    id: fallback.id,
    name: fallback.name,
    capabilities: fallback.capabilities,
    validate: (draft) => fallback.validate(draft),
    publish(credentials, draft, options) {
      const { network, app } = pick(credentials)
      return network.publish(credentials, draft, withCarry(app, options))
    },
    delete(credentials, id, options) {
      const { network, app } = pick(credentials)
      return network.delete(credentials, id, withCarry(app, options))
    },
    fetchPost(credentials, id, options) {
      const { network, app } = pick(credentials)
      return network.fetchPost(credentials, id, withCarry(app, options))
    },
    fetchMetrics(credentials, ids, options) {
      const { network, app } = pick(credentials)
      return network.fetchMetrics(credentials, ids, withCarry(app, options))
    },
    fetchMentions(credentials, request, options) {
      const { network, app } = pick(credentials)
      return network.fetchMentions(credentials, request, withCarry(app, options))
    },
    ...(like && {
      like(credentials, id, options) {
        const { network, app } = pick(credentials)
        return network.like!(credentials, id, withCarry(app, options))
      },
    }),
    ...(reshares && {
      fetchReshares(credentials, postId, request, options) {
        const { network, app } = pick(credentials)
        return network.fetchReshares!(credentials, postId, request, withCarry(app, options))
      },
    }),
    ...(followerCount && {
      fetchFollowerCount(credentials, options) {
        const { network, app } = pick(credentials)
        return network.fetchFollowerCount!(credentials, withCarry(app, options))
      },
    }),
    ...(refresh && {
      async refreshCredentials(credentials, options) {
        const { network, app } = pick(credentials)
        const next = await network.refreshCredentials?.(credentials, withCarry(app, options))
        return carry(app, next ?? credentials)
      },
    }),
  }
}
