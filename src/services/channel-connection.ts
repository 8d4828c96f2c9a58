/**
 * When a channel's connection ends. Tokens of X (2 hours), Instagram and Threads (60 days) are
 * renewed by Murmur; LinkedIn's 60-day tokens cannot be renewed by most apps, so the owner must
 * reconnect before then. Both ends are copied out of the sealed credentials into columns, so the
 * renewal job and the channel list read them without opening every channel's secrets.
 */
import {
  LINKEDIN_RECONNECT_NOTICE_MS,
  linkedInConnectionExpiry,
  readLinkedInCredentials,
} from '../networks/linkedin/index.js'
import type { NetworkCredentials, NetworkId } from '../networks/spec/index.js'

/** Owners see "reconnect soon" this long before the connection ends (LinkedIn: from day 53). */
export const RECONNECT_NOTICE_MS = LINKEDIN_RECONNECT_NOTICE_MS

export interface ConnectionColumns {
  token_expires_at: number | null
  reconnect_by: number | null
}

const timeOf = (value: unknown): number | null => {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN
  return Number.isFinite(time) ? time : null
}

/** The columns to store next to freshly sealed credentials. */
export function connectionColumns(
  network: NetworkId,
  credentials: NetworkCredentials,
): ConnectionColumns {
  const tokenExpiresAt = timeOf(credentials.expiresAt)
  if (network !== 'linkedin') return { token_expires_at: tokenExpiresAt, reconnect_by: null }
  let expiry: ReturnType<typeof linkedInConnectionExpiry>
  try {
    expiry = linkedInConnectionExpiry(readLinkedInCredentials(credentials))
  } catch {
    return { token_expires_at: tokenExpiresAt, reconnect_by: null }
  }
  return { token_expires_at: tokenExpiresAt, reconnect_by: timeOf(expiry.expiresAt) }
}

/** What the channel list shows about a connection that will end. */
export interface ConnectionNotice {
  /** True from `reconnect_by` minus the notice period until the owner reconnects. */
  reconnect_soon: boolean
  /** A sentence for the owner, or null. */
  reconnect_message: string | null
}

export function connectionNotice(
  channel: { reconnect_by: number | null; status: string },
  now: number,
): ConnectionNotice {
  const by = channel.reconnect_by
  if (by === null || channel.status !== 'active' || now < by - RECONNECT_NOTICE_MS) {
    return { reconnect_soon: false, reconnect_message: null }
  }
  const days = Math.max(0, Math.ceil((by - now) / (24 * 60 * 60_000)))
  const when = days === 0 ? 'today' : days === 1 ? 'within a day' : `in ${days} days`
  return {
    reconnect_soon: true,
    reconnect_message: `This connection ends ${when} (${new Date(by).toISOString().slice(0, 10)}) and cannot be renewed automatically; reconnect it before then so posts keep going out.`,
  }
}
