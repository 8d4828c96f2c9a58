export type { CallOptions, HeldRefreshLock, RefreshLock } from './call-options.js'
export {
  type HeaderSource,
  type HttpFailure,
  networkErrorFromResponse,
  networkErrorFromTransportFailure,
  retryAfterMsFromHeaders,
  type TransportFailure,
} from './classify-failure.js'
export type { FetchFunction } from './fetch-function.js'
export type {
  AltTextCapabilities,
  MediaCapabilities,
  NetworkCapabilities,
  TextCapabilities,
} from './network-capabilities.js'
export type { Draft, DraftMedia, DraftPart, ReplyTarget } from './network-draft.js'
export {
  findNetworkError,
  NetworkError,
  type NetworkErrorKind,
  type NetworkErrorOptions,
  type PublishProgress,
} from './network-error.js'
export { isNetworkId, NETWORK_IDS, NETWORK_NAMES, type NetworkId } from './network-id.js'
export {
  MENTION_KINDS,
  type MentionAuthor,
  type MentionKind,
  type MentionPage,
  type MentionRequest,
  type NetworkMention,
} from './network-mention.js'
export {
  hasErrors,
  type Problem,
  type ProblemCode,
  type ProblemSeverity,
} from './network-problem.js'
export {
  type NetworkReshare,
  RESHARE_KINDS,
  type ReshareKind,
  type ResharePage,
  type ReshareRequest,
} from './network-reshare.js'
export {
  METRIC_NAMES,
  type MetricName,
  type MetricsById,
  type PostMetrics,
} from './post-metrics.js'
export type { FetchedPost, PublishedPost, PublishResult } from './publish-result.js'
export type { NetworkCredentials, SocialNetworkV1 } from './social-network.js'
