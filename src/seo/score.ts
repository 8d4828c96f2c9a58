import type { Finding } from './findings.js'
import { type Severity, seoRule } from './rules.js'

/** Most a single rule can cost, before its impact and reach scale it down. */
const SEVERITY_WEIGHT: Record<Severity, number> = { error: 20, warning: 8, info: 2 }

/**
 * One number for a run, 0–100, to follow over time (docs/site-check.md, "Score"). Each rule found
 * costs its severity's weight × impact/100, half of it for being there at all and half in
 * proportion to the share of pages it affects; a home page that cannot be read scores 0. Counting
 * rules rather than findings keeps a site with one broken footer link on 50 pages from scoring
 * like a site with 50 different problems.
 */
export function siteScore(findings: readonly Finding[], pagesChecked: number): number {
  if (findings.some((item) => item.ruleId === 'home-unreachable')) return 0
  const pagesByRule = new Map<string, Set<string>>()
  for (const item of findings) {
    const pages = pagesByRule.get(item.ruleId) ?? new Set<string>()
    pages.add(item.pageUrl)
    pagesByRule.set(item.ruleId, pages)
  }
  let penalty = 0
  for (const [ruleId, pages] of pagesByRule) {
    const rule = seoRule(ruleId as Finding['ruleId'])
    const share = Math.min(1, pages.size / Math.max(1, pagesChecked))
    penalty += SEVERITY_WEIGHT[rule.severity] * (rule.impact / 100) * (0.5 + 0.5 * share)
  }
  return Math.max(0, Math.min(100, Math.round(100 - penalty)))
}
