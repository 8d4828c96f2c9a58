export { mastodonCapabilities, validateMastodonDraft } from './mastodon-capabilities.js'
export {
  MASTODON_SCOPES,
  type MastodonApp,
  type MastodonAuthorizationStart,
  type MastodonConnectFinish,
  type MastodonConnection,
  type MastodonConnectStart,
  normalizeInstanceUrl,
} from './mastodon-connect.js'
export { type MastodonCredentials, readMastodonCredentials } from './mastodon-credentials.js'
export {
  mastodonRetryAfterMs,
  parseMastodonErrorBody,
  plainMastodonReason,
} from './mastodon-failure.js'
export { mastodonHtmlToText, nextMaxIdFromLink } from './mastodon-html.js'
export {
  fetchMastodonInstanceLimits,
  MASTODON_DEFAULT_LIMITS,
  type MastodonInstanceLimits,
} from './mastodon-instance.js'
export { createMastodon, type MastodonNetwork, type MastodonSettings } from './mastodon-network.js'
export type { MastodonVisibility } from './mastodon-publish.js'
export type { MastodonMentionRequest } from './mastodon-reads.js'
export { countMastodonText, MASTODON_DEFAULT_MAX_CHARACTERS } from './mastodon-text.js'
