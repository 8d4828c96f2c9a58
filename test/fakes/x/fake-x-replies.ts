/** X's error bodies, as its API v2 documentation shows them. */
import type { FakeReply } from '../support/fake-http-server.js'

/** RFC 7807-style problem, e.g. 403 duplicate content. */
export function problem(
  status: number,
  title: string,
  detail: string,
  type = 'about:blank',
): FakeReply {
  return { status, body: { title, detail, type, status } }
}

/** 400 with the parameter that was wrong. */
export function invalidRequest(parameter: string, value: string, message: string): FakeReply {
  return {
    status: 400,
    body: {
      errors: [{ parameters: { [parameter]: [value] }, message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.x.com/2/problems/invalid-request',
    },
  }
}

export const unauthorized = (): FakeReply => problem(401, 'Unauthorized', 'Unauthorized')

export function notFoundProblem(id: string, parameter = 'id'): Record<string, string> {
  return {
    value: id,
    detail: `Could not find tweet with ${parameter}: [${id}].`,
    title: 'Not Found Error',
    resource_type: 'tweet',
    parameter,
    resource_id: id,
    type: 'https://api.x.com/2/problems/resource-not-found',
  }
}

/** The token endpoint speaks OAuth: `{error, error_description}`. */
export function oauthError(status: number, error: string, description: string): FakeReply {
  return { status, body: { error, error_description: description } }
}

/**
 * X's rate-limit answer. The documentation shows the legacy body; v2 endpoints also send a
 * problem object. Both come with the same headers, reset in epoch seconds.
 */
export function rateLimited(options: {
  resetAtMs: number
  limit?: number
  shape?: 'legacy' | 'problem'
  /** Also exhaust the 24-hour per-user cap, resetting at this time. */
  dailyResetAtMs?: number
}): FakeReply {
  const headers: Record<string, string> = {
    'x-rate-limit-limit': String(options.limit ?? 100),
    'x-rate-limit-remaining': '0',
    'x-rate-limit-reset': String(Math.ceil(options.resetAtMs / 1000)),
  }
  if (options.dailyResetAtMs !== undefined) {
    headers['x-user-limit-24hour-limit'] = '17'
    headers['x-user-limit-24hour-remaining'] = '0'
    headers['x-user-limit-24hour-reset'] = String(Math.ceil(options.dailyResetAtMs / 1000))
  }
  const body =
    options.shape === 'problem'
      ? {
          title: 'Too Many Requests',
          detail: 'Too Many Requests',
          type: 'about:blank',
          status: 429,
        }
      : { errors: [{ code: 88, message: 'Rate limit exceeded' }] }
  return { status: 429, headers, body }
}
