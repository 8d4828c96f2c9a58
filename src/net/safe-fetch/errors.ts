/** Why a safe fetch did not return a response. Each code has one plain message shape. */
export type SafeFetchErrorCode =
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'refused_address'
  | 'dns_failed'
  | 'too_many_redirects'
  | 'too_large'
  | 'timeout'
  | 'connection_failed'

/**
 * A fetch of a user-supplied URL that did not happen or did not finish. The message is meant
 * for the person who typed the URL ("refused: 10.0.0.5 is a private address").
 */
export class SafeFetchError extends Error {
  readonly code: SafeFetchErrorCode
  /** The URL being fetched when it failed (after redirects, the hop that failed). */
  readonly url: string

  constructor(
    code: SafeFetchErrorCode,
    message: string,
    url: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.name = 'SafeFetchError'
    this.code = code
    this.url = url
  }
}

export function isSafeFetchError(error: unknown): error is SafeFetchError {
  return error instanceof SafeFetchError
}
