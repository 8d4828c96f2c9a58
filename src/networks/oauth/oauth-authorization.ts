import { timingSafeEqual } from 'node:crypto'
import { CodeChallengeMethod, generateCodeVerifier, generateState, OAuth2Client } from 'arctic'

/**
 * The first half of an OAuth 2.0 authorization code flow with PKCE. The HTTP layer redirects the
 * person to `url` and keeps `state` and `codeVerifier` (in a short-lived, httpOnly cookie or the
 * database) until the network sends them back to the redirect URI.
 */
export interface AuthorizationStart {
  url: string
  state: string
  codeVerifier: string
}

export interface AuthorizationRequest {
  authorizationEndpoint: string
  clientId: string
  redirectUri: string
  scopes: readonly string[]
}

/**
 * Builds the authorization URL with arctic's generic client: its provider classes hard-code the
 * networks' production hosts (and Mastodon's under a path Mastodon does not serve), while this
 * takes any endpoint, so the same code reaches a fake on 127.0.0.1.
 */
export function startAuthorization(request: AuthorizationRequest): AuthorizationStart {
  const state = generateState()
  const codeVerifier = generateCodeVerifier()
  const client = new OAuth2Client(request.clientId, null, request.redirectUri)
  const url = client.createAuthorizationURLWithPKCE(
    request.authorizationEndpoint,
    state,
    CodeChallengeMethod.S256,
    codeVerifier,
    [...request.scopes],
  )
  return { url: url.toString(), state, codeVerifier }
}

export type AuthorizationCallbackFailure =
  /** The person said no on the network's consent screen. */
  | 'access_denied'
  /** The state does not match the one Murmur issued: a forged or stale callback. */
  | 'state_mismatch'
  /** The network answered with neither a code nor an error. */
  | 'missing_code'
  /** The network reported another OAuth error. */
  | 'provider_error'

/** A callback that cannot lead to a connection; `message` is written for the person connecting. */
export class AuthorizationCallbackError extends Error {
  readonly failure: AuthorizationCallbackFailure
  /** The network's own error code and description, when it sent them. */
  readonly providerError: string | undefined

  constructor(failure: AuthorizationCallbackFailure, message: string, providerError?: string) {
    super(message)
    this.name = 'AuthorizationCallbackError'
    this.failure = failure
    this.providerError = providerError
  }
}

export type CallbackQuery = URLSearchParams | Readonly<Record<string, string | undefined>>

/**
 * Checks what the network sent to the redirect URI and returns the authorization code. The state
 * is compared in constant time; an error from the network becomes an AuthorizationCallbackError.
 */
export function readAuthorizationCallback(
  networkName: string,
  query: CallbackQuery,
  expectedState: string,
): { code: string } {
  const get = (name: string) =>
    query instanceof URLSearchParams ? (query.get(name) ?? undefined) : query[name]
  const state = get('state') ?? ''
  if (!sameText(state, expectedState)) {
    throw new AuthorizationCallbackError(
      'state_mismatch',
      `${networkName}: this sign-in link is stale or was not started here; connect the channel again`,
    )
  }
  const error = get('error')
  if (error) {
    const description = get('error_description')
    const providerError = description ? `${error}: ${description}` : error
    if (error === 'access_denied') {
      throw new AuthorizationCallbackError(
        'access_denied',
        `${networkName}: access was not granted, so the channel was not connected`,
        providerError,
      )
    }
    throw new AuthorizationCallbackError(
      'provider_error',
      `${networkName} could not authorize Murmur (${providerError})`,
      providerError,
    )
  }
  const code = get('code')
  if (!code) {
    throw new AuthorizationCallbackError(
      'missing_code',
      `${networkName} sent no authorization code; connect the channel again`,
    )
  }
  return { code }
}

function sameText(actual: string, expected: string): boolean {
  const left = Buffer.from(actual)
  const right = Buffer.from(expected)
  return expected !== '' && left.length === right.length && timingSafeEqual(left, right)
}
