import { createBluesky } from '../../src/networks/index.js'
import {
  type MentionPage,
  type MetricsById,
  NetworkError,
  type NetworkErrorKind,
  type NetworkId,
  type PostMetrics,
  type SocialNetworkV1,
} from '../../src/networks/spec/index.js'
import { createX } from '../../src/networks/x/index.js'
import type { PublishingNetworks } from '../../src/services/publishing-networks.js'

export interface FakeMetricsCredentials {
  account: string
  token: string
}

export interface MetricsFailure {
  kind: NetworkErrorKind
  status?: number
  retryAfterMs?: number
}

/**
 * A network that only answers reads, for the metrics job: posts with numbers a test sets, the
 * real capabilities of the network it stands for (so Bluesky reports no impressions, X does),
 * a follower count, scripted failures of every class, and a log of every call. Publishing is
 * not its business (test/publishing/fake-network.ts is).
 */
export class FakeMetricsNetwork implements SocialNetworkV1<FakeMetricsCredentials> {
  readonly specificationVersion = 'v1' as const
  readonly name: string
  readonly capabilities: SocialNetworkV1['capabilities']
  /** Numbers per post id; a post missing here is deleted on the network. */
  readonly metrics = new Map<string, PostMetrics>()
  readonly metricCalls: string[][] = []
  readonly followerCalls: string[] = []
  /** Follower count per account; undefined = the network does not report it. */
  followers: Map<string, number> | undefined
  readonly revoked = new Set<string>()
  #failures: MetricsFailure[] = []

  constructor(readonly id: NetworkId = 'bluesky') {
    const real = id === 'x' ? createX() : createBluesky()
    this.name = real.name
    this.capabilities = real.capabilities
  }

  setMetrics(id: string, metrics: PostMetrics): void {
    // Only what the network offers is ever reported, as the adapters do.
    const offered = Object.fromEntries(
      Object.entries(metrics).filter(([name]) =>
        (this.capabilities.metrics as readonly string[]).includes(name),
      ),
    )
    this.metrics.set(id, offered)
  }

  failNext(...failures: MetricsFailure[]): void {
    this.#failures.push(...failures)
  }

  validate = () => []
  publish = () => Promise.reject(new Error('the metrics fake does not publish'))
  delete = () => Promise.reject(new Error('the metrics fake does not delete'))
  fetchPost = () => Promise.resolve(null)
  fetchMentions = (): Promise<MentionPage> => Promise.resolve({ items: [] })

  async fetchMetrics(credentials: FakeMetricsCredentials, ids: readonly string[]) {
    this.#check(credentials)
    this.metricCalls.push([...ids])
    const answer: Record<string, PostMetrics> = {}
    for (const id of ids) {
      const found = this.metrics.get(id)
      if (found) answer[id] = { ...found }
    }
    return answer as MetricsById
  }

  async fetchFollowerCount(credentials: FakeMetricsCredentials): Promise<number | null> {
    this.#check(credentials)
    this.followerCalls.push(credentials.account)
    return this.followers?.get(credentials.account) ?? null
  }

  asNetworks(): PublishingNetworks {
    return {
      get: (id) => (id === this.id ? (this as unknown as SocialNetworkV1) : undefined),
      signInWithAppPassword: () => Promise.reject(new Error('not here')),
    }
  }

  #check(credentials: FakeMetricsCredentials): void {
    if (this.revoked.has(credentials.account)) {
      throw new NetworkError({
        network: this.id,
        kind: 'auth_expired',
        status: 401,
        message: `${this.name}: the connection expired or was revoked`,
      })
    }
    const failure = this.#failures.shift()
    if (failure) {
      const wait = failure.retryAfterMs
      throw new NetworkError({
        network: this.id,
        kind: failure.kind,
        status: failure.status ?? (failure.kind === 'retryable' ? 429 : 400),
        ...(wait !== undefined && { retryAfterMs: wait }),
        message:
          failure.kind === 'retryable'
            ? `${this.name}: rate limit reached${wait === undefined ? '' : `; try again in ${Math.ceil(wait / 1000)} s`}`
            : `${this.name}: refused (HTTP ${failure.status ?? 400})`,
      })
    }
  }
}
