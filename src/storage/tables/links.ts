/**
 * Tracked links, their clicks and the conversions attributed to them.
 * Flags are integers (0 or 1) so both databases answer the same values.
 */
export interface LinksTable {
  id: string
  workspace_id: string
  /** '' for Murmur's own host (`/l/CODE`); a custom short domain otherwise. */
  domain: string
  /** Lower case; unique per domain. */
  code: string
  destination: string
  utm_source: string | null
  utm_medium: string | null
  utm_campaign: string | null
  utm_term: string | null
  utm_content: string | null
  /** Open Graph preview shown to link-preview fetchers. */
  title: string | null
  description: string | null
  image_url: string | null
  campaign: string | null
  /** The post delivery this link was made for (publishing owns deliveries; no foreign key). */
  delivery_id: string | null
  /** 1: append the click id (`mm=`) to the destination so conversions can be attributed. */
  track_conversions: number
  expires_at: number | null
  archived_at: number | null
  created_by: string | null
  created_at: number
  updated_at: number
}

/** One visit through a link. Never holds an IP address or a user agent. */
export interface ClicksTable {
  /** The click id handed to the destination as `mm=`. */
  id: string
  workspace_id: string
  link_id: string
  at: number
  /** Salted hash of IP and user agent; the salt changes every UTC day and old salts are deleted. */
  visitor_id: string
  referrer_host: string | null
  /** ISO 3166-1 alpha-2, or null when unknown. */
  country: string | null
  device: string
  browser: string | null
  os: string | null
  is_bot: number
  is_unique: number
  via_qr: number
  /** 1 when the click was added to the rollups as it was stored (it came too late for the rollup job). */
  rolled: number
}

/**
 * Clicks per link per hour, kept forever. Rows with `link_id = ''` hold the
 * whole workspace, so unfiltered dashboards read a few rows per hour.
 */
export interface ClickHourlyTable {
  workspace_id: string
  link_id: string
  /** Start of the UTC hour, epoch milliseconds. */
  hour: number
  clicks: number
  unique_clicks: number
  bot_hits: number
}

/**
 * Counted clicks per link, UTC day and dimension value (country, device,
 * browser, os, referrer, via), kept forever. `link_id = ''` is the workspace.
 */
export interface ClickDailyTable {
  workspace_id: string
  link_id: string
  day: number
  dimension: string
  value: string
  clicks: number
  unique_clicks: number
}

/** How far the rollup job has summed the raw clicks: every click id up to `watermark` is in the rollups. */
export interface ClickRollupStateTable {
  name: string
  watermark: string
  updated_at: number
}

/** The random salt of one UTC day for visitor ids; deleted after the day so ids cannot be recomputed. */
export interface VisitorSaltsTable {
  day: number
  salt: string
  created_at: number
}

export interface ConversionsTable {
  id: string
  workspace_id: string
  kind: 'lead' | 'sale'
  event_name: string | null
  /** Integer minor units (cents) of `currency`; null for leads. */
  amount: number | null
  currency: string | null
  click_id: string | null
  customer_id: string | null
  /** Caller's id for the event (an invoice id for a sale): one conversion per external id and kind. */
  external_id: string | null
  source: 'api' | 'script'
  occurred_at: number
  created_at: number
}

/** The clicks a conversion is attributed to, fixed when it arrives (raw clicks may expire later). */
export interface ConversionTouchpointsTable {
  workspace_id: string
  conversion_id: string
  click_id: string
  link_id: string
  at: number
}

export interface LinksTables {
  links: LinksTable
  clicks: ClicksTable
  click_hourly: ClickHourlyTable
  click_daily: ClickDailyTable
  click_rollup_state: ClickRollupStateTable
  visitor_salts: VisitorSaltsTable
  conversions: ConversionsTable
  conversion_touchpoints: ConversionTouchpointsTable
}
