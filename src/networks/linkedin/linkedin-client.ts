import type { OAuthTokenManager } from '../oauth/oauth-token-manager.js'
import type { RefreshLock } from '../spec/call-options.js'
import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import type { LinkedInCredentials } from './linkedin-credentials.js'
import {
  type LinkedInAction,
  linkedInResponseFailure,
  linkedInTransportFailure,
} from './linkedin-failure.js'

export interface LinkedInClientOptions {
  fetch: FetchFunction
  /** `https://api.linkedin.com` */
  apiUrl: string
  webUrl: string
  /** `LinkedIn-Version`, YYYYMM. */
  version: string
  timeoutMs: number
  now: () => number
  tokens: OAuthTokenManager
  /** Trades the refresh token for new credentials (approved apps only). */
  refresh: (credentials: LinkedInCredentials) => Promise<LinkedInCredentials>
  onCredentialsChanged?: (next: LinkedInCredentials) => void | Promise<void>
  /** The channel's refresh lock across processes (`CallOptions.refreshLock`). */
  refreshLock?: RefreshLock
  signal?: AbortSignal
}

export interface LinkedInRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Under the API host, e.g. `/rest/posts`; or an absolute upload URL. */
  path: string
  query?: Readonly<Record<string, string | undefined>>
  json?: unknown
  /** Raw bytes (image upload). */
  bytes?: { data: Uint8Array; type: string }
  action: LinkedInAction
  idempotent: boolean
}

export interface LinkedInAnswer<Body> {
  status: number
  body: Body
  headers: Headers
}

/**
 * The versioned REST API for one call: `LinkedIn-Version` and `X-Restli-Protocol-Version: 2.0.0`
 * on every request, the token kept fresh through the shared manager (refreshed only when LinkedIn
 * gave a refresh token), one retry after a 401 when it did, every failure a NetworkError.
 */
export class LinkedInClient {
  #credentials: LinkedInCredentials
  readonly #options: LinkedInClientOptions

  constructor(credentials: LinkedInCredentials, options: LinkedInClientOptions) {
    this.#credentials = credentials
    this.#options = options
  }

  get credentials(): LinkedInCredentials {
    return this.#credentials
  }

  get webUrl(): string {
    return this.#options.webUrl
  }

  get now(): () => number {
    return this.#options.now
  }

  async request<Body>(request: LinkedInRequest): Promise<LinkedInAnswer<Body>> {
    await this.#freshen(false)
    let response = await this.#send(request)
    if (response.status === 401 && this.#credentials.refreshToken) {
      await response.body?.cancel()
      await this.#freshen(true)
      response = await this.#send(request)
    }
    if (!response.ok) {
      throw await linkedInResponseFailure(response, {
        action: request.action,
        idempotent: request.idempotent,
        ...(this.#credentials.name && { account: this.#credentials.name }),
        now: this.#options.now(),
      })
    }
    let text: string
    try {
      text = await response.text()
    } catch (error) {
      throw linkedInTransportFailure(error, request.idempotent)
    }
    let body: unknown = {}
    if (text !== '') {
      try {
        body = JSON.parse(text)
      } catch (error) {
        throw new NetworkError({
          network: 'linkedin',
          kind: request.idempotent ? 'retryable' : 'outcome_unknown',
          status: response.status,
          body: text.slice(0, 4000),
          message: `LinkedIn: the server gave an answer Murmur does not understand (HTTP ${response.status})`,
          cause: error,
        })
      }
    }
    return { status: response.status, body: body as Body, headers: response.headers }
  }

  async #freshen(force: boolean) {
    const { tokens, refresh, onCredentialsChanged, refreshLock } = this.#options
    this.#credentials = await tokens.ensureFresh({
      network: 'linkedin',
      key: `linkedin:${this.#credentials.author}`,
      credentials: this.#credentials,
      refresh,
      force,
      ...(this.#credentials.name && { accountLabel: this.#credentials.name }),
      ...(onCredentialsChanged && { onCredentialsChanged }),
      ...(refreshLock && { refreshLock }),
    })
  }

  async #send(request: LinkedInRequest): Promise<Response> {
    const { fetch, apiUrl, version, timeoutMs, signal } = this.#options
    const url = new URL(request.path.startsWith('http') ? request.path : `${apiUrl}${request.path}`)
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value)
    }
    const headers = new Headers({
      authorization: `Bearer ${this.#credentials.accessToken}`,
      'linkedin-version': version,
      'x-restli-protocol-version': '2.0.0',
    })
    let body: RequestInit['body']
    if (request.json !== undefined) {
      headers.set('content-type', 'application/json')
      body = JSON.stringify(request.json)
    } else if (request.bytes) {
      headers.set('content-type', request.bytes.type)
      body = request.bytes.data as Uint8Array<ArrayBuffer>
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
      throw linkedInTransportFailure(error, request.idempotent)
    }
  }
}
