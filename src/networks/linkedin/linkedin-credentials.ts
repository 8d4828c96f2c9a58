import { NetworkError } from '../spec/network-error.js'

/**
 * A LinkedIn member (or organization) Murmur posts as. Access tokens live 60 days; most apps get
 * no refresh token, so the owner reconnects before day 60 (see `connectionExpiry`).
 */
export type LinkedInCredentials = {
  /** `urn:li:person:{id}` (from OpenID `sub`) or `urn:li:organization:{id}`. */
  author: string
  name: string
  accessToken: string
  /** ISO 8601. */
  expiresAt?: string
  /** Only for apps LinkedIn approved for programmatic refresh. */
  refreshToken?: string
  /** ISO 8601: refresh tokens live 365 days from the first authorization, not extended. */
  refreshTokenExpiresAt?: string
  scopes: string[]
}

export function readLinkedInCredentials(value: unknown): LinkedInCredentials {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '')
  const scopes = Array.isArray(record.scopes)
    ? record.scopes.filter((scope): scope is string => typeof scope === 'string')
    : []
  const credentials: LinkedInCredentials = {
    author: text('author'),
    name: text('name'),
    accessToken: text('accessToken'),
    ...(text('expiresAt') && { expiresAt: text('expiresAt') }),
    ...(text('refreshToken') && { refreshToken: text('refreshToken') }),
    ...(text('refreshTokenExpiresAt') && { refreshTokenExpiresAt: text('refreshTokenExpiresAt') }),
    scopes,
  }
  const missing = (['author', 'accessToken'] as const).filter((key) => credentials[key] === '')
  if (missing.length > 0 || !/^urn:li:(person|organization):/.test(credentials.author)) {
    throw new NetworkError({
      network: 'linkedin',
      kind: 'auth_expired',
      reason: 'needs reconnect: the stored connection is incomplete',
      message: `LinkedIn: the stored connection is incomplete (no ${missing.join(', ') || 'author URN'}); the channel needs reconnect`,
    })
  }
  return credentials
}
