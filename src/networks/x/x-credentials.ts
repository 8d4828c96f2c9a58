import { NetworkError } from '../spec/network-error.js'

/**
 * What Murmur stores for an X channel (encrypted at rest by the caller). The access token lives
 * 2 hours; every refresh replaces the refresh token too, so persist what `onCredentialsChanged`
 * hands over before anything else.
 */
export type XCredentials = {
  /** The account's numeric id, as a string. */
  userId: string
  /** Handle without the @. */
  username: string
  accessToken: string
  /** Present when the connection asked for `offline.access`. */
  refreshToken?: string
  /** ISO 8601. */
  expiresAt?: string
  scopes: string[]
}

/** Checks stored credentials at the boundary: they come back from the database as plain JSON. */
export function readXCredentials(value: unknown): XCredentials {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '')
  const scopes = Array.isArray(record.scopes)
    ? record.scopes.filter((scope): scope is string => typeof scope === 'string')
    : []
  const credentials: XCredentials = {
    userId: text('userId'),
    username: text('username'),
    accessToken: text('accessToken'),
    ...(text('refreshToken') && { refreshToken: text('refreshToken') }),
    ...(text('expiresAt') && { expiresAt: text('expiresAt') }),
    scopes,
  }
  const missing = (['userId', 'accessToken'] as const).filter((key) => credentials[key] === '')
  if (missing.length > 0) {
    throw new NetworkError({
      network: 'x',
      kind: 'auth_expired',
      reason: 'needs reconnect: the stored connection is incomplete',
      message: `X: the stored connection is incomplete (no ${missing.join(', ')}); the channel needs reconnect`,
    })
  }
  return credentials
}
