/**
 * Graph API answers as Meta documents them (graph.facebook.com, graph.instagram.com,
 * graph.threads.net): `{"error":{message,type,code,error_subcode,fbtrace_id}}` bodies and the
 * usage headers. Where Meta does not document the HTTP status of an error (throttles), the fake
 * uses 400 and lets tests choose another.
 */
import { randomBytes } from 'node:crypto'
import type { FakeReply } from '../support/fake-http-server.js'

export interface GraphErrorOptions {
  message: string
  code: number
  subcode?: number
  type?: string
  userTitle?: string
  userMessage?: string
  isTransient?: boolean
  headers?: Record<string, string>
}

export function graphError(status: number, options: GraphErrorOptions): FakeReply {
  return {
    status,
    ...(options.headers && { headers: options.headers }),
    body: {
      error: {
        message: options.message,
        type: options.type ?? 'OAuthException',
        code: options.code,
        ...(options.subcode !== undefined && { error_subcode: options.subcode }),
        ...(options.isTransient !== undefined && { is_transient: options.isTransient }),
        ...(options.userTitle && { error_user_title: options.userTitle }),
        ...(options.userMessage && { error_user_msg: options.userMessage }),
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    },
  }
}

/** `GET`/`DELETE` of an id that does not exist (or this token may not see). */
export function unsupportedRequest(method: string, id: string): FakeReply {
  return graphError(400, {
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    type: 'GraphMethodException',
    code: 100,
    subcode: 33,
  })
}

export function invalidParameter(message: string, subcode?: number): FakeReply {
  return graphError(400, {
    message: `(#100) ${message}`,
    code: 100,
    ...(subcode !== undefined && { subcode }),
  })
}

export type TokenProblem = 'unknown' | 'expired' | 'password changed' | 'app removed'

/** Code 190, with the subcode Meta uses for each reason. */
export function invalidToken(problem: TokenProblem): FakeReply {
  switch (problem) {
    case 'expired':
      return graphError(400, {
        message: 'Error validating access token: Session has expired.',
        code: 190,
        subcode: 463,
      })
    case 'password changed':
      return graphError(400, {
        message:
          'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
        code: 190,
        subcode: 460,
      })
    case 'app removed':
      return graphError(400, {
        message: 'Error validating access token: The user has not authorized application.',
        code: 190,
        subcode: 458,
      })
    default:
      return graphError(400, {
        message: 'Invalid OAuth access token - Cannot parse access token',
        code: 190,
      })
  }
}

export function missingPermission(permission: string): FakeReply {
  return graphError(403, {
    message: `(#200) The user hasn't authorized the application to perform this action (requires ${permission})`,
    code: 200,
  })
}

/** Meta's wording for each throttle code. */
const THROTTLE_MESSAGES: Readonly<Record<number, string>> = {
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  613: '(#613) Calls to this api have exceeded the rate limit.',
  80001: 'There have been too many calls to this Page account. Wait a bit and try again.',
  80002: 'There have been too many calls to this Instagram account. Wait a bit and try again.',
}

export interface ThrottleOptions {
  code: number
  /** Minutes in `estimated_time_to_regain_access` of the BUC header; 0 sends none. */
  regainMinutes?: number
  /** HTTP status; Meta does not document one for throttles. */
  status?: number
  /** Object id the BUC header is keyed by (the Page or account). */
  objectId?: string
  /** BUC `type`: pages, instagram… */
  bucType?: string
}

/** A throttle answer with the usage headers at 100%, as Meta sends once a limit is reached. */
export function throttled(options: ThrottleOptions): FakeReply {
  const headers: Record<string, string> = {
    'x-app-usage': JSON.stringify({ call_count: 100, total_time: 40, total_cputime: 35 }),
  }
  if (options.objectId) {
    headers['x-business-use-case-usage'] = bucHeader(options.objectId, {
      type: options.bucType ?? 'pages',
      percent: 100,
      regainMinutes: options.regainMinutes ?? 0,
    })
  }
  return graphError(options.status ?? 400, {
    message: THROTTLE_MESSAGES[options.code] ?? `(#${options.code}) Rate limit reached`,
    code: options.code,
    isTransient: true,
    headers,
  })
}

export function bucHeader(
  objectId: string,
  usage: { type: string; percent: number; regainMinutes: number },
): string {
  return JSON.stringify({
    [objectId]: [
      {
        type: usage.type,
        call_count: usage.percent,
        total_cputime: Math.min(usage.percent, 25),
        total_time: Math.min(usage.percent, 25),
        estimated_time_to_regain_access: usage.regainMinutes,
      },
    ],
  })
}

export function appUsageHeader(percent: number): string {
  return JSON.stringify({
    call_count: percent,
    total_time: Math.min(percent, 30),
    total_cputime: Math.min(percent, 30),
  })
}

export function serverError(status = 500): FakeReply {
  return graphError(status, {
    message: 'An unexpected error has occurred. Please retry your request later.',
    code: 2,
    isTransient: true,
  })
}
