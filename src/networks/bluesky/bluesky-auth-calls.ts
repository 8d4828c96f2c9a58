import type { FetchFunction } from '../spec/fetch-function.js'
import type { BlueskyCredentials } from './bluesky-credentials.js'
import { blueskyResponseFailure, blueskyTransportFailure } from './bluesky-failure.js'

/** What createSession and refreshSession answer (only the fields Murmur uses). */
interface SessionAnswer {
  did: string
  handle: string
  accessJwt: string
  refreshJwt: string
  didDoc?: unknown
}

/**
 * The two session procedures, called with plain fetch: they run outside an authenticated agent
 * and take the refresh token (not the access token) as bearer.
 */
export async function callSessionProcedure(
  fetch: FetchFunction,
  service: string,
  nsid: 'com.atproto.server.createSession' | 'com.atproto.server.refreshSession',
  request: { body?: unknown; bearer?: string; signal?: AbortSignal },
): Promise<SessionAnswer> {
  const headers: Record<string, string> = {}
  if (request.body !== undefined) headers['content-type'] = 'application/json'
  if (request.bearer) headers.authorization = `Bearer ${request.bearer}`
  let response: Response
  try {
    response = await fetch(new URL(`/xrpc/${nsid}`, service), {
      method: 'POST',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
    })
  } catch (error) {
    throw blueskyTransportFailure(error, nsid)
  }
  if (!response.ok) throw await blueskyResponseFailure(response, nsid)
  return (await response.json()) as SessionAnswer
}

/** Builds stored credentials from a session answer, keeping the account's own PDS address. */
export function credentialsFromSession(
  service: string,
  answer: SessionAnswer,
  previous?: BlueskyCredentials,
): BlueskyCredentials {
  const pdsUrl = pdsUrlFromDidDoc(answer.didDoc) ?? previous?.pdsUrl
  return {
    did: answer.did,
    handle: answer.handle ?? previous?.handle ?? '',
    service,
    ...(pdsUrl && { pdsUrl }),
    accessJwt: answer.accessJwt,
    refreshJwt: answer.refreshJwt,
  }
}

function pdsUrlFromDidDoc(didDoc: unknown): string | undefined {
  if (typeof didDoc !== 'object' || didDoc === null) return undefined
  const services = (didDoc as { service?: unknown }).service
  if (!Array.isArray(services)) return undefined
  for (const service of services) {
    const { id, type, serviceEndpoint } = service as Record<string, unknown>
    const isPds =
      (id === '#atproto_pds' || (typeof id === 'string' && id.endsWith('#atproto_pds'))) &&
      type === 'AtprotoPersonalDataServer'
    if (isPds && typeof serviceEndpoint === 'string') return serviceEndpoint
  }
  return undefined
}
