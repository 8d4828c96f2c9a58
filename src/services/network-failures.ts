import { MurmurError } from '../core/errors.js'
import { findNetworkError } from '../networks/spec/index.js'

/**
 * Turns a network failure met while answering a request (sign-in, delete) into the API's error,
 * keeping the network's words. Anything that is not a NetworkError is a bug and is rethrown.
 */
export function murmurErrorFromNetwork(error: unknown, doing: string): MurmurError {
  const failure = findNetworkError(error)
  if (!failure) throw error
  const details = { network: failure.network, kind: failure.kind, reason: failure.reason ?? null }
  switch (failure.kind) {
    case 'auth_expired':
    case 'content_rejected':
      return new MurmurError('validation_failed', `Could not ${doing}. ${failure.message}`, {
        details,
        cause: failure,
      })
    case 'retryable':
      return new MurmurError(
        'unavailable',
        `Could not ${doing} right now. ${failure.message}. Try again in a moment.`,
        {
          details,
          cause: failure,
          ...(failure.retryAfterMs !== undefined && {
            retryAfterSeconds: Math.max(1, Math.ceil(failure.retryAfterMs / 1000)),
          }),
        },
      )
    case 'outcome_unknown':
      return new MurmurError(
        'unavailable',
        `Could not ${doing}: the network did not answer in time (${failure.message}). Check it there, then try again.`,
        { details, cause: failure },
      )
  }
}
