import { type Finding, findingKey } from './findings.js'

export interface SiteCheckComparison {
  /** In the new run only. */
  added: Finding[]
  /** In the last run only: fixed (or no longer reached). */
  fixed: Finding[]
  /** In both. */
  remaining: Finding[]
}

/** What changed between two runs of the check on the same site. */
export function compareRuns(
  previous: readonly Finding[],
  current: readonly Finding[],
): SiteCheckComparison {
  const before = new Set(previous.map(findingKey))
  const now = new Set(current.map(findingKey))
  return {
    added: current.filter((item) => !before.has(findingKey(item))),
    fixed: previous.filter((item) => !now.has(findingKey(item))),
    remaining: current.filter((item) => before.has(findingKey(item))),
  }
}
