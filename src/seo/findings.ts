import { fillTemplate, type RuleId, type Severity, seoRule, severityRank } from './rules.js'

/** One thing standing between a page and search, as the report, the API and the UI show it. */
export interface Finding {
  ruleId: RuleId
  severity: Severity
  pageUrl: string
  message: string
  why: string
  fix: string
  /** What on the page it is about (a link target, a tag), so two runs can be compared. */
  subject?: string
}

export function finding(
  ruleId: RuleId,
  pageUrl: string,
  values: Record<string, string | number> = {},
  subject?: string,
): Finding {
  const rule = seoRule(ruleId)
  return {
    ruleId,
    severity: rule.severity,
    pageUrl,
    message: fillTemplate(rule.message, values),
    why: rule.why,
    fix: rule.fix,
    ...(subject === undefined ? {} : { subject }),
  }
}

/** Most harmful first: errors, then warnings, then infos; by impact within each; then page order. */
export function rankFindings(findings: Finding[], pageOrder: readonly string[]): Finding[] {
  const position = new Map(pageOrder.map((url, index) => [url, index]))
  return findings
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        severityRank[a.item.severity] - severityRank[b.item.severity] ||
        seoRule(b.item.ruleId).impact - seoRule(a.item.ruleId).impact ||
        (position.get(a.item.pageUrl) ?? 1e9) - (position.get(b.item.pageUrl) ?? 1e9) ||
        a.index - b.index,
    )
    .map(({ item }) => item)
}

/** The identity of a finding across runs. */
export function findingKey(item: Pick<Finding, 'ruleId' | 'pageUrl' | 'subject'>): string {
  return `${item.ruleId}\u0000${item.pageUrl}\u0000${item.subject ?? ''}`
}
