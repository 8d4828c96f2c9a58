/**
 * OAuth 2.0 pieces the networks share: the authorization URL with state and PKCE, the callback
 * check, the token endpoint call, and the token manager that keeps access tokens fresh.
 */
export { KeyedMutex } from './keyed-mutex.js'
export {
  AuthorizationCallbackError,
  type AuthorizationCallbackFailure,
  type AuthorizationRequest,
  type AuthorizationStart,
  type CallbackQuery,
  readAuthorizationCallback,
  startAuthorization,
} from './oauth-authorization.js'
export {
  type FreshTokensRequest,
  OAuthTokenManager,
  type OAuthTokenManagerOptions,
  type RefreshableTokens,
  sharedTokenManager,
} from './oauth-token-manager.js'
export {
  type OAuthClientCredentials,
  type OAuthTokenRequest,
  type OAuthTokenSet,
  requestOAuthTokens,
} from './oauth-token-request.js'
