/** Traffic settings of a workspace: one row, made on first read (src/services/site-settings.ts). */
export interface TrafficSettingsTable {
  workspace_id: string
  /** 1: publishing replaces each URL in a post with a tracked link per delivery. */
  auto_track_links: number
  /** A host name (`go.cornerbakery.example`) whose `/CODE` redirects to this workspace's links. */
  short_domain: string | null
  /** The site script's public key: names the workspace in public requests; not a secret. */
  site_key: string
  /** JSON array of origins (`https://cornerbakery.example`) allowed to use the site key. */
  site_origins: string
  updated_at: number
}

/** A page view reported by the site script. Like clicks: a daily visitor hash, never an address. */
export interface PageViewsTable {
  id: string
  workspace_id: string
  at: number
  visitor_id: string
  /** The `mm` click id the visitor arrived with (kept by the script for the visit), if any. */
  click_id: string | null
  host: string
  path: string
  referrer_host: string | null
}

export interface SiteTrafficTables {
  traffic_settings: TrafficSettingsTable
  page_views: PageViewsTable
}
