import type { IncomingMessage } from 'node:http'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { classifyAgent } from '../core/links/agents.js'
import { canonicalCode, isPlausibleCode } from '../core/links/codes.js'
import { newClickId } from '../links/click-ids.js'
import type { ResolvedLink } from '../links/link-resolver.js'
import {
  gonePage,
  notFoundPage,
  PAGE_HEADERS,
  previewPage,
  unavailablePage,
} from '../links/pages.js'
import { linkTraffic } from '../links/traffic.js'
import type { Murmur } from '../murmur.js'
import type { AppEnv } from './env.js'

const PRIVATE_PEER =
  /^(?:127\.|10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|::1$|::ffff:127\.|::ffff:10\.|::ffff:192\.168\.|f[cd][0-9a-f]{2}:)/i

/**
 * The visitor's address. Behind a reverse proxy on the same host or network
 * (the peer is a private address) it is the last X-Forwarded-For hop, the one
 * the proxy added; a client on the internet cannot choose it.
 */
export function clientIp(c: Context): string {
  // In-process requests (tests) have no socket.
  const peer = (c.env as NodeBindings)?.incoming?.socket.remoteAddress
  if (!peer || PRIVATE_PEER.test(peer)) {
    const forwarded = headerOf(c, 'x-forwarded-for')
    const last = forwarded?.split(',').at(-1)?.trim()
    if (last) return last
  }
  return peer ?? 'unknown'
}

/**
 * Under @hono/node-server, Node's own parsed headers and URL are at hand and
 * reading them skips building a Fetch `Headers` object for every redirect.
 * In-process requests (tests) have no `incoming` and use the Request.
 */
type NodeBindings = { incoming?: IncomingMessage } | undefined

function headerOf(
  c: Context,
  name: 'user-agent' | 'referer' | 'x-forwarded-for',
): string | undefined {
  const incoming = (c.env as NodeBindings)?.incoming
  if (!incoming) return c.req.header(name)
  const value = incoming.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

function requestPath(c: Context): string {
  return (c.env as NodeBindings)?.incoming?.url ?? c.req.url
}

function viaQr(url: string): boolean {
  const query = url.indexOf('?')
  return query !== -1 && /(?:^|&)qr=1(?:&|$)/.test(url.slice(query + 1))
}

const html = (body: string, status: 200 | 404 | 410 | 503) =>
  new Response(body, { status, headers: PAGE_HEADERS })

const redirectTo = (location: string) =>
  new Response(null, { status: 302, headers: { location, 'cache-control': 'no-store' } })

/**
 * `GET /l/{code}`: the redirect. It is registered before the app's logging
 * and security middleware on purpose: it is the hottest path, logs nothing per
 * request, sets its own headers, and never waits for a database write. The
 * click goes to an in-memory buffer that LinkTraffic flushes in batches.
 */
export function redirectRoutes(app: OpenAPIHono<AppEnv>, murmur: Murmur) {
  const traffic = linkTraffic(murmur)
  const shortUrlBase = `${murmur.config.publicUrl}/l/`

  /** The answer for a known link (or null for an unknown code). Synchronous: no await on a cache hit. */
  const answer = (c: Context, link: ResolvedLink | null): Response => {
    if (!link) return html(notFoundPage(), 404)
    const now = murmur.now()
    if (link.archived) return html(gonePage('archived'), 410)
    if (link.expiresAt !== null && link.expiresAt <= now) return html(gonePage('expired'), 410)

    const userAgent = headerOf(c, 'user-agent')
    const kind = classifyAgent(c.req.method, userAgent)
    const clickId = newClickId(now)
    traffic.recorder.record({
      clickId,
      linkId: link.id,
      workspaceId: link.workspaceId,
      at: now,
      ip: kind === 'human' ? clientIp(c) : '',
      userAgent: userAgent ?? '',
      referer: headerOf(c, 'referer') ?? null,
      isBot: kind !== 'human',
      viaQr: viaQr(requestPath(c)),
    })
    if (kind === 'preview' && link.preview) {
      return html(
        previewPage({
          shortUrl: shortUrlBase + link.code,
          destination: link.destination,
          title: link.preview.title,
          description: link.preview.description,
          imageUrl: link.preview.imageUrl,
        }),
        200,
      )
    }
    if (kind !== 'human' || link.clickHead === null) return redirectTo(link.destination)
    return redirectTo(link.clickHead + clickId + link.clickTail)
  }

  const afterLookup = async (c: Context, code: string): Promise<Response> => {
    try {
      return answer(c, await traffic.links.load(code))
    } catch (error) {
      murmur.log.error({ err: error, code }, 'link lookup failed')
      return html(unavailablePage(), 503)
    }
  }

  app.get('/l/:code', (c) => {
    const code = canonicalCode(c.req.param('code'))
    if (!isPlausibleCode(code)) return html(notFoundPage(), 404)
    const cached = traffic.links.peek(code)
    return cached === undefined ? afterLookup(c, code) : answer(c, cached)
  })
}
