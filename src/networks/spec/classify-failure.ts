import { NetworkError } from './network-error.js'
import { NETWORK_NAMES, type NetworkId } from './network-id.js'

export type HeaderSource = Headers | Readonly<Record<string, string | undefined>>

export interface HttpFailure {
  network: NetworkId
  status: number
  headers: HeaderSource
  /** Raw response body, kept (truncated) for logs. */
  body?: string
  /** True when repeating the request cannot duplicate anything (reads, deletes, uploads). */
  idempotent: boolean
  /** The network's own explanation, when the adapter parsed one out of the body. */
  reason?: string
  /** The network's error name or code. */
  code?: string
  now?: number
}

export interface TransportFailure {
  network: NetworkId
  error: unknown
  idempotent: boolean
}

const MAX_BODY_LENGTH = 4000

/** Socket error codes that prove the request never reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  // The safe fetcher's refusals and look-up failures: nothing left the machine.
  'dns_failed',
  'invalid_url',
  'unsupported_scheme',
  'refused_address',
])

/** Safe-fetch refusals that no retry can change: the address itself is not allowed. */
const REFUSED_CODES = new Set(['invalid_url', 'unsupported_scheme', 'refused_address'])

/**
 * Classifies an HTTP answer that was not a success:
 * 429 and 5xx → `retryable` (with the wait the headers announce); 401 → `auth_expired`;
 * other 4xx (400, 403, 404, 422…) → `content_rejected`. A 504 on a request that creates
 * something is `outcome_unknown`: the gateway gave up, the server may still have done it.
 */
export function networkErrorFromResponse(failure: HttpFailure): NetworkError {
  const { network, status, idempotent } = failure
  const name = NETWORK_NAMES[network]
  const common = {
    network,
    status,
    reason: failure.reason,
    code: failure.code,
    body: failure.body?.slice(0, MAX_BODY_LENGTH),
  }
  const detail = failure.reason ? `: ${failure.reason}` : ''

  if (status === 429 || status === 408 || status === 425 || (status >= 500 && status !== 504)) {
    const retryAfterMs = retryAfterMsFromHeaders(failure.headers, failure.now)
    const wait =
      retryAfterMs === undefined ? '' : `; try again in ${Math.ceil(retryAfterMs / 1000)} s`
    const what = status === 429 ? 'rate limit reached' : `temporarily unavailable (HTTP ${status})`
    return new NetworkError({
      ...common,
      kind: 'retryable',
      retryAfterMs,
      message: `${name}: ${what}${detail}${wait}`,
    })
  }
  if (status === 504) {
    return new NetworkError({
      ...common,
      kind: idempotent ? 'retryable' : 'outcome_unknown',
      retryAfterMs: retryAfterMsFromHeaders(failure.headers, failure.now),
      message: idempotent
        ? `${name}: gateway timeout (HTTP 504)`
        : `${name}: gateway timeout (HTTP 504); the post may have been published`,
    })
  }
  if (status === 401) {
    return new NetworkError({
      ...common,
      kind: 'auth_expired',
      message: `${name}: the connection expired or was revoked${detail}`,
    })
  }
  if (status >= 400) {
    return new NetworkError({
      ...common,
      kind: 'content_rejected',
      message: `${name}: refused (HTTP ${status})${detail}`,
    })
  }
  // 1xx/3xx reaching here means a proxy or redirect Murmur does not follow.
  return new NetworkError({
    ...common,
    kind: idempotent ? 'retryable' : 'outcome_unknown',
    message: `${name}: unexpected HTTP ${status}`,
  })
}

/**
 * Classifies a request that got no HTTP answer. Refused connections and unknown hosts never
 * reached the server, so they are `retryable`; anything later (reset, timeout, abort) is
 * `outcome_unknown` unless the request was idempotent.
 */
export function networkErrorFromTransportFailure(failure: TransportFailure): NetworkError {
  const { network, error, idempotent } = failure
  const name = NETWORK_NAMES[network]
  const codes = errorCodes(error)
  const neverSent = codes.some((code) => NOT_SENT_CODES.has(code))
  // The socket's own code (ECONNREFUSED) says more than a wrapper's (the safe fetcher's connection_failed).
  const code = codes.find((candidate) => /^[A-Z][A-Z0-9_]+$/.test(candidate)) ?? codes[0]
  const why = code ?? (error instanceof Error ? error.message : String(error))
  const refused = refusedByAddressPolicy(error)
  if (refused) {
    return new NetworkError({
      network,
      kind: 'content_rejected',
      code: refused.code,
      message: `${name}: Murmur did not connect: ${refused.message}${
        refused.code === 'refused_address'
          ? ' (a server on your own network must be listed in MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS)'
          : ''
      }`,
      cause: error,
    })
  }
  if (neverSent || idempotent) {
    return new NetworkError({
      network,
      kind: 'retryable',
      code,
      message: `${name}: could not reach the server (${why})`,
      cause: error,
    })
  }
  return new NetworkError({
    network,
    kind: 'outcome_unknown',
    code,
    message: `${name}: the connection failed after the request was sent (${why}); the post may have been published`,
    cause: error,
  })
}

/**
 * Milliseconds to wait, from whichever header the network uses: `Retry-After` (seconds or an
 * HTTP date), `retry-after-ms`, or a reset time: `RateLimit-Reset` (Bluesky, epoch seconds),
 * `x-rate-limit-reset` (X, epoch seconds), `X-RateLimit-Reset` (Mastodon, ISO 8601). Reset
 * values under 10^9 are read as seconds from now, as the IETF draft defines them.
 */
export function retryAfterMsFromHeaders(
  headers: HeaderSource,
  now: number = Date.now(),
): number | undefined {
  const retryAfterMs = Number(header(headers, 'retry-after-ms'))
  if (header(headers, 'retry-after-ms') && Number.isFinite(retryAfterMs)) {
    return clamp(retryAfterMs)
  }
  const retryAfter = header(headers, 'retry-after')
  if (retryAfter) {
    const seconds = Number(retryAfter)
    if (Number.isFinite(seconds)) return clamp(seconds * 1000)
    const date = Date.parse(retryAfter)
    if (Number.isFinite(date)) return clamp(date - now)
  }
  for (const name of ['ratelimit-reset', 'x-ratelimit-reset', 'x-rate-limit-reset']) {
    const reset = header(headers, name)
    if (!reset) continue
    const number = Number(reset)
    if (Number.isFinite(number)) {
      return clamp(number >= 1e9 ? number * 1000 - now : number * 1000)
    }
    const date = Date.parse(reset)
    if (Number.isFinite(date)) return clamp(date - now)
  }
  return undefined
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value
  }
  return undefined
}

function clamp(milliseconds: number): number {
  return Math.max(0, Math.round(milliseconds))
}

/** Node's fetch hides socket codes in `cause`, sometimes in an AggregateError (IPv4 + IPv6). */
/** The safe fetcher's refusal in an error's cause chain, if any (its message names the address). */
function refusedByAddressPolicy(error: unknown): { code: string; message: string } | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth++) {
    const { code, message, cause } = current as {
      code?: unknown
      message?: unknown
      cause?: unknown
    }
    if (typeof code === 'string' && REFUSED_CODES.has(code) && typeof message === 'string') {
      return { code, message }
    }
    current = cause
  }
  return undefined
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = []
  const queue: unknown[] = [error]
  while (queue.length > 0 && codes.length < 10) {
    const current = queue.shift()
    if (typeof current !== 'object' || current === null) continue
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown }
    if (typeof code === 'string') codes.push(code)
    if (cause !== undefined) queue.push(cause)
    if (Array.isArray(errors)) queue.push(...errors)
  }
  if (error instanceof Error && error.name === 'AbortError') codes.push('ABORTED')
  if (error instanceof Error && error.name === 'TimeoutError') codes.push('TIMEOUT')
  return codes
}
