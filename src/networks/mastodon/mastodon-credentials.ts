import { NetworkError } from '../spec/network-error.js'

/**
 * What Murmur stores for a Mastodon channel (encrypted at rest by the caller). Mastodon tokens do
 * not expire and there is no refresh token: the token works until someone revokes it.
 */
export type MastodonCredentials = {
  /** The instance's base URL, e.g. `https://mastodon.social`. */
  instanceUrl: string
  accountId: string
  /** Local username, without @ or domain. */
  username: string
  accessToken: string
  scopes: string[]
  /** The app Murmur registered on this instance: needed to revoke the token on disconnect. */
  clientId?: string
  clientSecret?: string
}

/** "@bakery@mastodon.social". */
export function mastodonAccountLabel(credentials: MastodonCredentials): string {
  return `@${credentials.username}@${new URL(credentials.instanceUrl).host}`
}

/** Checks stored credentials at the boundary: they come back from the database as plain JSON. */
export function readMastodonCredentials(value: unknown): MastodonCredentials {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '')
  const credentials: MastodonCredentials = {
    instanceUrl: text('instanceUrl').replace(/\/+$/, ''),
    accountId: text('accountId'),
    username: text('username'),
    accessToken: text('accessToken'),
    scopes: Array.isArray(record.scopes)
      ? record.scopes.filter((scope): scope is string => typeof scope === 'string')
      : [],
    ...(text('clientId') && { clientId: text('clientId') }),
    ...(text('clientSecret') && { clientSecret: text('clientSecret') }),
  }
  const missing = (['instanceUrl', 'accountId', 'accessToken'] as const).filter(
    (key) => credentials[key] === '',
  )
  if (missing.length > 0 || !URL.canParse(credentials.instanceUrl)) {
    throw new NetworkError({
      network: 'mastodon',
      kind: 'auth_expired',
      reason: 'needs reconnect: the stored connection is incomplete',
      message: `Mastodon: the stored connection is incomplete (no ${missing.join(', ') || 'valid instance URL'}); the channel needs reconnect`,
    })
  }
  return credentials
}
