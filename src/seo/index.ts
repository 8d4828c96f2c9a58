export { compareRuns, type SiteCheckComparison } from './compare.js'
export { type Finding, findingKey } from './findings.js'
export { type RuleId, type SeoRule, type Severity, seoRule, seoRules } from './rules.js'
export { siteScore } from './score.js'
export {
  type CheckedPage,
  runSiteCheck,
  type SiteCheckOptions,
  type SiteCheckProgress,
  type SiteCheckReport,
  siteCheckDefaults,
} from './site-check.js'
