import {
  networkErrorFromResponse,
  networkErrorFromTransportFailure,
} from '../spec/classify-failure.js'
import { NetworkError } from '../spec/network-error.js'

/** What a request was for, to say what X refused: "X refused the post: duplicate content". */
export type XAction = 'post' | 'image' | 'GIF' | 'video' | 'alt text' | 'delete' | 'request'

/**
 * X answers errors in three shapes: v2 problems `{title, detail, type, status}` (sometimes with
 * `errors: [{message, parameters}]`), the legacy `{errors: [{code, message}]}` (rate limits), and
 * OAuth's `{error, error_description}` on the token endpoint.
 */
interface XErrorBody {
  title?: unknown
  detail?: unknown
  type?: unknown
  reason?: unknown
  errors?: unknown
  error?: unknown
  error_description?: unknown
}

export interface XErrorDetails {
  reason?: string
  code?: string
}

export function parseXErrorBody(body: string): XErrorDetails {
  let parsed: XErrorBody
  try {
    const value: unknown = JSON.parse(body)
    if (typeof value !== 'object' || value === null) return {}
    parsed = value as XErrorBody
  } catch {
    return {}
  }
  const first = Array.isArray(parsed.errors)
    ? (parsed.errors[0] as Record<string, unknown> | undefined)
    : undefined
  const texts = [
    parsed.detail,
    first?.message,
    first?.detail,
    parsed.error_description,
    parsed.title,
    parsed.error,
  ]
  const reason = texts.find((text): text is string => typeof text === 'string' && text !== '')
  const codes = [first?.code, parsed.reason, parsed.type, parsed.error]
  const code = codes.find(
    (value) => (typeof value === 'string' && value !== '') || typeof value === 'number',
  )
  return {
    ...(reason && { reason }),
    ...(code !== undefined && { code: String(code) }),
  }
}

/** X's own words, shortened to what an owner needs. */
const PLAIN_REASONS: ReadonlyArray<[RegExp, string]> = [
  [/duplicate content/i, 'duplicate content'],
  [/text is too long/i, 'the text is too long'],
  [
    /client-not-enrolled|attached to a Project/i,
    "Murmur's X developer app lacks the API access this needs",
  ],
  [/not permitted to perform this action/i, 'the account is not allowed to do this'],
  [
    /credits?.*(depleted|exhausted)|CreditsDepleted/i,
    'the X developer account has run out of API credits',
  ],
]

export function plainXReason(reason: string | undefined, code?: string): string {
  const text = `${reason ?? ''} ${code ?? ''}`
  for (const [pattern, plain] of PLAIN_REASONS) if (pattern.test(text)) return plain
  if (!reason) return 'no reason given'
  const trimmed = reason.trim().replace(/\.$/, '')
  // "Your media IDs are invalid" → "your media IDs are invalid", but keep "URL…" or "X…" as is.
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed
}

/**
 * Milliseconds until X lets the request through again, read from X's own headers (epoch
 * seconds). When a 24-hour cap is the one exhausted, its reset wins over the 15-minute window.
 */
export function xRetryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const candidates = ['x-user-limit-24hour', 'x-app-limit-24hour']
    .filter((prefix) => headers.get(`${prefix}-remaining`) === '0')
    .map((prefix) => headers.get(`${prefix}-reset`))
  candidates.push(headers.get('x-rate-limit-reset'))
  for (const reset of candidates) {
    const seconds = Number(reset)
    if (reset && Number.isFinite(seconds)) return Math.max(0, seconds * 1000 - now)
  }
  return undefined
}

export interface XFailureContext {
  action: XAction
  /** True when repeating the request cannot duplicate anything. */
  idempotent: boolean
  now?: number
}

export async function xResponseFailure(
  response: Response,
  context: XFailureContext,
): Promise<NetworkError> {
  const body = await response.text().catch(() => '')
  const { reason, code } = parseXErrorBody(body)
  const { status } = response
  if (status === 429) {
    const retryAfterMs = xRetryAfterMs(response.headers, context.now)
    return networkErrorFromResponse({
      network: 'x',
      status,
      headers: retryAfterMs === undefined ? {} : { 'retry-after-ms': String(retryAfterMs) },
      body,
      idempotent: context.idempotent,
      reason,
      code,
      now: context.now,
    })
  }
  const isRefusal =
    status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 425
  if (isRefusal) {
    return new NetworkError({
      network: 'x',
      kind: 'content_rejected',
      status,
      reason,
      code,
      body: body.slice(0, 4000),
      message: `X refused the ${context.action}: ${plainXReason(reason, code)}`,
    })
  }
  return networkErrorFromResponse({
    network: 'x',
    status,
    headers: response.headers,
    body,
    idempotent: context.idempotent,
    reason,
    code,
    now: context.now,
  })
}

export function xTransportFailure(error: unknown, idempotent: boolean): NetworkError {
  return networkErrorFromTransportFailure({ network: 'x', error, idempotent })
}
