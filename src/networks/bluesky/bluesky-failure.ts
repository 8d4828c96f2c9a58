import { XRPCError } from '@atproto/api'
import {
  networkErrorFromResponse,
  networkErrorFromTransportFailure,
} from '../spec/classify-failure.js'
import { findNetworkError, NetworkError } from '../spec/network-error.js'

/** Errors that mean the tokens (or the account) no longer work, whatever the HTTP status. */
const AUTH_ERRORS = new Set([
  'ExpiredToken',
  'InvalidToken',
  'AuthenticationRequired',
  'AuthMissing',
  'AuthFactorTokenRequired',
  'AccountTakedown',
  'AccountDeactivated',
  'InvalidDID',
])

/** Procedures that create something new each time they are sent. */
const NON_IDEMPOTENT = new Set(['com.atproto.repo.createRecord', 'com.atproto.repo.applyWrites'])

export function isIdempotent(nsid: string): boolean {
  return !NON_IDEMPOTENT.has(nsid)
}

/** `/xrpc/com.atproto.repo.createRecord?x=1` → `com.atproto.repo.createRecord`. */
export function nsidOf(url: string): string {
  const path = new URL(url, 'http://x').pathname
  return path.slice(path.lastIndexOf('/') + 1)
}

export function parseXrpcErrorBody(body: string): { error?: string; message?: string } {
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed !== 'object' || parsed === null) return {}
    const { error, message } = parsed as Record<string, unknown>
    return {
      ...(typeof error === 'string' && { error }),
      ...(typeof message === 'string' && { message }),
    }
  } catch {
    return {}
  }
}

/**
 * Bluesky answers `{"error":"Name","message":"…"}`. Token problems come back as 400 (ExpiredToken,
 * InvalidToken), so the error name decides before the status does.
 */
export async function blueskyResponseFailure(
  response: Response,
  nsid: string,
): Promise<NetworkError> {
  const body = await response.text().catch(() => '')
  const { error, message } = parseXrpcErrorBody(body)
  const reason = message ?? error
  if (error && AUTH_ERRORS.has(error)) {
    return new NetworkError({
      network: 'bluesky',
      kind: 'auth_expired',
      message: `Bluesky: the connection expired or was revoked (${reason})`,
      reason,
      code: error,
      status: response.status,
      body,
    })
  }
  return networkErrorFromResponse({
    network: 'bluesky',
    status: response.status,
    headers: response.headers,
    body,
    idempotent: isIdempotent(nsid),
    reason,
    code: error,
  })
}

export function blueskyTransportFailure(error: unknown, nsid: string): NetworkError {
  return networkErrorFromTransportFailure({
    network: 'bluesky',
    error,
    idempotent: isIdempotent(nsid),
  })
}

/**
 * What the public methods throw. The XRPC client wraps whatever the session's fetch threw; unwrap
 * it. A reply that does not match the lexicon after a write means the write happened.
 */
export function toBlueskyError(error: unknown, idempotent: boolean): unknown {
  const networkError = findNetworkError(error)
  if (networkError) return networkError
  if (error instanceof XRPCError && 'validationError' in error) {
    return new NetworkError({
      network: 'bluesky',
      kind: idempotent ? 'retryable' : 'outcome_unknown',
      message: `Bluesky: the server gave an answer Murmur does not understand (${error.message})`,
      cause: error,
    })
  }
  // The XRPC client wraps exceptions from our own callbacks (persisting credentials): surface them.
  if (error instanceof XRPCError && error.cause instanceof Error) {
    return error.cause
  }
  return error
}
