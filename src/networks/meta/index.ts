/**
 * What Facebook, Instagram and Threads share on Meta's Graph API platform: the error body in one
 * plain sentence, usage headers and throttle codes, the client, OAuth by hand, media containers
 * and public media addresses. Only those three networks import it.
 */
export { type ContainerPolling, waitForContainer } from './meta-container.js'
export {
  appSecretProof,
  MetaGraphClient,
  type MetaGraphClientOptions,
  type MetaGraphRequest,
} from './meta-graph-client.js'
export {
  isMetaMissingObject,
  type MetaAction,
  type MetaGraphError,
  metaFailureFromBody,
  parseMetaErrorBody,
  plainMetaReason,
} from './meta-graph-error.js'
export { readInsightValues } from './meta-insights.js'
export type { MetaNetworkId } from './meta-network-id.js'
export {
  type MetaTokenAnswer,
  requestMetaToken,
  startMetaAuthorization,
} from './meta-oauth.js'
export {
  isPrivateHost,
  type PublicMediaSettings,
  type PublicMediaUrl,
  publicMediaProblem,
} from './meta-public-media.js'
export {
  isMetaThrottleCode,
  META_FALLBACK_WAIT_MS,
  type MetaUsage,
  MetaUsageGate,
  metaThrottleWaitMs,
  readMetaUsage,
  sharedMetaUsageGate,
} from './meta-usage.js'
