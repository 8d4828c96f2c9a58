import { NetworkError } from '../spec/network-error.js'

/**
 * A Threads profile: its id, handle and long-lived token (60 days, renewed with itself at least
 * 24 hours after it was issued and before it expires).
 */
export type ThreadsCredentials = {
  userId: string
  username: string
  accessToken: string
  /** ISO 8601. */
  expiresAt?: string
  /** ISO 8601; Threads refuses to renew a token younger than 24 hours. */
  issuedAt?: string
  scopes: string[]
}

export function readThreadsCredentials(value: unknown): ThreadsCredentials {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '')
  const scopes = Array.isArray(record.scopes)
    ? record.scopes.filter((scope): scope is string => typeof scope === 'string')
    : []
  const credentials: ThreadsCredentials = {
    userId: text('userId'),
    username: text('username'),
    accessToken: text('accessToken'),
    ...(text('expiresAt') && { expiresAt: text('expiresAt') }),
    ...(text('issuedAt') && { issuedAt: text('issuedAt') }),
    scopes,
  }
  const missing = (['userId', 'accessToken'] as const).filter((key) => credentials[key] === '')
  if (missing.length > 0) {
    throw new NetworkError({
      network: 'threads',
      kind: 'auth_expired',
      reason: 'needs reconnect: the stored connection is incomplete',
      message: `Threads: the stored connection is incomplete (no ${missing.join(', ')}); the channel needs reconnect`,
    })
  }
  return credentials
}
