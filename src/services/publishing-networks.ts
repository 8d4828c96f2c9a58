import type { Murmur } from '../murmur.js'
import { createBluesky, isNetworkAvailable, NETWORK_NAMES } from '../networks/index.js'
import type { NetworkCredentials, NetworkId, SocialNetworkV1 } from '../networks/spec/index.js'

/** What an app-password sign-in gives: credentials to seal and the account they reach. */
export interface SignedInAccount {
  credentials: NetworkCredentials
  /** The network's stable id of the account (a DID on Bluesky). */
  accountId: string
  handle: string
  displayName?: string
  avatarUrl?: string
  serviceUrl?: string
}

export interface AppPasswordSignIn {
  identifier: string
  password: string
  service?: string
  signal?: AbortSignal
}

/**
 * The networks publishing speaks to. Production uses the networks layer (src/networks); tests
 * install a fake with `installNetworks`, so no test ever reaches a real network by accident.
 */
export interface PublishingNetworks {
  get(id: NetworkId): SocialNetworkV1 | undefined
  /** Networks that sign in with a handle and an app password (Bluesky). */
  signInWithAppPassword(id: NetworkId, request: AppPasswordSignIn): Promise<SignedInAccount>
}

const installed = new WeakMap<Murmur, PublishingNetworks>()

/** Replaces the networks one Murmur instance uses (tests, benchmarks). */
export function installNetworks(murmur: Murmur, networks: PublishingNetworks): void {
  installed.set(murmur, networks)
}

export function networksOf(murmur: Murmur): PublishingNetworks {
  let networks = installed.get(murmur)
  if (!networks) {
    networks = realNetworks()
    installed.set(murmur, networks)
  }
  return networks
}

function realNetworks(): PublishingNetworks {
  const bluesky = createBluesky()
  return {
    get: (id) => (id === 'bluesky' ? bluesky : undefined),
    async signInWithAppPassword(id, request) {
      if (id !== 'bluesky' || !isNetworkAvailable(id)) {
        throw new Error(`${NETWORK_NAMES[id]} does not sign in with an app password`)
      }
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
