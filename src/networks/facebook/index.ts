export {
  countFacebookText,
  FACEBOOK_CAPABILITIES,
  FACEBOOK_MAX_IMAGES,
  FACEBOOK_MAX_TEXT_LENGTH,
  validateFacebookDraft,
} from './facebook-capabilities.js'
export {
  FACEBOOK_SCOPES,
  type FacebookAppCredentials,
  type FacebookConnectFinish,
  type FacebookConnection,
  type FacebookConnectStart,
  type FacebookPageChoice,
} from './facebook-connect.js'
export { type FacebookCredentials, readFacebookCredentials } from './facebook-credentials.js'
export {
  createFacebook,
  FACEBOOK_GRAPH_VERSION,
  type FacebookNetwork,
  type FacebookSettings,
} from './facebook-network.js'
