import type { RefreshLock } from '../spec/call-options.js'
import { NetworkError } from '../spec/network-error.js'
import { NETWORK_NAMES, type NetworkId } from '../spec/network-id.js'
import { KeyedMutex } from './keyed-mutex.js'

/** The part of a channel's credentials the manager reads. */
export interface RefreshableTokens {
  accessToken: string
  refreshToken?: string
  /** ISO 8601; absent when the access token does not expire. */
  expiresAt?: string
}

export interface FreshTokensRequest<Credentials extends RefreshableTokens> {
  network: NetworkId
  /**
   * The channel: refreshes with the same key never overlap. Adapters build it from the account
   * (`x:<user id>`), since network calls receive credentials, not channel ids.
   */
  key: string
  credentials: Credentials
  /** Trades the refresh token for new credentials; throws NetworkError. */
  refresh: (credentials: Credentials) => Promise<Credentials>
  /** Awaited before the new tokens are used, so a rotated refresh token is never lost. */
  onCredentialsChanged?: (next: Credentials) => void | Promise<void>
  /**
   * Refresh even though the expiry says the token is fine: the network just answered 401 to
   * `credentials.accessToken` (revoked, or expired early).
   */
  force?: boolean
  /** Who to name in messages, e.g. "@bakery". */
  accountLabel?: string
  /**
   * The channel's lock across processes (`CallOptions.refreshLock`). Without it, refreshes are
   * one at a time per key in this process only.
   */
  refreshLock?: RefreshLock
}

export interface OAuthTokenManagerOptions {
  now?: () => number
  /** Refresh this long before expiry, so a request never races it. Default 5 minutes. */
  refreshMarginMs?: number
  /**
   * How long a finished rotation is remembered, so a call that started with the previous
   * credentials gets the new ones instead of spending a dead refresh token. Default 10 minutes.
   */
  rotationMemoryMs?: number
}

interface Rotation {
  credentials: RefreshableTokens
  rememberedUntil: number
}

/**
 * Keeps OAuth access tokens fresh: refreshes before expiry, one refresh at a time per channel,
 * hands rotated tokens to the caller for storage, and turns a refused refresh into
 * `auth_expired` with a "needs reconnect" reason.
 *
 * @example
 * const credentials = await tokens.ensureFresh({
 *   network: 'x', key: `x:${stored.userId}`, credentials: stored,
 *   refresh: (current) => refreshXTokens(current),
 *   onCredentialsChanged: (next) => channels.saveCredentials(channelId, next),
 * })
 */
export class OAuthTokenManager {
  readonly #mutex = new KeyedMutex()
  /** Previous refresh (or access) token → what replaced it. */
  readonly #rotations = new Map<string, Rotation>()
  readonly #now: () => number
  readonly #refreshMarginMs: number
  readonly #rotationMemoryMs: number

  constructor(options: OAuthTokenManagerOptions = {}) {
    this.#now = options.now ?? Date.now
    this.#refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000
    this.#rotationMemoryMs = options.rotationMemoryMs ?? 10 * 60_000
  }

  /** True when the access token expires within the margin (or already has). */
  expiresSoon(credentials: RefreshableTokens): boolean {
    if (!credentials.expiresAt) return false
    const expiresAt = Date.parse(credentials.expiresAt)
    if (!Number.isFinite(expiresAt)) return true
    return expiresAt - this.#now() < this.#refreshMarginMs
  }

  /** Credentials whose access token is good for at least the margin. */
  async ensureFresh<Credentials extends RefreshableTokens>(
    request: FreshTokensRequest<Credentials>,
  ): Promise<Credentials> {
    if (!request.force && !this.expiresSoon(request.credentials)) return request.credentials
    return this.#mutex.run(request.key, async () => {
      // Someone else may have rotated these very tokens while we waited for the lock.
      const rotated = this.#rotationOf(request.credentials)
      if (rotated) return { ...request.credentials, ...rotated } as Credentials
      if (!request.force && !this.expiresSoon(request.credentials)) return request.credentials
      return request.refreshLock ? this.#refreshLocked(request) : this.#refresh(request)
    })
  }

  /**
   * Under the channel's lock across processes: when the stored tokens are no longer the ones
   * this call started with, another process renewed them while we waited, and they are used as
   * they are (refreshing again would spend a rotated refresh token twice). Otherwise this
   * process refreshes, and the new tokens are stored before the lock is let go.
   */
  async #refreshLocked<Credentials extends RefreshableTokens>(
    request: FreshTokensRequest<Credentials>,
  ): Promise<Credentials> {
    const lock = request.refreshLock!
    const given = request.credentials
    const next = await lock(async (held) => {
      const current = { ...given, ...tokensOf(held.stored) } as Credentials
      const renewedElsewhere =
        current.accessToken !== given.accessToken ||
        (current.refreshToken ?? '') !== (given.refreshToken ?? '')
      if (renewedElsewhere && !this.expiresSoon(current)) return current
      const { onCredentialsChanged: _, ...refresh } = request
      const renewed = await this.#refresh({ ...refresh, credentials: current })
      await held.save(renewed)
      return renewed
    })
    this.#remember(given, next)
    await request.onCredentialsChanged?.(next)
    return next
  }

  async #refresh<Credentials extends RefreshableTokens>(
    request: FreshTokensRequest<Credentials>,
  ): Promise<Credentials> {
    const { network, credentials } = request
    const name = NETWORK_NAMES[network]
    const who = request.accountLabel ? ` to ${request.accountLabel}` : ''
    if (!credentials.refreshToken) {
      throw new NetworkError({
        network,
        kind: 'auth_expired',
        reason: 'needs reconnect: the access token expired and there is no refresh token',
        message: `${name}: the connection${who} expired and cannot be renewed; the channel needs reconnect`,
      })
    }
    let next: Credentials
    try {
      next = await request.refresh(credentials)
    } catch (error) {
      if (NetworkError.isInstance(error) && error.kind === 'auth_expired') {
        const detail = error.reason ? ` (${error.reason})` : ''
        throw new NetworkError({
          ...error.toOptions(),
          reason: `needs reconnect: ${name} refused the refresh token${detail}`,
          message: `${name}: Murmur could not renew the connection${who}${detail}; the channel needs reconnect`,
          cause: error,
        })
      }
      throw error
    }
    this.#remember(credentials, next)
    await request.onCredentialsChanged?.(next)
    return next
  }

  #rotationOf(credentials: RefreshableTokens): RefreshableTokens | undefined {
    const key = credentials.refreshToken ?? credentials.accessToken
    const rotation = this.#rotations.get(key)
    if (!rotation) return undefined
    if (rotation.rememberedUntil <= this.#now()) {
      this.#rotations.delete(key)
      return undefined
    }
    return rotation.credentials
  }

  #remember(previous: RefreshableTokens, next: RefreshableTokens) {
    const now = this.#now()
    for (const [key, rotation] of this.#rotations) {
      if (rotation.rememberedUntil <= now) this.#rotations.delete(key)
    }
    const { accessToken, refreshToken, expiresAt } = next
    this.#rotations.set(previous.refreshToken ?? previous.accessToken, {
      credentials: {
        accessToken,
        ...(refreshToken && { refreshToken }),
        ...(expiresAt && { expiresAt }),
      },
      rememberedUntil: now + this.#rotationMemoryMs,
    })
  }
}

/** The token fields of stored credentials (whatever else they carry). */
function tokensOf(stored: unknown): Partial<RefreshableTokens> {
  const record = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<
    string,
    unknown
  >
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '')
  return {
    ...(text('accessToken') && { accessToken: text('accessToken') }),
    ...(text('refreshToken') && { refreshToken: text('refreshToken') }),
    ...(text('expiresAt') && { expiresAt: text('expiresAt') }),
  }
}

/** The process-wide manager networks use unless given their own (tests inject a clock). */
export const sharedTokenManager = new OAuthTokenManager()
