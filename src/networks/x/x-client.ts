import type { OAuthTokenManager } from '../oauth/oauth-token-manager.js'
import type { RefreshLock } from '../spec/call-options.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import type { XCredentials } from './x-credentials.js'
import { type XAction, xResponseFailure, xTransportFailure } from './x-failure.js'

export interface XClientOptions {
  fetch: FetchFunction
  apiBaseUrl: string
  webUrl: string
  timeoutMs: number
  now: () => number
  tokens: OAuthTokenManager
  /** Trades the refresh token for new credentials (the token endpoint call). */
  refresh: (credentials: XCredentials) => Promise<XCredentials>
  onCredentialsChanged?: (next: XCredentials) => void | Promise<void>
  /** The channel's refresh lock across processes (`CallOptions.refreshLock`). */
  refreshLock?: RefreshLock
  signal?: AbortSignal
}

export interface XRequest {
  method: 'GET' | 'POST' | 'DELETE'
  /** Path under the API base, e.g. `/2/tweets`. */
  path: string
  query?: Readonly<Record<string, string | undefined>>
  json?: unknown
  form?: FormData
  /** What X refuses, in messages: "X refused the post: …". */
  action: XAction
  /** True when repeating the request cannot duplicate anything. */
  idempotent: boolean
}

export interface XAnswer<Body> {
  status: number
  body: Body
  headers: Headers
}

/**
 * The X API for one method call: bearer token kept fresh through the shared token manager, one
 * retry after a 401 with a refreshed token, every failure turned into a NetworkError.
 */
export class XClient {
  #credentials: XCredentials
  readonly #options: XClientOptions

  constructor(credentials: XCredentials, options: XClientOptions) {
    this.#credentials = credentials
    this.#options = options
  }

  get credentials(): XCredentials {
    return this.#credentials
  }

  get webUrl(): string {
    return this.#options.webUrl
  }

  get now(): () => number {
    return this.#options.now
  }

  async request<Body>(request: XRequest): Promise<XAnswer<Body>> {
    await this.#freshen(false)
    let response = await this.#send(request)
    if (response.status === 401) {
      await response.body?.cancel()
      await this.#freshen(true)
      response = await this.#send(request)
    }
    if (!response.ok) {
      throw await xResponseFailure(response, {
        action: request.action,
        idempotent: request.idempotent,
        now: this.#options.now(),
      })
    }
    const text = await this.#readBody(response, request)
    let body: unknown = {}
    if (text !== '') {
      try {
        body = JSON.parse(text)
      } catch (error) {
        throw new NetworkError({
          network: 'x',
          kind: request.idempotent ? 'retryable' : 'outcome_unknown',
          status: response.status,
          body: text.slice(0, 4000),
          message: `X: the server gave an answer Murmur does not understand (HTTP ${response.status})`,
          cause: error,
        })
      }
    }
    return { status: response.status, body: body as Body, headers: response.headers }
  }

  async #freshen(force: boolean) {
    const { tokens, refresh, onCredentialsChanged, refreshLock } = this.#options
    const credentials = this.#credentials
    this.#credentials = await tokens.ensureFresh({
      network: 'x',
      key: `x:${credentials.userId}`,
      credentials,
      refresh,
      force,
      accountLabel: credentials.username ? `@${credentials.username}` : undefined,
      ...(onCredentialsChanged && { onCredentialsChanged }),
      ...(refreshLock && { refreshLock }),
    })
  }

  async #send(request: XRequest): Promise<Response> {
    const { fetch, apiBaseUrl, timeoutMs, signal } = this.#options
    const url = new URL(`${apiBaseUrl}${request.path}`)
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value)
    }
    const headers = new Headers({ authorization: `Bearer ${this.#credentials.accessToken}` })
    let body: RequestInit['body']
    if (request.json !== undefined) {
      headers.set('content-type', 'application/json')
      body = JSON.stringify(request.json)
    } else if (request.form) {
      body = request.form
    }
    const timeout = AbortSignal.timeout(timeoutMs)
    try {
      return await fetch(url, {
        method: request.method,
        headers,
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      })
    } catch (error) {
      throw xTransportFailure(error, request.idempotent)
    }
  }

  async #readBody(response: Response, request: XRequest): Promise<string> {
    try {
      return await response.text()
    } catch (error) {
      throw xTransportFailure(error, request.idempotent)
    }
  }
}
