/**
 * The one place the web app talks HTTP. It sends JSON with the session cookie,
 * adds the CSRF token to every state-changing request, and turns the API's
 * error shape `{"error":{"code","message","details"}}` into an ApiError.
 */

export interface FieldProblem {
  path: string
  message: string
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown

  constructor(status: number, code: string, message: string, details: unknown = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }

  /** Per-field problems of a `validation_failed` error, keyed by dotted path. */
  get fieldErrors(): Record<string, string> {
    if (this.code !== 'validation_failed' || !Array.isArray(this.details)) return {}
    const errors: Record<string, string> = {}
    for (const item of this.details as unknown[]) {
      if (!item || typeof item !== 'object') continue
      const { path, message } = item as { path?: unknown; message?: unknown }
      const key = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : ''
      if (key && typeof message === 'string' && !(key in errors)) errors[key] = message
    }
    return errors
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError

/** Held in memory only: it comes from GET /session or the sign-in, set-up and accept answers. */
let csrfToken: string | null = null

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  // A FormData body (file uploads) sets its own multipart Content-Type with the boundary.
  const isForm = body instanceof FormData
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (!isForm) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken

  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body:
        body === undefined
          ? method === 'GET'
            ? undefined
            : '{}'
          : isForm
            ? body
            : JSON.stringify(body),
    })
  } catch (cause) {
    throw new ApiError(
      0,
      'network_error',
      'Murmur could not be reached. Check your connection and try again.',
      String(cause),
    )
  }

  if (response.status === 204) return undefined as T
  const text = await response.text()
  let payload: unknown = null
  if (text) {
    try {
      payload = JSON.parse(text)
    } catch {
      payload = null
    }
  }

  if (!response.ok) {
    const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } })
      ?.error
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : `http_${response.status}`,
      typeof error?.message === 'string'
        ? error.message
        : `The server answered ${response.status} ${response.statusText}. Try again in a moment.`,
      error?.details ?? null,
    )
  }
  return payload as T
}

export const get = <T>(path: string) => api<T>('GET', path)
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body)
export const patch = <T>(path: string, body?: unknown) => api<T>('PATCH', path, body)
export const put = <T>(path: string, body?: unknown) => api<T>('PUT', path, body)
export const del = (path: string) => api<void>('DELETE', path)

/** Encodes one path segment: ids are opaque, so never trust them to be URL-safe. */
export const seg = (value: string) => encodeURIComponent(value)

/** Reads every page of a cursor-paginated list (`{ data, next_cursor }`). */
export async function getAll<T>(path: string, maxPages = 50): Promise<T[]> {
  const items: T[] = []
  let cursor: string | null = null
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?'
    const url: string = cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path
    const answer: { data: T[]; next_cursor: string | null } | T[] = await get(url)
    // Tolerate a bare array, so a list endpoint without pagination still works.
    if (Array.isArray(answer)) return [...items, ...answer]
    items.push(...answer.data)
    cursor = answer.next_cursor
    if (!cursor) break
  }
  return items
}
