import type { IncomingMessage, ServerResponse } from 'node:http'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import {
  type RedirectAnswer,
  Redirector,
  type RedirectRequest,
  visitorAddress,
} from '../links/redirector.js'
import type { Murmur } from '../murmur.js'
import type { AppEnv } from './env.js'

type NodeBindings = { incoming?: IncomingMessage } | undefined

const asResponse = (answer: RedirectAnswer) =>
  new Response(answer.body, { status: answer.status, headers: answer.headers })

const single = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join(', ') : value

/** The request's fields: from Node's parsed request under @hono/node-server, else the Fetch Request (tests). */
function requestOf(c: Context): RedirectRequest {
  const incoming = (c.env as NodeBindings)?.incoming
  const url = incoming?.url ?? c.req.url
  const query = url.indexOf('?')
  if (incoming) {
    return {
      code: c.req.param('code') ?? '',
      method: c.req.method,
      query: query === -1 ? '' : url.slice(query + 1),
      userAgent: single(incoming.headers['user-agent']),
      referer: single(incoming.headers.referer),
      peer: incoming.socket.remoteAddress,
      forwardedFor: single(incoming.headers['x-forwarded-for']),
    }
  }
  return {
    code: c.req.param('code') ?? '',
    method: c.req.method,
    query: query === -1 ? '' : url.slice(query + 1),
    userAgent: c.req.header('user-agent'),
    referer: c.req.header('referer'),
    peer: undefined,
    forwardedFor: c.req.header('x-forwarded-for'),
  }
}

/**
 * `GET /l/{code}`: the redirect. It is registered before the app's logging
 * and security middleware on purpose: it is the hottest path, logs nothing per
 * request, sets its own headers, and never waits for a database write.
 */
export function redirectRoutes(app: OpenAPIHono<AppEnv>, murmur: Murmur) {
  const redirector = new Redirector(murmur)
  const respond = (c: Context): Response | Promise<Response> => {
    const answer = redirector.answer(requestOf(c))
    return answer instanceof Promise ? answer.then(asResponse) : asResponse(answer)
  }
  app.get('/l/:code', respond)
}

/** The visitor's address as the redirect sees it (see visitorAddress): for other public endpoints. */
export function clientIp(c: Context): string {
  const incoming = (c.env as NodeBindings)?.incoming
  return visitorAddress(
    incoming?.socket.remoteAddress,
    incoming ? single(incoming.headers['x-forwarded-for']) : c.req.header('x-forwarded-for'),
  )
}

/**
 * The same redirect as a plain Node request listener, for the server to put in
 * front of the app: `(request, response) => handled`. Skipping the Fetch
 * Request/Response adapter and the router roughly halves the CPU a redirect
 * takes (docs/benchmarks.md). Anything but GET/HEAD /l/CODE is left to the app.
 */
export function redirectListener(murmur: Murmur) {
  const redirector = new Redirector(murmur)
  const send = (response: ServerResponse, answer: RedirectAnswer) => {
    response.writeHead(answer.status, answer.headers)
    response.end(answer.body ?? undefined)
  }
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = request.url ?? ''
    if (!url.startsWith('/l/') || (request.method !== 'GET' && request.method !== 'HEAD'))
      return false
    const queryAt = url.indexOf('?')
    const path = url.slice(3, queryAt === -1 ? undefined : queryAt)
    if (path.includes('/')) return false
    let code: string
    try {
      code = decodeURIComponent(path)
    } catch {
      code = '' // malformed escapes: not a code
    }
    const answer = redirector.answer({
      code,
      method: request.method,
      query: queryAt === -1 ? '' : url.slice(queryAt + 1),
      userAgent: request.headers['user-agent'],
      referer: request.headers.referer,
      peer: request.socket.remoteAddress,
      forwardedFor: single(request.headers['x-forwarded-for']),
    })
    if (answer instanceof Promise) answer.then((ready) => send(response, ready))
    else send(response, answer)
    return true
  }
}
