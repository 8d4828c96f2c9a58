import type { IncomingMessage, ServerResponse } from 'node:http'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { notFoundPage, PAGE_HEADERS } from '../links/pages.js'
import {
  type RedirectAnswer,
  Redirector,
  type RedirectRequest,
  visitorAddress,
} from '../links/redirector.js'
import { hostName, shortDomainsFor } from '../links/short-domains.js'
import type { Murmur } from '../murmur.js'
import type { AppEnv } from './env.js'

type NodeBindings = { incoming?: IncomingMessage } | undefined

const asResponse = (answer: RedirectAnswer) =>
  new Response(answer.body, { status: answer.status, headers: answer.headers })

const single = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join(', ') : value

/** The request's fields: from Node's parsed request under @hono/node-server, else the Fetch Request (tests). */
function requestOf(c: Context, shortDomain?: RedirectRequest['shortDomain']): RedirectRequest {
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
      shortDomain,
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
    shortDomain,
  }
}

const notFound = (): RedirectAnswer => ({
  status: 404,
  headers: PAGE_HEADERS,
  body: notFoundPage(),
})

/**
 * The code a path names on a custom short domain: `/CODE` or `/l/CODE`; null for any
 * other path (the domain serves short links and nothing else).
 */
export function shortDomainCode(path: string): string | null {
  const rest = path.startsWith('/l/') ? path.slice(3) : path.slice(1)
  if (!rest || rest.includes('/')) return null
  try {
    return decodeURIComponent(rest)
  } catch {
    return null
  }
}

/**
 * `GET /l/{code}`: the redirect. It is registered before the app's logging
 * and security middleware on purpose: it is the hottest path, logs nothing per
 * request, sets its own headers, and never waits for a database write.
 */
export function redirectRoutes(app: OpenAPIHono<AppEnv>, murmur: Murmur) {
  const redirector = new Redirector(murmur)
  const mainHost = new URL(murmur.config.publicUrl).hostname
  const domains = shortDomainsFor(murmur.db)
  const respond = (request: RedirectRequest): Response | Promise<Response> => {
    const answer = redirector.answer(request)
    return answer instanceof Promise ? answer.then(asResponse) : asResponse(answer)
  }
  // A workspace's custom short domain answers /CODE and /l/CODE with that workspace's links,
  // and nothing else; every other host goes on to the app as before.
  app.use('*', async (c, next) => {
    const host = hostName(c.req.header('host') ?? new URL(c.req.url).host)
    if (host === mainHost) return next()
    await domains.ready().catch(() => undefined) // unreadable: treat as an ordinary host
    const workspaceId = domains.workspaceFor(host)
    if (!workspaceId) return next()
    const code = shortDomainCode(c.req.path)
    if (code === null || (c.req.method !== 'GET' && c.req.method !== 'HEAD'))
      return asResponse(notFound())
    return respond({ ...requestOf(c, { host, workspaceId }), code })
  })
  app.get('/l/:code', (c) => respond(requestOf(c)))
}

/** The visitor's address as the redirect sees it (see visitorAddress): for other public endpoints. */
export function clientIp(c: Context): string {
  const incoming = (c.env as NodeBindings)?.incoming
  return visitorAddress(
    incoming?.socket.remoteAddress,
    incoming ? single(incoming.headers['x-forwarded-for']) : c.req.header('x-forwarded-for'),
  )
}

/** The headers the redirect reads, in one pass over the raw list. */
interface RedirectHeaders {
  host: string | undefined
  userAgent: string | undefined
  referer: string | undefined
  forwardedFor: string | undefined
}

/**
 * Reads the four headers from `rawHeaders` the way Node's `headers` object
 * would (the first Host, User-Agent and Referer count; X-Forwarded-For lines
 * are joined), without making that object: Node builds it on first use, and
 * that cost a redirect more than the lookup of its link.
 */
export function redirectHeaders(raw: readonly string[]): RedirectHeaders {
  const found: RedirectHeaders = {
    host: undefined,
    userAgent: undefined,
    referer: undefined,
    forwardedFor: undefined,
  }
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string
    const value = raw[i + 1] as string
    switch (name.length) {
      case 4:
        if (found.host === undefined && name.toLowerCase() === 'host') found.host = value
        break
      case 7:
        if (found.referer === undefined && name.toLowerCase() === 'referer') found.referer = value
        break
      case 10:
        if (found.userAgent === undefined && name.toLowerCase() === 'user-agent')
          found.userAgent = value
        break
      case 15:
        if (name.toLowerCase() === 'x-forwarded-for')
          found.forwardedFor =
            found.forwardedFor === undefined ? value : `${found.forwardedFor}, ${value}`
        break
    }
  }
  return found
}

/**
 * The same redirect as a plain Node request listener, for the server to put in
 * front of the app: `(request, response) => handled`. Skipping the Fetch
 * Request/Response adapter and the router roughly halves the CPU a redirect
 * takes (docs/benchmarks.md). Anything but GET/HEAD /l/CODE is left to the app.
 */
export function redirectListener(murmur: Murmur) {
  const redirector = new Redirector(murmur)
  const mainHost = new URL(murmur.config.publicUrl).hostname
  const domains = shortDomainsFor(murmur.db)
  // Nearly every request names the same host: the last header's host name is kept.
  let lastHostHeader: string | undefined
  let lastHost = ''
  const hostOf = (header: string | undefined) => {
    if (header !== lastHostHeader) {
      lastHost = hostName(header)
      lastHostHeader = header
    }
    return lastHost
  }
  const send = (response: ServerResponse, answer: RedirectAnswer) => {
    response.writeHead(answer.status, answer.headers)
    response.end(answer.body ?? undefined)
  }
  const answer = (
    request: IncomingMessage,
    response: ServerResponse,
    headers: RedirectHeaders,
    code: string,
    query: string,
    shortDomain?: RedirectRequest['shortDomain'],
  ) => {
    const ready = redirector.answer({
      code,
      method: request.method ?? 'GET',
      query,
      userAgent: headers.userAgent,
      referer: headers.referer,
      peer: request.socket.remoteAddress,
      forwardedFor: headers.forwardedFor,
      shortDomain,
    })
    if (ready instanceof Promise) ready.then((later) => send(response, later))
    else send(response, ready)
  }
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = request.url ?? ''
    const method = request.method
    const isRedirect = url.startsWith('/l/') && (method === 'GET' || method === 'HEAD')
    const headers = redirectHeaders(request.rawHeaders)
    const queryAt = url.indexOf('?')
    const query = queryAt === -1 ? '' : url.slice(queryAt + 1)
    const host = hostOf(headers.host)
    if (host !== mainHost && host !== '') {
      // Unknown until the registry is loaded: the app's route (which waits for it) answers then.
      const workspaceId = domains.workspaceFor(host)
      if (workspaceId) {
        const path = url.slice(0, queryAt === -1 ? undefined : queryAt)
        const code = shortDomainCode(path)
        if (code === null || (method !== 'GET' && method !== 'HEAD')) send(response, notFound())
        else answer(request, response, headers, code, query, { host, workspaceId })
        return true
      }
    }
    if (!isRedirect) return false
    const path = url.slice(3, queryAt === -1 ? undefined : queryAt)
    if (path.includes('/')) return false
    let code = path
    if (path.includes('%')) {
      try {
        code = decodeURIComponent(path)
      } catch {
        code = '' // malformed escapes: not a code
      }
    }
    answer(request, response, headers, code, query)
    return true
  }
}
