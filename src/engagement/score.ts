import type { MessageKind } from '../storage/tables/engagement.js'

/**
 * The engagement score: points for each thing a contact did, halving every 30 days, so it says
 * how engaged someone is now rather than ever. A message is 1 point, a quote (sharing the
 * business's post with their own audience) 2, a lead 5, a sale 10. Stored as points at a time,
 * so adding one event is one update and reading decays it to now.
 */
export const HALF_LIFE_MS = 30 * 24 * 3_600_000

export const POINTS = {
  message: 1,
  quote: 2,
  lead: 5,
  sale: 10,
} as const

export const messagePoints = (kind: MessageKind) =>
  kind === 'quote' ? POINTS.quote : POINTS.message

/** Points worth `points` at `at`, seen from `now`. */
export function decay(points: number, at: number, now: number): number {
  if (now <= at) return points
  return points * 2 ** (-(now - at) / HALF_LIFE_MS)
}

/** Adds `points` earned at `eventAt` to a stored score, giving the new stored pair. */
export function addPoints(
  stored: { points: number; at: number },
  points: number,
  eventAt: number,
): { points: number; at: number } {
  const at = Math.max(stored.at, eventAt)
  return { points: decay(stored.points, stored.at, at) + decay(points, eventAt, at), at }
}

/** The score people see: points now, one decimal. */
export function scoreNow(stored: { points: number; at: number }, now: number): number {
  return Math.round(decay(stored.points, stored.at, now) * 10) / 10
}
