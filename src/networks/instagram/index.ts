export {
  countInstagramText,
  INSTAGRAM_CAPABILITIES,
  INSTAGRAM_MAX_CAPTION,
  INSTAGRAM_MAX_IMAGES,
  validateInstagramDraft,
} from './instagram-capabilities.js'
export {
  INSTAGRAM_SCOPES,
  type InstagramAppCredentials,
  type InstagramConnectFinish,
  type InstagramConnectStart,
} from './instagram-connect.js'
export { type InstagramCredentials, readInstagramCredentials } from './instagram-credentials.js'
export {
  createInstagram,
  type InstagramNetwork,
  type InstagramSettings,
} from './instagram-network.js'
