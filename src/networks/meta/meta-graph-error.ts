/**
 * Meta's error body, turned into one plain sentence: "Facebook refused the post: duplicate status
 * (506)". The Graph API answers `{"error":{"message","type","code","error_subcode",
 * "error_user_title","error_user_msg","is_transient","fbtrace_id"}}` on graph.facebook.com,
 * graph.instagram.com and graph.threads.net alike.
 */
import {
  networkErrorFromResponse,
  networkErrorFromTransportFailure,
} from '../spec/classify-failure.js'
import { NetworkError } from '../spec/network-error.js'
import { type MetaNetworkId, metaNetworkName } from './meta-network-id.js'
import { isMetaThrottleCode, META_THROTTLE_CODES, metaThrottleWaitMs } from './meta-usage.js'

export interface MetaGraphError {
  message?: string
  type?: string
  code?: number
  subcode?: number
  userTitle?: string
  userMessage?: string
  isTransient?: boolean
  fbtraceId?: string
}

export function parseMetaErrorBody(text: string): MetaGraphError | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const root = parsed as Record<string, unknown>
  const error = root.error
  if (typeof error === 'object' && error !== null) {
    const body = error as Record<string, unknown>
    return clean({
      message: stringOf(body.message),
      type: stringOf(body.type),
      code: numberOf(body.code),
      subcode: numberOf(body.error_subcode),
      userTitle: stringOf(body.error_user_title),
      userMessage: stringOf(body.error_user_msg),
      isTransient: typeof body.is_transient === 'boolean' ? body.is_transient : undefined,
      fbtraceId: stringOf(body.fbtrace_id),
    })
  }
  // api.instagram.com's token endpoint: {"error_type":"OAuthException","code":400,"error_message":…}
  if (typeof root.error_message === 'string') {
    return clean({
      message: root.error_message,
      type: stringOf(root.error_type),
      code: numberOf(root.code),
    })
  }
  return undefined
}

/** Codes whose Meta wording is unhelpful to an owner, in Murmur's words. */
const PLAIN_BY_CODE: Readonly<Record<number, string>> = {
  368: "Meta's policies block this account from posting for now",
  506: 'duplicate status',
  1609005: 'Facebook could not read the link',
  36003: "the image's aspect ratio is not supported",
}

/** Instagram and Threads put the precise reason in the subcode. */
const PLAIN_BY_SUBCODE: Readonly<Record<number, string>> = {
  2207003: 'downloading the media took too long',
  2207004: 'the image is too large',
  2207009: "the image's aspect ratio is not supported",
  2207026: 'the video format is not supported',
  2207027: 'the media is not ready to publish yet',
  2207042: 'the account reached its limit of posts per 24 hours',
  2207052: "the media could not be downloaded from Murmur's public address",
  2207083: 'the image format is not supported (Instagram takes JPEG only)',
}

/** Subcodes that clear up with time: publish again later. */
const RETRYABLE_SUBCODES = new Set([2207003, 2207027, 2207042])

/** The owner-facing reason, with Meta's code: "duplicate status (506)". */
export function plainMetaReason(error: MetaGraphError | undefined): string {
  if (!error) return 'no reason given'
  const plain =
    (error.subcode !== undefined ? PLAIN_BY_SUBCODE[error.subcode] : undefined) ??
    (error.code !== undefined ? PLAIN_BY_CODE[error.code] : undefined) ??
    error.userMessage ??
    cleanMessage(error.message)
  const code = error.subcode ?? error.code
  return code === undefined ? plain : `${plain} (${code})`
}

/** "(#100) Param message must be a string." → "param message must be a string". */
function cleanMessage(message: string | undefined): string {
  if (!message) return 'no reason given'
  const trimmed = message
    .replace(/^\(#\d+\)\s*/, '')
    .trim()
    .replace(/[.!]$/, '')
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed
}

/** What a request was for, to say what was refused: "Instagram refused the image: …". */
export type MetaAction =
  | 'post'
  | 'image'
  | 'comment'
  | 'reply'
  | 'delete'
  | 'request'
  | 'sign-in'
  | 'publish'

export interface MetaFailureContext {
  network: MetaNetworkId
  action: MetaAction
  /** True when repeating the request cannot duplicate anything. */
  idempotent: boolean
  /** "the Page Corner Bakery", "@cornerbakery", for messages. */
  account?: string
  now?: number
}

/** `100` with subcode `33`: the object does not exist (or is not visible to this token). */
export function isMetaMissingObject(error: unknown): boolean {
  return NetworkError.isInstance(error) && error.code === '100/33'
}

/** The Graph code as NetworkError keeps it: "506", or "100/33" with a subcode. */
export function metaErrorCode(error: MetaGraphError | undefined): string | undefined {
  if (error?.code === undefined) return undefined
  return error.subcode === undefined ? String(error.code) : `${error.code}/${error.subcode}`
}

export async function metaResponseFailure(
  response: Response,
  context: MetaFailureContext,
): Promise<NetworkError> {
  const body = await response.text().catch(() => '')
  return metaFailureFromBody(response.status, response.headers, body, context)
}

/**
 * Classifies by Meta's code first (throttles come as HTTP 400/403 with codes 4, 17, 32, 613 or
 * 80001–80014, not 429), then by HTTP status.
 */
export function metaFailureFromBody(
  status: number,
  headers: Headers,
  body: string,
  context: MetaFailureContext,
): NetworkError {
  const { network } = context
  const name = metaNetworkName(network)
  const error = parseMetaErrorBody(body)
  const code = error?.code
  const reason = error?.userMessage ?? error?.message
  const common = {
    network,
    status,
    reason,
    code: metaErrorCode(error),
    body: body.slice(0, 4000),
  }
  const who = context.account ? ` ${context.account}` : ''

  if (isMetaThrottleCode(code) || status === 429) {
    const retryAfterMs = metaThrottleWaitMs(headers, code)
    const what = throttleWhat(code, context.account)
    return new NetworkError({
      ...common,
      kind: 'retryable',
      retryAfterMs,
      message: `${name}: ${what}${code !== undefined ? ` (${code})` : ''}; Murmur tries again in ${minutes(retryAfterMs)}`,
    })
  }
  if (error?.subcode !== undefined && RETRYABLE_SUBCODES.has(error.subcode)) {
    const retryAfterMs = error.subcode === 2207042 ? 60 * 60_000 : 60_000
    return new NetworkError({
      ...common,
      kind: 'retryable',
      retryAfterMs,
      message: `${name}: ${plainMetaReason(error)}; Murmur tries again in ${minutes(retryAfterMs)}`,
    })
  }
  if (code === 190 || code === 102 || (status === 401 && code === undefined)) {
    return new NetworkError({
      ...common,
      kind: 'auth_expired',
      reason: `needs reconnect: ${reason ?? 'the access token is no longer valid'}`,
      message: `${name}: the connection to${who || ' the account'} expired or was revoked (${expiryReason(error)}); the channel needs reconnect`,
    })
  }
  if (code !== undefined && code >= 200 && code <= 299) {
    return new NetworkError({
      ...common,
      kind: 'auth_expired',
      reason: `needs reconnect: a permission is missing (${reason ?? code})`,
      message: `${name}: Murmur lacks a permission for this (${plainMetaReason(error)}); reconnect the channel and grant every permission Murmur asks for`,
    })
  }
  if (error?.isTransient || code === 1 || code === 2 || status >= 500) {
    const generic = networkErrorFromResponse({
      network,
      status: status >= 500 ? status : 503,
      headers,
      body,
      idempotent: context.idempotent,
      reason,
      code: metaErrorCode(error),
      now: context.now,
    })
    // A transient Meta error on a 4xx is still a 4xx on the wire: keep the real status.
    return new NetworkError({ ...generic.toOptions(), status })
  }
  if (status >= 400) {
    return new NetworkError({
      ...common,
      kind: 'content_rejected',
      message: `${name} refused the ${context.action}: ${plainMetaReason(error)}`,
    })
  }
  return networkErrorFromResponse({
    network,
    status,
    headers,
    body,
    idempotent: context.idempotent,
    reason,
    now: context.now,
  })
}

function throttleWhat(code: number | undefined, account: string | undefined): string {
  if (code === undefined) return 'rate limit reached'
  return META_THROTTLE_CODES[code] ?? `${account ?? 'the account'} used up its request budget`
}

/** Token error subcodes in words. */
const EXPIRY_SUBCODES: Readonly<Record<number, string>> = {
  458: 'Murmur was removed from the account',
  459: 'the account must log in to Facebook first',
  460: 'the password was changed',
  463: 'the token expired',
  464: 'the account is not confirmed',
  467: 'the token is invalid',
  492: 'the session is invalid',
}

function expiryReason(error: MetaGraphError | undefined): string {
  if (error?.subcode !== undefined && EXPIRY_SUBCODES[error.subcode]) {
    return EXPIRY_SUBCODES[error.subcode]!
  }
  return cleanMessage(error?.message ?? 'the access token is no longer valid')
}

export function metaTransportFailure(
  network: MetaNetworkId,
  error: unknown,
  idempotent: boolean,
): NetworkError {
  return networkErrorFromTransportFailure({ network, error, idempotent })
}

function minutes(milliseconds: number): string {
  const value = Math.max(1, Math.ceil(milliseconds / 60_000))
  return value === 1 ? '1 minute' : `${value} minutes`
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value)
  return undefined
}

function clean(error: MetaGraphError): MetaGraphError {
  return Object.fromEntries(
    Object.entries(error).filter(([, value]) => value !== undefined),
  ) as MetaGraphError
}
