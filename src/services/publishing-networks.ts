import type { Murmur } from '../murmur.js'
import type { NetworkCredentials, NetworkId, SocialNetworkV1 } from '../networks/spec/index.js'
import { createRealNetworks } from './network-instances.js'

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
 * The networks publishing speaks to. Production uses the networks layer (src/networks), built by
 * network-instances.ts from settings tests can override (`installNetworkSettings`); tests may
 * also install a fake with `installNetworks`, so no test ever reaches a real network by accident.
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
    networks = createRealNetworks(murmur)
    installed.set(murmur, networks)
  }
  return networks
}
