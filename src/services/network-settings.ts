import type { Murmur } from '../murmur.js'
import type { NetworkSettingsById } from '../networks/index.js'
import type { DraftMedia } from '../networks/spec/index.js'
import { publicMediaUrl } from './network-public-media.js'

export type NetworkSettingsId = keyof NetworkSettingsById

/** Settings that replace the defaults of some networks, e.g. base URLs of a local fake. */
export type NetworkSettingsOverrides = {
  [Id in NetworkSettingsId]?: Partial<NetworkSettingsById[Id]>
}

const overrides = new WeakMap<Murmur, { settings: NetworkSettingsOverrides; version: number }>()
let versions = 0

/**
 * The one hook through which a Murmur instance builds its network adapters: tests point the
 * adapters at the local fakes here (X's `apiBaseUrl`, Mastodon's `allowLocalInstances`), and
 * every network built afterwards (publishing, inbox, OAuth connections) uses these settings.
 */
export function installNetworkSettings(murmur: Murmur, settings: NetworkSettingsOverrides): void {
  versions++
  overrides.set(murmur, { settings, version: versions })
}

/** Changes whenever the settings change, so built networks can be dropped and built again. */
export function networkSettingsVersion(murmur: Murmur): number {
  return overrides.get(murmur)?.version ?? 0
}

/**
 * Settings for one network's factory: Murmur's defaults, then the installed overrides. App
 * credentials are not part of this: they depend on the channel (see oauth-networks.ts).
 */
export function networkSettings<Id extends NetworkSettingsId>(
  murmur: Murmur,
  id: Id,
): NetworkSettingsById[Id] {
  const defaults: { [Key in NetworkSettingsId]?: Partial<NetworkSettingsById[Key]> } = {
    // Shown next to the app's name on the instance's "authorized apps" page.
    mastodon: { clientName: 'Murmur', website: murmur.config.publicUrl },
    // Meta downloads images from Murmur's public address: GET /m/<signed, expiring token>.
    instagram: { publicUrl: murmur.config.publicUrl, publicMediaUrl: servePublicly(murmur) },
    threads: { publicUrl: murmur.config.publicUrl, publicMediaUrl: servePublicly(murmur) },
    // A Bluesky PDS is whatever address people type: only the operator's own hosts may be private.
    bluesky: { allowPrivateNetworkHosts: murmur.config.allowPrivateNetworkHosts },
  }
  return {
    ...defaults[id],
    ...overrides.get(murmur)?.settings[id],
  } as NetworkSettingsById[Id]
}

/** Instagram and Threads download each image from a signed address under MURMUR_PUBLIC_URL. */
const servePublicly = (murmur: Murmur) => (media: DraftMedia) => {
  if (!media.stored) throw new Error('only media from the media library can be served publicly')
  return publicMediaUrl(murmur, media.stored)
}
