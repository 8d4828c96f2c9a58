import { createHmac } from 'node:crypto'
import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import {
  type MetaAction,
  metaFailureFromBody,
  metaTransportFailure,
  parseMetaErrorBody,
} from './meta-graph-error.js'
import { type MetaNetworkId, metaNetworkName } from './meta-network-id.js'
import { isMetaThrottleCode, type MetaUsageGate, metaThrottleWaitMs } from './meta-usage.js'

export interface MetaGraphClientOptions {
  network: MetaNetworkId
  fetch: FetchFunction
  /** With the version: `https://graph.facebook.com/v25.0`, `https://graph.threads.net/v1.0`. */
  baseUrl: string
  accessToken: string
  /**
   * Murmur's app secret: sent as `appsecret_proof` (HMAC-SHA256 of the token), which Meta
   * requires when the app enables "Require App Secret". Facebook only.
   */
  appSecret?: string
  /** The account the token acts for, to hold calls while Meta throttles it. */
  accountKey: string
  /** "the Page Corner Bakery", "@cornerbakery": who to name in messages. */
  accountLabel?: string
  gate: MetaUsageGate
  timeoutMs: number
  now: () => number
  signal?: AbortSignal
}

type Params = Readonly<Record<string, string | undefined>>

export interface MetaGraphRequest {
  method: 'GET' | 'POST' | 'DELETE'
  /** Under the versioned base: `/123_456/comments`. */
  path: string
  query?: Params
  /** POST body, form-encoded as Meta documents it. */
  form?: Params
  /** POST body with files (`source` of a photo). */
  multipart?: FormData
  action: MetaAction
  /** True when repeating the request cannot duplicate anything. */
  idempotent: boolean
}

export interface MetaGraphAnswer<Body> {
  status: number
  body: Body
  headers: Headers
}

/**
 * One Graph API account for one method call: the token sent as `access_token` (as Meta documents
 * every call), usage headers watched, throttles held in the gate, every failure a NetworkError.
 */
export class MetaGraphClient {
  readonly #options: MetaGraphClientOptions

  constructor(options: MetaGraphClientOptions) {
    this.#options = options
  }

  get network(): MetaNetworkId {
    return this.#options.network
  }

  get accountLabel(): string | undefined {
    return this.#options.accountLabel
  }

  get now(): () => number {
    return this.#options.now
  }

  async request<Body>(request: MetaGraphRequest): Promise<MetaGraphAnswer<Body>> {
    const { network, gate, accountKey } = this.#options
    const name = metaNetworkName(network)
    const held = gate.waitFor(network, accountKey)
    if (held !== undefined) {
      // Meta counts calls made while throttled; not sending one keeps the block from growing.
      throw new NetworkError({
        network,
        kind: 'retryable',
        retryAfterMs: held,
        message: `${name}: Meta is still throttling Murmur; nothing was sent, Murmur tries again in ${Math.ceil(held / 60_000)} minutes`,
      })
    }
    const response = await this.#send(request)
    const text = await this.#readBody(response, request)
    gate.observe(network, accountKey, response.headers)
    if (!response.ok) {
      const failure = metaFailureFromBody(response.status, response.headers, text, {
        network,
        action: request.action,
        idempotent: request.idempotent,
        ...(this.#options.accountLabel && { account: this.#options.accountLabel }),
        now: this.#options.now(),
      })
      const code = parseMetaErrorBody(text)?.code
      if (failure.kind === 'retryable' && (isMetaThrottleCode(code) || response.status === 429)) {
        gate.block(network, accountKey, metaThrottleWaitMs(response.headers, code), code)
      }
      throw failure
    }
    let body: unknown = {}
    if (text !== '') {
      try {
        body = JSON.parse(text)
      } catch (error) {
        throw new NetworkError({
          network,
          kind: request.idempotent ? 'retryable' : 'outcome_unknown',
          status: response.status,
          body: text.slice(0, 4000),
          message: `${name}: the server gave an answer Murmur does not understand (HTTP ${response.status})`,
          cause: error,
        })
      }
    }
    return { status: response.status, body: body as Body, headers: response.headers }
  }

  async #send(request: MetaGraphRequest): Promise<Response> {
    const { fetch, baseUrl, timeoutMs, signal, network } = this.#options
    const url = new URL(`${baseUrl}${request.path}`)
    const auth = this.#authParams()
    let body: RequestInit['body']
    const headers = new Headers({ accept: 'application/json' })
    if (request.method === 'POST' && request.multipart) {
      for (const [key, value] of Object.entries(auth)) request.multipart.set(key, value)
      for (const [key, value] of Object.entries(request.form ?? {})) {
        if (value !== undefined) request.multipart.set(key, value)
      }
      body = request.multipart
    } else if (request.method === 'POST') {
      const form = new URLSearchParams()
      for (const [key, value] of Object.entries({ ...request.form, ...auth })) {
        if (value !== undefined) form.set(key, value)
      }
      headers.set('content-type', 'application/x-www-form-urlencoded')
      body = form
    }
    const query: Params =
      request.method === 'POST' ? { ...request.query } : { ...request.query, ...auth }
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, value)
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
      throw metaTransportFailure(network, error, request.idempotent)
    }
  }

  #authParams(): Record<string, string> {
    const { accessToken, appSecret } = this.#options
    return {
      access_token: accessToken,
      ...(appSecret && { appsecret_proof: appSecretProof(accessToken, appSecret) }),
    }
  }

  async #readBody(response: Response, request: MetaGraphRequest): Promise<string> {
    try {
      return await response.text()
    } catch (error) {
      throw metaTransportFailure(this.#options.network, error, request.idempotent)
    }
  }
}

/** `appsecret_proof`: HMAC-SHA256 of the access token, keyed with the app secret, hex. */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex')
}
