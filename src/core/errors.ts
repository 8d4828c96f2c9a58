/**
 * The one error type the domain throws. The HTTP layer turns it into
 * `{"error":{"code","message","details"}}` in one place (src/http/errors.ts);
 * the CLI prints its message.
 */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_failed'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal'

export class MurmurError extends Error {
  readonly code: ErrorCode
  readonly details: unknown
  /** Seconds the caller should wait before trying again (rate limits). */
  readonly retryAfterSeconds: number | undefined

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: unknown; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.name = 'MurmurError'
    this.code = code
    this.details = options.details ?? null
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}

export const notFound = (what: string) => new MurmurError('not_found', `${what} not found.`)

export const forbidden = (message: string) => new MurmurError('forbidden', message)

export const conflict = (message: string, details?: unknown) =>
  new MurmurError('conflict', message, { details })

export const invalid = (message: string, details?: unknown) =>
  new MurmurError('validation_failed', message, { details })

export function isMurmurError(error: unknown): error is MurmurError {
  return error instanceof MurmurError
}
