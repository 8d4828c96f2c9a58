export {
  validateXDraft,
  X_CAPABILITIES,
  X_MAX_ALT_TEXT,
  X_MAX_IMAGE_BYTES,
  X_MAX_IMAGES,
  X_POST_PRICE_USD,
  X_POST_WITH_URL_PRICE_USD,
} from './x-capabilities.js'
export {
  X_SCOPES,
  type XAppCredentials,
  type XConnectFinish,
  type XConnectStart,
} from './x-connect.js'
export { readXCredentials, type XCredentials } from './x-credentials.js'
export { parseXErrorBody, plainXReason, xRetryAfterMs } from './x-failure.js'
export { createX, type XNetwork, type XSettings } from './x-network.js'
export type { XMentionRequest } from './x-reads.js'
export { countXText, findXUrls, X_MAX_WEIGHTED_LENGTH } from './x-text.js'
