import { DAY_MS } from './visitor.js'

/**
 * How a conversion's credit is shared among the clicks that led to it
 * (definitions in docs/links.md, after Google Ads and Matomo):
 * last touch (default), first touch, linear, time decay with a 7-day
 * half-life, and position based (40% first, 40% last, 20% shared by the middle).
 */
export const ATTRIBUTION_MODELS = [
  'last_touch',
  'first_touch',
  'linear',
  'time_decay',
  'position_based',
] as const
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number]

export const DEFAULT_LOOKBACK_DAYS = 30
export const TIME_DECAY_HALF_LIFE_MS = 7 * DAY_MS

export interface Touchpoint {
  clickId: string
  at: number
}

/**
 * The clicks that count for a conversion at `conversionAt`: those within the
 * lookback window before it, each once, oldest first.
 */
export function touchpointsFor<T extends Touchpoint>(
  candidates: readonly T[],
  conversionAt: number,
  lookbackMs = DEFAULT_LOOKBACK_DAYS * DAY_MS,
): T[] {
  const seen = new Set<string>()
  return candidates
    .filter((t) => t.at <= conversionAt && t.at >= conversionAt - lookbackMs)
    .sort((a, b) => a.at - b.at || (a.clickId < b.clickId ? -1 : 1))
    .filter((t) => {
      if (seen.has(t.clickId)) return false
      seen.add(t.clickId)
      return true
    })
}

/**
 * Credit per touchpoint (same order as `times`, oldest first); the credits add
 * up to 1, or the list is empty when there is no touchpoint.
 */
export function attributionCredits(
  times: readonly number[],
  conversionAt: number,
  model: AttributionModel,
): number[] {
  const n = times.length
  if (n === 0) return []
  if (n === 1) return [1]
  switch (model) {
    case 'last_touch':
      return times.map((_, i) => (i === n - 1 ? 1 : 0))
    case 'first_touch':
      return times.map((_, i) => (i === 0 ? 1 : 0))
    case 'linear':
      return times.map(() => 1 / n)
    case 'time_decay': {
      const weights = times.map(
        (at) => 2 ** (-Math.max(0, conversionAt - at) / TIME_DECAY_HALF_LIFE_MS),
      )
      const total = weights.reduce((sum, w) => sum + w, 0)
      return weights.map((w) => w / total)
    }
    case 'position_based':
      if (n === 2) return [0.5, 0.5]
      return times.map((_, i) => (i === 0 || i === n - 1 ? 0.4 : 0.2 / (n - 2)))
  }
}
