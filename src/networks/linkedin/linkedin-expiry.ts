import type { LinkedInCredentials } from './linkedin-credentials.js'

const DAY = 24 * 60 * 60_000

/** Warn the owner this long before the 60-day token ends. */
export const LINKEDIN_RECONNECT_NOTICE_MS = 7 * DAY

/** When a LinkedIn channel stops working, and when to tell its owner. */
export interface LinkedInConnectionExpiry {
  /** ISO 8601: the access token's end (60 days after connecting). */
  expiresAt?: string
  /** ISO 8601: from when the app should show "reconnect LinkedIn before …". */
  warnFrom?: string
  /**
   * True when Murmur renews the token itself (LinkedIn gave a refresh token, for approved
   * partners; it lives 365 days from the first connection): then `expiresAt` is the refresh
   * token's end instead.
   */
  renewable: boolean
  /** True once `warnFrom` has passed. */
  reconnectSoon: boolean
}

/**
 * Most LinkedIn apps get no refresh token: the owner must connect again before day 60. The app
 * reads this for every LinkedIn channel (e.g. daily) and shows a reconnect notice from
 * `warnFrom`.
 */
export function linkedInConnectionExpiry(
  credentials: Pick<LinkedInCredentials, 'expiresAt' | 'refreshToken' | 'refreshTokenExpiresAt'>,
  now: number = Date.now(),
  noticeMs: number = LINKEDIN_RECONNECT_NOTICE_MS,
): LinkedInConnectionExpiry {
  const renewable = Boolean(credentials.refreshToken)
  const end = renewable ? credentials.refreshTokenExpiresAt : credentials.expiresAt
  const endsAt = Date.parse(end ?? '')
  if (!Number.isFinite(endsAt)) return { renewable, reconnectSoon: false }
  const warnFrom = endsAt - noticeMs
  return {
    expiresAt: new Date(endsAt).toISOString(),
    warnFrom: new Date(warnFrom).toISOString(),
    renewable,
    reconnectSoon: now >= warnFrom,
  }
}
