import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import { callSessionProcedure, credentialsFromSession } from './bluesky-auth-calls.js'
import type { BlueskyCredentials } from './bluesky-credentials.js'
import { blueskyResponseFailure, blueskyTransportFailure, nsidOf } from './bluesky-failure.js'

/** Refresh this long before the access token's expiry, so a request never races it. */
const EXPIRY_MARGIN_MS = 60_000

export interface BlueskySessionOptions {
  fetch: FetchFunction
  onCredentialsChanged?: (next: BlueskyCredentials) => void | Promise<void>
  now: () => number
}

/**
 * The session behind one method call, given to @atproto/api's `Agent`. Unlike the library's
 * CredentialSession it awaits `onCredentialsChanged` before going on (so rotated tokens are stored
 * before they are used), and turns every failure into a NetworkError while the raw response is
 * still at hand.
 */
export class BlueskySession {
  #credentials: BlueskyCredentials
  #refreshing: Promise<void> | undefined
  readonly #options: BlueskySessionOptions

  constructor(credentials: BlueskyCredentials, options: BlueskySessionOptions) {
    this.#credentials = credentials
    this.#options = options
  }

  get did(): string {
    return this.#credentials.did
  }

  get credentials(): BlueskyCredentials {
    return this.#credentials
  }

  async fetchHandler(url: string, init: RequestInit): Promise<Response> {
    const nsid = nsidOf(url)
    if (this.#accessTokenExpiresSoon()) await this.refresh(init.signal ?? undefined)
    const token = this.#credentials.accessJwt
    let response = await this.#send(url, init, nsid)
    if (await isExpiredTokenAnswer(response)) {
      // Another call of this session may have refreshed meanwhile.
      if (this.#credentials.accessJwt === token) await this.refresh(init.signal ?? undefined)
      await response.body?.cancel()
      response = await this.#send(url, init, nsid)
    }
    if (!response.ok) throw await blueskyResponseFailure(response, nsid)
    return response
  }

  /** Trades the refresh token for new tokens, once at a time, and waits for them to be stored. */
  refresh(signal?: AbortSignal): Promise<void> {
    this.#refreshing ??= this.#refreshOnce(signal).finally(() => {
      this.#refreshing = undefined
    })
    return this.#refreshing
  }

  async #refreshOnce(signal?: AbortSignal): Promise<void> {
    const previous = this.#credentials
    let answer: Awaited<ReturnType<typeof callSessionProcedure>>
    try {
      answer = await callSessionProcedure(
        this.#options.fetch,
        previous.service,
        'com.atproto.server.refreshSession',
        { bearer: previous.refreshJwt, signal },
      )
    } catch (error) {
      if (NetworkError.isInstance(error) && error.kind === 'auth_expired') {
        throw new NetworkError({
          ...error.toOptions(),
          message: `Bluesky: the connection to @${previous.handle} expired; sign in again with an app password`,
        })
      }
      throw error
    }
    if (answer.did !== previous.did) {
      throw new NetworkError({
        network: 'bluesky',
        kind: 'auth_expired',
        message: `Bluesky: the server answered for another account (${answer.did}); reconnect the channel`,
      })
    }
    this.#credentials = credentialsFromSession(previous.service, answer, previous)
    await this.#options.onCredentialsChanged?.(this.#credentials)
  }

  async #send(url: string, init: RequestInit, nsid: string): Promise<Response> {
    const { pdsUrl, service, accessJwt } = this.#credentials
    const headers = new Headers(init.headers)
    headers.set('authorization', `Bearer ${accessJwt}`)
    try {
      return await this.#options.fetch(new URL(url, pdsUrl ?? service), { ...init, headers })
    } catch (error) {
      throw blueskyTransportFailure(error, nsid)
    }
  }

  #accessTokenExpiresSoon(): boolean {
    const expiresAt = jwtExpiry(this.#credentials.accessJwt)
    return expiresAt !== undefined && expiresAt - this.#options.now() < EXPIRY_MARGIN_MS
  }
}

/** Bluesky says 400 ExpiredToken; some servers (entryway, proxies) say 401. */
async function isExpiredTokenAnswer(response: Response): Promise<boolean> {
  if (response.status === 401) return true
  if (response.status !== 400) return false
  const body = await response
    .clone()
    .json()
    .catch(() => undefined)
  return (body as { error?: unknown } | undefined)?.error === 'ExpiredToken'
}

/** Expiry (ms since epoch) read from the token itself, without verifying it: only a hint. */
function jwtExpiry(jwt: string): number | undefined {
  const payload = jwt.split('.')[1]
  if (!payload) return undefined
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      exp?: unknown
    }
    return typeof exp === 'number' ? exp * 1000 : undefined
  } catch {
    return undefined
  }
}
