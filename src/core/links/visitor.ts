import { hash } from 'node:crypto'

export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

/** The same visitor on the same link within this long counts as one unique click. */
export const UNIQUE_WINDOW_MS = HOUR_MS

export const startOfUtcHour = (at: number) => Math.floor(at / HOUR_MS) * HOUR_MS
export const startOfUtcDay = (at: number) => Math.floor(at / DAY_MS) * DAY_MS

/**
 * A visitor id: a hash of the day's random salt, the workspace, the IP address
 * and the user agent (as Plausible does). The salt changes every UTC day and
 * the old one is deleted, so an id cannot be traced back to an address, and
 * the same person has different ids in different workspaces and on different days.
 */
export function visitorId(
  salt: string,
  workspaceId: string,
  ip: string,
  userAgent: string,
): string {
  return hash(
    'sha256',
    `${salt}\u0000${workspaceId}\u0000${ip}\u0000${userAgent}`,
    'base64url',
  ).slice(0, 22)
}

/** A click is unique unless the visitor's last unique click on the link is less than an hour old. */
export function isUniqueClick(lastUniqueAt: number | undefined, at: number): boolean {
  return lastUniqueAt === undefined || at - lastUniqueAt >= UNIQUE_WINDOW_MS || at < lastUniqueAt
}
