/**
 * Instagram and Threads tokens live 60 days and are renewed with themselves (no separate refresh
 * token): `GET /refresh_access_token?grant_type=ig_refresh_token|th_refresh_token` while the
 * token is still valid and at least 24 hours old. Murmur renews a week before expiry, through
 * the shared OAuth token manager (one refresh at a time per channel, rotation handed back for
 * storage, a refused refresh turned into "needs reconnect").
 */
import { OAuthTokenManager } from '../oauth/oauth-token-manager.js'
import type { NetworkId } from '../spec/network-id.js'

const DAY = 24 * 60 * 60_000

/** Renew this long before the 60 days are up, so a quiet week never loses a channel. */
export const META_REFRESH_MARGIN_MS = 7 * DAY
/** Meta refuses to renew a token younger than this. */
export const META_MIN_REFRESH_AGE_MS = DAY

/** The process-wide manager for 60-day Meta tokens (a wider margin than the shared default). */
export const sharedLongLivedTokenManager = new OAuthTokenManager({
  refreshMarginMs: META_REFRESH_MARGIN_MS,
})

export interface LongLivedCredentials {
  accessToken: string
  /** ISO 8601. */
  expiresAt?: string
  /** ISO 8601: when this token was issued, to respect the 24-hour minimum age. */
  issuedAt?: string
}

export interface LongLivedRequest<Credentials extends LongLivedCredentials> {
  manager: OAuthTokenManager
  network: NetworkId
  key: string
  credentials: Credentials
  /** Calls the refresh endpoint with the current token. */
  refresh: (credentials: Credentials) => Promise<Credentials>
  onCredentialsChanged?: (next: Credentials) => void | Promise<void>
  /** Renew now (an idle channel), unless the token is too young for Meta to accept. */
  force?: boolean
  accountLabel?: string
  now: () => number
}

/** Credentials whose token is good for at least the margin, renewed when needed. */
export async function ensureFreshLongLived<Credentials extends LongLivedCredentials>(
  request: LongLivedRequest<Credentials>,
): Promise<Credentials> {
  const { credentials } = request
  const issuedAt = Date.parse(credentials.issuedAt ?? '')
  const tooYoung = Number.isFinite(issuedAt) && request.now() - issuedAt < META_MIN_REFRESH_AGE_MS
  if (request.force && tooYoung) return credentials
  // The token renews itself: present it to the manager as the refresh token.
  const asRefreshable = (value: Credentials) => ({ ...value, refreshToken: value.accessToken })
  const withoutRefresh = (value: Credentials & { refreshToken?: string }): Credentials => {
    const { refreshToken: _, ...rest } = value
    return rest as unknown as Credentials
  }
  const fresh = await request.manager.ensureFresh({
    network: request.network,
    key: request.key,
    credentials: asRefreshable(credentials),
    refresh: async (current) => asRefreshable(await request.refresh(withoutRefresh(current))),
    ...(request.onCredentialsChanged && {
      onCredentialsChanged: (next: Credentials & { refreshToken?: string }) =>
        request.onCredentialsChanged?.(withoutRefresh(next)),
    }),
    ...(request.force && { force: true }),
    ...(request.accountLabel && { accountLabel: request.accountLabel }),
  })
  return withoutRefresh(fresh)
}
