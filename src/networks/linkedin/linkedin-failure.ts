/**
 * LinkedIn's error body, `{"status":403,"serviceErrorCode":100,"code":"ACCESS_DENIED",
 * "message":"…"}` (422 validation errors carry only `message` and `status`), in one sentence:
 * "LinkedIn refused the post: content is a duplicate of urn:li:share:1 (DUPLICATE_POST)".
 */
import {
  networkErrorFromResponse,
  networkErrorFromTransportFailure,
} from '../spec/classify-failure.js'
import { NetworkError } from '../spec/network-error.js'

export type LinkedInAction =
  | 'post'
  | 'image'
  | 'comment'
  | 'delete'
  | 'like'
  | 'request'
  | 'sign-in'

export interface LinkedInErrorBody {
  message?: string
  code?: string
  serviceErrorCode?: number
  status?: number
}

export function parseLinkedInErrorBody(text: string): LinkedInErrorBody {
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed !== 'object' || parsed === null) return {}
    const record = parsed as Record<string, unknown>
    return {
      ...(typeof record.message === 'string' && { message: record.message }),
      ...(typeof record.code === 'string' && { code: record.code }),
      ...(typeof record.serviceErrorCode === 'number' && {
        serviceErrorCode: record.serviceErrorCode,
      }),
      ...(typeof record.status === 'number' && { status: record.status }),
    }
  } catch {
    return {}
  }
}

/** Codes whose wording says little to an owner. */
const PLAIN_BY_CODE: Readonly<Record<string, string>> = {
  ACCESS_DENIED: 'Murmur lacks the permission for this',
  DUPLICATE_POST: 'the same text was already posted',
  NONEXISTENT_VERSION: 'the LinkedIn API version Murmur uses is no longer active; update Murmur',
  VERSION_MISSING: 'the request had no LinkedIn-Version header',
}

/** "ERROR :: /commentary :: length 3201 exceeds …" → "/commentary: length 3201 exceeds …". */
export function plainLinkedInReason(error: LinkedInErrorBody): string {
  const mapped = error.code ? PLAIN_BY_CODE[error.code] : undefined
  const own = (error.message ?? 'no reason given')
    .replace(/^ERROR :: /, '')
    .replace(/ :: /g, ': ')
    .split('\n')[0]!
    .trim()
    .replace(/\.$/, '')
  const plain = mapped ?? (/^[A-Z][a-z]/.test(own) ? own[0]!.toLowerCase() + own.slice(1) : own)
  return error.code ? `${plain} (${error.code})` : plain
}

/** LinkedIn's daily limits reset at midnight UTC and it sends no reset header: wait until then. */
export function msUntilMidnightUtc(now: number): number {
  const next = new Date(now)
  next.setUTCHours(24, 0, 0, 0)
  return next.getTime() - now
}

export interface LinkedInFailureContext {
  action: LinkedInAction
  idempotent: boolean
  /** "Ada Lovelace", for messages. */
  account?: string
  now: number
}

export async function linkedInResponseFailure(
  response: Response,
  context: LinkedInFailureContext,
): Promise<NetworkError> {
  const body = await response.text().catch(() => '')
  const error = parseLinkedInErrorBody(body)
  const { status } = response
  const common = {
    network: 'linkedin' as const,
    status,
    ...(error.message && { reason: error.message }),
    ...(error.code && { code: error.code }),
    body: body.slice(0, 4000),
  }
  if (status === 429) {
    const announced = Number(response.headers.get('retry-after'))
    const retryAfterMs =
      Number.isFinite(announced) && announced > 0
        ? announced * 1000
        : msUntilMidnightUtc(context.now)
    return new NetworkError({
      ...common,
      kind: 'retryable',
      retryAfterMs,
      message: `LinkedIn: daily request limit reached${error.code ? ` (${error.code})` : ''}; Murmur tries again in ${Math.ceil(retryAfterMs / 60_000)} minutes`,
    })
  }
  if (status === 401) {
    const who = context.account ? ` to ${context.account}` : ''
    const why =
      error.code === 'REVOKED_ACCESS_TOKEN'
        ? 'access was revoked'
        : error.code === 'EXPIRED_ACCESS_TOKEN'
          ? 'the 60-day token expired'
          : 'the token is no longer valid'
    return new NetworkError({
      ...common,
      kind: 'auth_expired',
      reason: `needs reconnect: ${error.message ?? why}`,
      message: `LinkedIn: the connection${who} ended (${why}); the channel needs reconnect`,
    })
  }
  // A missing or sunset API version is Murmur's problem, not the post's: say so plainly.
  if (status === 426 || (status === 400 && error.code === 'VERSION_MISSING')) {
    return new NetworkError({
      ...common,
      kind: 'content_rejected',
      message: `LinkedIn refused the ${context.action}: ${plainLinkedInReason(error)}`,
    })
  }
  if (status >= 400 && status < 500 && status !== 408) {
    return new NetworkError({
      ...common,
      kind: 'content_rejected',
      message: `LinkedIn refused the ${context.action}: ${plainLinkedInReason(error)}`,
    })
  }
  return networkErrorFromResponse({
    network: 'linkedin',
    status,
    headers: response.headers,
    body,
    idempotent: context.idempotent,
    ...(error.message && { reason: error.message }),
    ...(error.code && { code: error.code }),
    now: context.now,
  })
}

export function linkedInTransportFailure(error: unknown, idempotent: boolean): NetworkError {
  return networkErrorFromTransportFailure({ network: 'linkedin', error, idempotent })
}
