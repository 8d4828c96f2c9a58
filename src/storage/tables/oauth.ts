import type { NetworkId } from '../../networks/spec/network-id.js'

/**
 * A developer app a workspace brings for one network (`source: 'settings'`), or the app Murmur
 * registered on a Mastodon instance (`source: 'registered'`, one per instance).
 */
export interface NetworkAppsTable {
  workspace_id: string
  id: string
  network: NetworkId
  /** '' for networks with one app; the instance's origin for Mastodon registrations. */
  instance_url: string
  client_id: string
  /** Sealed with murmur.secrets; null for public clients. */
  client_secret: string | null
  /** The redirect URI the app was registered with (Mastodon). */
  redirect_uri: string | null
  source: 'settings' | 'registered'
  created_by: string | null
  created_at: number
  updated_at: number
}

/**
 * A sign-in sent to a network and waiting for its callback (`started`), or back with several
 * accounts to choose from, such as Facebook Pages (`choosing`). Single use: the callback and the
 * choice each move it on exactly once.
 */
export interface OAuthPendingTable {
  workspace_id: string
  id: string
  network: NetworkId
  state_hash: string
  user_id: string
  /** Set when the sign-in reconnects this channel. */
  channel_id: string | null
  /** Sealed JSON: code verifier, app, redirect URI and what the network needs to finish. */
  payload: string
  status: 'started' | 'choosing' | 'finished'
  /** Sealed JSON: the accounts to choose from, with their credentials. */
  accounts: string | null
  expires_at: number
  created_at: number
}

/** What a channel's network allows when it differs per server (a Mastodon instance's limits). */
export interface ChannelLimitsTable {
  workspace_id: string
  channel_id: string
  /** JSON, as the network adapter reads it (MastodonInstanceLimits). */
  limits: string
  updated_at: number
}

export interface OAuthTables {
  network_apps: NetworkAppsTable
  oauth_pending: OAuthPendingTable
  channel_limits: ChannelLimitsTable
}
