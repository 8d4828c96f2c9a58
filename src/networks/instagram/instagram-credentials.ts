import { NetworkError } from '../spec/network-error.js'

/**
 * An Instagram professional account connected with Instagram Login: its id, handle, account type
 * and 60-day token (renewed with itself at least 24 hours after it was issued).
 */
export type InstagramCredentials = {
  /** The professional account's id (`user_id` of `/me`), used in every publishing path. */
  userId: string
  username: string
  /** BUSINESS or MEDIA_CREATOR: only professional accounts can be connected. */
  accountType: string
  accessToken: string
  /** ISO 8601. */
  expiresAt?: string
  /** ISO 8601; Instagram refuses to renew a token younger than 24 hours. */
  issuedAt?: string
  scopes: string[]
}

export function readInstagramCredentials(value: unknown): InstagramCredentials {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '')
  const scopes = Array.isArray(record.scopes)
    ? record.scopes.filter((scope): scope is string => typeof scope === 'string')
    : []
  const credentials: InstagramCredentials = {
    userId: text('userId'),
    username: text('username'),
    accountType: text('accountType'),
    accessToken: text('accessToken'),
    ...(text('expiresAt') && { expiresAt: text('expiresAt') }),
    ...(text('issuedAt') && { issuedAt: text('issuedAt') }),
    scopes,
  }
  const missing = (['userId', 'accessToken'] as const).filter((key) => credentials[key] === '')
  if (missing.length > 0) {
    throw new NetworkError({
      network: 'instagram',
      kind: 'auth_expired',
      reason: 'needs reconnect: the stored connection is incomplete',
      message: `Instagram: the stored connection is incomplete (no ${missing.join(', ')}); the channel needs reconnect`,
    })
  }
  return credentials
}
