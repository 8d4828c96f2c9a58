import { NetworkError } from '../spec/network-error.js'

/**
 * One connected Facebook Page: its id, name and Page access token. A Page token obtained from a
 * long-lived user token does not expire; it dies when the person changes their password, loses
 * their role on the Page or removes Murmur, and then the channel needs reconnect.
 */
export type FacebookCredentials = {
  pageId: string
  pageName: string
  accessToken: string
  /** The person who connected the Page (app-scoped Facebook user id). */
  userId?: string
  scopes: string[]
}

/** Checks stored credentials at the boundary: they come back from the database as plain JSON. */
export function readFacebookCredentials(value: unknown): FacebookCredentials {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '')
  const scopes = Array.isArray(record.scopes)
    ? record.scopes.filter((scope): scope is string => typeof scope === 'string')
    : []
  const credentials: FacebookCredentials = {
    pageId: text('pageId'),
    pageName: text('pageName'),
    accessToken: text('accessToken'),
    ...(text('userId') && { userId: text('userId') }),
    scopes,
  }
  const missing = (['pageId', 'accessToken'] as const).filter((key) => credentials[key] === '')
  if (missing.length > 0) {
    throw new NetworkError({
      network: 'facebook',
      kind: 'auth_expired',
      reason: 'needs reconnect: the stored connection is incomplete',
      message: `Facebook: the stored connection is incomplete (no ${missing.join(', ')}); the channel needs reconnect`,
    })
  }
  return credentials
}

/** "the Page Corner Bakery", for messages. */
export function facebookPageLabel(credentials: FacebookCredentials): string {
  return credentials.pageName ? `the Page ${credentials.pageName}` : `Page ${credentials.pageId}`
}
