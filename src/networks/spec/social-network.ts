import type { CallOptions } from './call-options.js'
import type { NetworkCapabilities } from './network-capabilities.js'
import type { Draft } from './network-draft.js'
import type { NetworkId } from './network-id.js'
import type { MentionPage, MentionRequest } from './network-mention.js'
import type { Problem } from './network-problem.js'
import type { ResharePage, ReshareRequest } from './network-reshare.js'
import type { MetricsById } from './post-metrics.js'
import type { FetchedPost, PublishResult } from './publish-result.js'

/** What a channel's stored credentials look like to the rest of Murmur: a JSON object. */
export type NetworkCredentials = Readonly<Record<string, unknown>>

/**
 * Version 1 of the contract every network implements. Methods throw `NetworkError` for anything
 * the network or the wire did; other exceptions are bugs.
 *
 * @example
 * const network = createBluesky({ fetch })
 * const problems = network.validate(draft)
 * const { parts } = await network.publish(credentials, draft, {
 *   onCredentialsChanged: (next) => channels.saveCredentials(channelId, next),
 * })
 */
export interface SocialNetworkV1<Credentials extends object = NetworkCredentials> {
  readonly specificationVersion: 'v1'
  readonly id: NetworkId
  /** Name shown to people, e.g. "Bluesky". */
  readonly name: string
  readonly capabilities: NetworkCapabilities

  /** Everything this network would refuse (errors) or that deserves a look (warnings). */
  validate(draft: Draft): Problem[]

  /**
   * Publishes every part in order (a thread), then the first comment. Refuses a draft with
   * validation errors before sending anything. On failure the NetworkError's `progress` says
   * which parts exist.
   */
  publish(
    credentials: Credentials,
    draft: Draft,
    options?: CallOptions<Credentials>,
  ): Promise<PublishResult>

  /** Deletes one published post. Deleting a post that is already gone succeeds. */
  delete(credentials: Credentials, id: string, options?: CallOptions<Credentials>): Promise<void>

  /** Reads one post back; `null` when it does not exist (used to settle `outcome_unknown`). */
  fetchPost(
    credentials: Credentials,
    id: string,
    options?: CallOptions<Credentials>,
  ): Promise<FetchedPost | null>

  /** Current numbers for each post id; metrics the network does not offer are absent. */
  fetchMetrics(
    credentials: Credentials,
    ids: readonly string[],
    options?: CallOptions<Credentials>,
  ): Promise<MetricsById>

  /** Mentions, replies, quotes and comments the account received, newest first. */
  fetchMentions(
    credentials: Credentials,
    request: MentionRequest,
    options?: CallOptions<Credentials>,
  ): Promise<MentionPage>

  /**
   * Likes one message the account received (`NetworkMention.id`) as the account. Liking a message
   * already liked succeeds. Absent on networks whose API offers no like (Instagram, Threads).
   */
  like?(credentials: Credentials, id: string, options?: CallOptions<Credentials>): Promise<void>

  /**
   * Who reshared one of the account's posts (or a quote of it), where the network says so: Bluesky
   * reposts and quotes, Mastodon boosts. Word of mouth makes them edges of share trees. Absent on
   * networks that do not say who reshared.
   */
  fetchReshares?(
    credentials: Credentials,
    postId: string,
    request: ReshareRequest,
    options?: CallOptions<Credentials>,
  ): Promise<ResharePage>

  /**
   * How many followers the account has now, where the network says so: read once a day by the
   * metrics job for follower growth. `null` when the network does not give it for this kind of
   * account (e.g. a LinkedIn member profile); absent on networks that never give it.
   */
  fetchFollowerCount?(
    credentials: Credentials,
    options?: CallOptions<Credentials>,
  ): Promise<number | null>

  /**
   * Trades the credentials for fresh ones, for networks whose tokens expire. Schedulers call it
   * for channels that have been idle for long (a Bluesky refresh token dies after 90 days unused).
   */
  refreshCredentials?(
    credentials: Credentials,
    options?: CallOptions<Credentials>,
  ): Promise<Credentials>
}
