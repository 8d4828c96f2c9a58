/**
 * The networks layer: one versioned contract (`spec/`), one folder per network. The rest of
 * Murmur reaches networks only through this registry and the spec types.
 */
import { type BlueskySettings, createBluesky } from './bluesky/index.js'
import { createFacebook, type FacebookSettings } from './facebook/index.js'
import { createInstagram, type InstagramSettings } from './instagram/index.js'
import { createLinkedIn, type LinkedInSettings } from './linkedin/index.js'
import { createMastodon, type MastodonSettings } from './mastodon/index.js'
import { NETWORK_NAMES, type NetworkId } from './spec/network-id.js'
import type { NetworkCredentials, SocialNetworkV1 } from './spec/social-network.js'
import { createThreads, type ThreadsSettings } from './threads/index.js'
import { createX, type XSettings } from './x/index.js'

export { type BlueskyCredentials, type BlueskyNetwork, createBluesky } from './bluesky/index.js'
export * from './spec/index.js'

/** Settings each network's factory takes; a network joins by adding its entry here. */
export interface NetworkSettingsById {
  bluesky: BlueskySettings
  x: XSettings
  mastodon: MastodonSettings
  facebook: FacebookSettings
  instagram: InstagramSettings
  threads: ThreadsSettings
  linkedin: LinkedInSettings
}

/**
 * Factories of the networks Murmur can speak to today. Each keeps its own return type, so
 * `networkFactories.bluesky()` still offers Bluesky's `signIn`.
 */
export const networkFactories = {
  bluesky: createBluesky,
  x: createX,
  mastodon: createMastodon,
  facebook: createFacebook,
  instagram: createInstagram,
  threads: createThreads,
  linkedin: createLinkedIn,
} satisfies {
  [Id in keyof NetworkSettingsById]: (settings?: NetworkSettingsById[Id]) => SocialNetworkV1
}

export type AvailableNetworkId = keyof typeof networkFactories & NetworkId

export function isNetworkAvailable(id: NetworkId): id is AvailableNetworkId {
  return Object.hasOwn(networkFactories, id)
}

/**
 * Creates the network for `id`. Credentials are typed as plain JSON here (what the database
 * stores); each network checks their shape itself.
 */
export function createNetwork<Id extends AvailableNetworkId>(
  id: Id,
  settings?: NetworkSettingsById[Id],
): SocialNetworkV1<NetworkCredentials> {
  if (!isNetworkAvailable(id)) {
    throw new Error(`${NETWORK_NAMES[id]} is not available in this version of Murmur`)
  }
  const factory: (settings?: NetworkSettingsById[Id]) => SocialNetworkV1 = networkFactories[id]
  return factory(settings)
}
