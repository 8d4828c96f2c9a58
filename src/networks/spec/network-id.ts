/** Every social network Murmur knows, by the id used in the database, the API and the UI. */
export const NETWORK_IDS = [
  'x',
  'facebook',
  'instagram',
  'linkedin',
  'threads',
  'mastodon',
  'bluesky',
] as const

export type NetworkId = (typeof NETWORK_IDS)[number]

/** How each network is named to people (messages, docs, UI). */
export const NETWORK_NAMES: Readonly<Record<NetworkId, string>> = {
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  threads: 'Threads',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
}

export function isNetworkId(value: unknown): value is NetworkId {
  return typeof value === 'string' && (NETWORK_IDS as readonly string[]).includes(value)
}
