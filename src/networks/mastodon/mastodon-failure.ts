import {
  networkErrorFromResponse,
  networkErrorFromTransportFailure,
} from '../spec/classify-failure.js'
import { NetworkError } from '../spec/network-error.js'

/** What a request was for, to say what Mastodon refused: "Mastodon refused the post: …". */
export type MastodonAction = 'post' | 'image' | 'delete' | 'request' | 'app registration'

/** Mastodon's error entity: `{"error": "…", "error_description"?: "…"}`. */
export function parseMastodonErrorBody(body: string): { error?: string; description?: string } {
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed !== 'object' || parsed === null) return {}
    const { error, error_description: description } = parsed as Record<string, unknown>
    return {
      ...(typeof error === 'string' && { error }),
      ...(typeof description === 'string' && { description }),
    }
  } catch {
    return {}
  }
}

/** "Validation failed: Text character limit of 500 exceeded" → "text character limit of 500 exceeded". */
export function plainMastodonReason(reason: string | undefined): string {
  if (!reason) return 'no reason given'
  const trimmed = reason
    .replace(/^Validation failed:\s*/i, '')
    .trim()
    .replace(/[.!]$/, '')
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed
}

/**
 * Milliseconds until the limit resets, from Mastodon's `X-RateLimit-Reset`: an ISO 8601 time with
 * microseconds (`2026-01-01T00:05:00.000000Z`), not epoch seconds.
 */
export function mastodonRetryAfterMs(
  headers: Headers,
  now: number = Date.now(),
): number | undefined {
  const reset = headers.get('x-ratelimit-reset')
  if (!reset) return undefined
  const resetAt = Date.parse(reset)
  return Number.isFinite(resetAt) ? Math.max(0, resetAt - now) : undefined
}

/** 403s that a new connection with the right permissions would fix. */
const RECONNECT_REASONS = /outside the authorized scopes|login is currently disabled/i

export interface MastodonFailureContext {
  action: MastodonAction
  idempotent: boolean
  /** "@bakery@mastodon.social", for messages. */
  account?: string
  now?: number
}

export async function mastodonResponseFailure(
  response: Response,
  context: MastodonFailureContext,
): Promise<NetworkError> {
  const body = await response.text().catch(() => '')
  const { error, description } = parseMastodonErrorBody(body)
  const reason = description ? `${error ?? ''}: ${description}` : error
  const { status } = response
  const common = { network: 'mastodon' as const, status, reason, body: body.slice(0, 4000) }
  if (status === 429) {
    const retryAfterMs = mastodonRetryAfterMs(response.headers, context.now)
    return networkErrorFromResponse({
      network: 'mastodon',
      status,
      headers: retryAfterMs === undefined ? {} : { 'retry-after-ms': String(retryAfterMs) },
      body,
      idempotent: context.idempotent,
      reason,
      now: context.now,
    })
  }
  // Mastodon tokens never expire: a 401 means the owner (or an admin) revoked Murmur's access.
  if (status === 401 || (status === 403 && RECONNECT_REASONS.test(reason ?? ''))) {
    const who = context.account ? ` to ${context.account}` : ''
    return new NetworkError({
      ...common,
      kind: 'auth_expired',
      reason: `needs reconnect: ${reason ?? 'the access token is invalid'}`,
      message: `Mastodon: the connection${who} was revoked (${plainMastodonReason(reason)}); the channel needs reconnect`,
    })
  }
  const isRefusal = status >= 400 && status < 500 && status !== 408 && status !== 425
  if (isRefusal) {
    return new NetworkError({
      ...common,
      kind: 'content_rejected',
      message: `Mastodon refused the ${context.action}: ${plainMastodonReason(reason)}`,
    })
  }
  return networkErrorFromResponse({
    network: 'mastodon',
    status,
    headers: response.headers,
    body,
    idempotent: context.idempotent,
    reason,
    now: context.now,
  })
}

export function mastodonTransportFailure(error: unknown, idempotent: boolean): NetworkError {
  return networkErrorFromTransportFailure({ network: 'mastodon', error, idempotent })
}
