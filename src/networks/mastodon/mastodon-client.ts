import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import { type MastodonCredentials, mastodonAccountLabel } from './mastodon-credentials.js'
import {
  type MastodonAction,
  mastodonResponseFailure,
  mastodonTransportFailure,
} from './mastodon-failure.js'

export interface MastodonClientOptions {
  fetch: FetchFunction
  timeoutMs: number
  now: () => number
  signal?: AbortSignal
}

export type QueryValue = string | readonly string[] | undefined

export interface MastodonRequest {
  method: 'GET' | 'POST' | 'DELETE'
  /** Path under the instance, e.g. `/api/v1/statuses`. */
  path: string
  /** Arrays are sent Rails-style: `types[]=mention&types[]=quote`. */
  query?: Readonly<Record<string, QueryValue>>
  json?: unknown
  form?: FormData
  headers?: Readonly<Record<string, string>>
  action: MastodonAction
  idempotent: boolean
}

export interface MastodonAnswer<Body> {
  status: number
  body: Body
  headers: Headers
}

/** The Mastodon REST API of one channel for one method call; failures become NetworkErrors. */
export class MastodonClient {
  readonly credentials: MastodonCredentials
  readonly #options: MastodonClientOptions

  constructor(credentials: MastodonCredentials, options: MastodonClientOptions) {
    this.credentials = credentials
    this.#options = options
  }

  get now(): () => number {
    return this.#options.now
  }

  async request<Body>(request: MastodonRequest): Promise<MastodonAnswer<Body>> {
    const { fetch, timeoutMs, signal } = this.#options
    const url = new URL(`${this.credentials.instanceUrl}${request.path}`)
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (typeof value === 'string') url.searchParams.set(name, value)
      else for (const item of value ?? []) url.searchParams.append(name, item)
    }
    const headers = new Headers({
      authorization: `Bearer ${this.credentials.accessToken}`,
      accept: 'application/json',
      ...request.headers,
    })
    let body: RequestInit['body']
    if (request.json !== undefined) {
      headers.set('content-type', 'application/json')
      body = JSON.stringify(request.json)
    } else if (request.form) {
      body = request.form
    }
    const timeout = AbortSignal.timeout(timeoutMs)
    let response: Response
    let text: string
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      })
      if (!response.ok) {
        throw await mastodonResponseFailure(response, {
          action: request.action,
          idempotent: request.idempotent,
          account: mastodonAccountLabel(this.credentials),
          now: this.#options.now(),
        })
      }
      text = await response.text()
    } catch (error) {
      if (NetworkError.isInstance(error)) throw error
      throw mastodonTransportFailure(error, request.idempotent)
    }
    try {
      return {
        status: response.status,
        body: (text === '' ? {} : JSON.parse(text)) as Body,
        headers: response.headers,
      }
    } catch (error) {
      throw new NetworkError({
        network: 'mastodon',
        kind: request.idempotent ? 'retryable' : 'outcome_unknown',
        status: response.status,
        body: text.slice(0, 4000),
        message: `Mastodon: the server gave an answer Murmur does not understand (HTTP ${response.status})`,
        cause: error,
      })
    }
  }
}
