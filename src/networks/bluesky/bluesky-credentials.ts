import { NetworkError } from '../spec/network-error.js'

/**
 * What Murmur stores for a Bluesky channel (encrypted at rest by the caller). Tokens rotate:
 * persist the value handed to `onCredentialsChanged`.
 */
export type BlueskyCredentials = {
  did: string
  handle: string
  /** Where the account signs in and refreshes: the entryway (https://bsky.social) or its own PDS. */
  service: string
  /** The account's own PDS, from its DID document; other requests go there directly. */
  pdsUrl?: string
  /** Lives about 2 hours. */
  accessJwt: string
  /** Lives 90 days; each refresh replaces it and the old one dies 2 hours later. */
  refreshJwt: string
}

/** Checks stored credentials at the boundary: they come back from the database as plain JSON. */
export function readBlueskyCredentials(value: unknown): BlueskyCredentials {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '')
  const credentials: BlueskyCredentials = {
    did: text('did'),
    handle: text('handle'),
    service: text('service'),
    accessJwt: text('accessJwt'),
    refreshJwt: text('refreshJwt'),
    ...(text('pdsUrl') && { pdsUrl: text('pdsUrl') }),
  }
  const missing = (['did', 'service', 'accessJwt', 'refreshJwt'] as const).filter(
    (key) => credentials[key] === '',
  )
  if (missing.length > 0) {
    throw new NetworkError({
      network: 'bluesky',
      kind: 'auth_expired',
      message: `Bluesky: the stored connection is incomplete (no ${missing.join(', ')}); reconnect the channel`,
    })
  }
  return credentials
}
