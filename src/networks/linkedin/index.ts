export {
  LINKEDIN_CAPABILITIES,
  LINKEDIN_MAX_COMMENT_LENGTH,
  LINKEDIN_MAX_IMAGES,
  validateLinkedInDraft,
} from './linkedin-capabilities.js'
export {
  LINKEDIN_SCOPES,
  type LinkedInAppCredentials,
  type LinkedInConnectFinish,
  type LinkedInConnectStart,
} from './linkedin-connect.js'
export { type LinkedInCredentials, readLinkedInCredentials } from './linkedin-credentials.js'
export {
  LINKEDIN_RECONNECT_NOTICE_MS,
  type LinkedInConnectionExpiry,
  linkedInConnectionExpiry,
} from './linkedin-expiry.js'
export {
  msUntilMidnightUtc,
  parseLinkedInErrorBody,
  plainLinkedInReason,
} from './linkedin-failure.js'
export {
  countLinkedInText,
  fromLittleText,
  LINKEDIN_MAX_TEXT_LENGTH,
  toLittleText,
} from './linkedin-little-text.js'
export {
  createLinkedIn,
  LINKEDIN_API_VERSION,
  type LinkedInNetwork,
  type LinkedInSettings,
} from './linkedin-network.js'
