/** A run is `running` until its report is stored (`done`) or it could not check the site (`failed`). */
export type SiteCheckStatus = 'running' | 'done' | 'failed'

/**
 * One run of the site check on a workspace's website (docs/site-check.md). The report (pages and
 * ranked findings) is JSON text so both databases store it alike; times are epoch milliseconds.
 */
export interface SiteChecksTable {
  workspace_id: string
  id: string
  /** The address asked for, normalised. */
  site_url: string
  /** The home page's address after redirects, once known. */
  home_url: string | null
  status: SiteCheckStatus
  max_pages: number
  /** Progress while running: pages fetched out of pages found so far. */
  pages_done: number
  pages_total: number
  /** 0–100 once done (src/seo/score.ts). */
  score: number | null
  error_count: number
  warning_count: number
  info_count: number
  pages_checked: number
  not_checked: number
  /** Why a failed run could not check the site, in words for the owner. */
  failure: string | null
  /** JSON StoredSiteCheckReport once done. */
  report: string | null
  started_by: string | null
  created_at: number
  /** Last progress written: a running row left unchanged for long was orphaned by a stopped process. */
  updated_at: number
  finished_at: number | null
}

export interface SiteChecksTables {
  site_checks: SiteChecksTable
}
