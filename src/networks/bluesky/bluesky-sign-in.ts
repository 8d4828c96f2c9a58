import type { FetchFunction } from '../spec/fetch-function.js'
import { NetworkError } from '../spec/network-error.js'
import { callSessionProcedure, credentialsFromSession } from './bluesky-auth-calls.js'
import type { BlueskyCredentials } from './bluesky-credentials.js'

export interface BlueskySignIn {
  /** Handle (`cornerbakery.bsky.social`, with or without @) or the account's email. */
  identifier: string
  /** An app password (xxxx-xxxx-xxxx-xxxx), created in Bluesky's Settings › Privacy and security. */
  password: string
  /** The account's PDS or the entryway; defaults to the network's base URL. */
  service?: string
  signal?: AbortSignal
}

/** Signs in with an app password and returns the credentials to store for the channel. */
export async function signInToBluesky(
  fetch: FetchFunction,
  defaultService: string,
  request: BlueskySignIn,
): Promise<BlueskyCredentials> {
  const service = withoutTrailingSlash(request.service?.trim() || defaultService)
  const identifier = request.identifier.trim().replace(/^@/, '')
  try {
    const answer = await callSessionProcedure(fetch, service, 'com.atproto.server.createSession', {
      body: { identifier, password: request.password },
      signal: request.signal,
    })
    return credentialsFromSession(service, answer)
  } catch (error) {
    if (NetworkError.isInstance(error) && error.kind === 'auth_expired') {
      const message =
        error.code === 'AuthFactorTokenRequired'
          ? 'Bluesky: this account asks for an email code at sign-in; use an app password instead'
          : `Bluesky: wrong handle, email or app password for ${identifier} (${error.reason ?? 'refused'})`
      throw new NetworkError({ ...error.toOptions(), message })
    }
    throw error
  }
}

export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
