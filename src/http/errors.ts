import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ZodError } from 'zod'
import { type ErrorCode, MurmurError } from '../core/errors.js'
import type { AppEnv } from './env.js'

/**
 * The one place errors become responses: `{"error":{"code","message","details"}}`.
 * Anything unexpected is logged and answered as 500 without internals.
 */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
}

export function errorBody(code: ErrorCode, message: string, details: unknown = null) {
  return { error: { code, message, details } }
}

export function zodIssues(error: ZodError) {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }))
}

function fromHttpException(error: HTTPException): MurmurError {
  if (error.status === 400 && /json/i.test(error.message)) {
    return new MurmurError('invalid_json', 'The request body is not valid JSON.')
  }
  if (error.status === 413) return new MurmurError('payload_too_large', error.message)
  if (error.status === 401) return new MurmurError('unauthenticated', 'Sign in first.')
  if (error.status === 404) return new MurmurError('not_found', 'Not found.')
  if (error.status >= 400 && error.status < 500)
    return new MurmurError('bad_request', error.message || 'Bad request.')
  return new MurmurError('internal', 'Something went wrong on our side.', { cause: error })
}

export function toMurmurError(error: unknown): MurmurError {
  if (error instanceof MurmurError) return error
  if (error instanceof HTTPException) return fromHttpException(error)
  if (error instanceof URIError) return new MurmurError('bad_request', 'The URL is malformed.')
  return new MurmurError('internal', 'Something went wrong on our side. It has been logged.', {
    cause: error,
  })
}

export function respondWithError(c: Context<AppEnv>, error: unknown): Response {
  const murmurError = toMurmurError(error)
  if (murmurError.code === 'internal') {
    c.var.log?.error({ err: error, requestId: c.var.requestId }, 'unhandled error')
  }
  if (murmurError.retryAfterSeconds !== undefined) {
    c.header('Retry-After', String(murmurError.retryAfterSeconds))
  }
  return c.json(
    errorBody(murmurError.code, murmurError.message, murmurError.details),
    STATUS[murmurError.code],
  )
}
