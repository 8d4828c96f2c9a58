import { type AgentKind, knownAgent } from '../core/links/agents.js'
import { canonicalCode, isPlausibleCode } from '../core/links/codes.js'
import type { Murmur } from '../murmur.js'
import { newClickId } from './click-ids.js'
import type { ResolvedLink } from './link-resolver.js'
import { gonePage, notFoundPage, PAGE_HEADERS, previewPage, unavailablePage } from './pages.js'
import { type LinkTraffic, linkTraffic } from './traffic.js'

/** A request for /l/CODE, whatever server it came through. */
export interface RedirectRequest {
  /** The path segment after /l/, already URI-decoded. */
  code: string
  method: string
  /** The query string without "?", or ''. */
  query: string
  userAgent: string | undefined
  referer: string | undefined
  /** The TCP peer, or undefined for in-process requests. */
  peer: string | undefined
  forwardedFor: string | undefined
  /** On a workspace's custom short domain: only that workspace's links resolve there. */
  shortDomain?: { host: string; workspaceId: string } | undefined
}

export interface RedirectAnswer {
  status: 200 | 302 | 404 | 410 | 503
  headers: Record<string, string>
  body: string | null
}

const PRIVATE_PEER =
  /^(?:127\.|10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|::1$|::ffff:127\.|::ffff:10\.|::ffff:192\.168\.|f[cd][0-9a-f]{2}:)/i

/**
 * The visitor's address. Behind a reverse proxy on the same host or network
 * (the peer is a private address) it is the last X-Forwarded-For hop, the one
 * the proxy added; a client on the internet cannot choose it.
 */
export function visitorAddress(peer: string | undefined, forwardedFor: string | undefined): string {
  if (forwardedFor && (!peer || isPrivatePeer(peer))) {
    const last = forwardedFor.slice(forwardedFor.lastIndexOf(',') + 1).trim()
    if (last) return last
  }
  return peer ?? 'unknown'
}

// A server sees few distinct peers behind a proxy (often one): the last answer is kept.
let lastPeer = ''
let lastPeerPrivate = false

function isPrivatePeer(peer: string): boolean {
  if (peer !== lastPeer) {
    lastPeerPrivate = PRIVATE_PEER.test(peer)
    lastPeer = peer
  }
  return lastPeerPrivate
}

const QR_SCAN = /(?:^|&)qr=1(?:&|$)/

const page = (body: string, status: RedirectAnswer['status']): RedirectAnswer => ({
  status,
  headers: PAGE_HEADERS,
  body,
})

const redirectTo = (location: string): RedirectAnswer => ({
  status: 302,
  headers: { location, 'cache-control': 'no-store' },
  body: null,
})

/**
 * The redirect, independent of the HTTP server: on a cached link the answer
 * is synchronous (no promise, no await), and the click goes to the in-memory
 * buffer that LinkTraffic writes in batches. Nothing here waits for a write.
 */
export class Redirector {
  readonly #traffic: LinkTraffic
  readonly #shortUrlBase: string

  constructor(private readonly murmur: Murmur) {
    this.#traffic = linkTraffic(murmur)
    this.#shortUrlBase = `${murmur.config.publicUrl}/l/`
  }

  answer(request: RedirectRequest): RedirectAnswer | Promise<RedirectAnswer> {
    const code = canonicalCode(request.code)
    if (!isPlausibleCode(code)) return page(notFoundPage(), 404)
    const cached = this.#traffic.links.peek(code)
    if (cached !== undefined) return this.#answer(request, cached)
    return this.#traffic.links.load(code).then(
      (link) => this.#answer(request, link),
      (error: unknown) => {
        this.murmur.log.error({ err: error, code }, 'link lookup failed')
        return page(unavailablePage(), 503)
      },
    )
  }

  #answer(request: RedirectRequest, link: ResolvedLink | null): RedirectAnswer {
    if (!link) return page(notFoundPage(), 404)
    const domain = request.shortDomain
    if (domain && link.workspaceId !== domain.workspaceId) return page(notFoundPage(), 404)
    const now = this.murmur.now()
    if (link.archived) return page(gonePage('archived'), 410)
    if (link.expiresAt !== null && link.expiresAt <= now) return page(gonePage('expired'), 410)

    // Every browser sends a user agent; people's browsers never ask with HEAD.
    const agent = request.userAgent ? knownAgent(request.userAgent) : undefined
    let kind: AgentKind = agent ? agent.kind : 'bot'
    if (kind === 'human' && request.method === 'HEAD') kind = 'bot'
    const clickId = newClickId(now)
    // Only what the click row needs is kept here; parsing the agent, the country lookup and
    // the visitor hash happen in the click writer, after the answer has gone.
    this.#traffic.recorder.record({
      clickId,
      linkId: link.id,
      workspaceId: link.workspaceId,
      at: now,
      ip: kind === 'human' ? visitorAddress(request.peer, request.forwardedFor) : '',
      userAgent: agent ? agent.userAgent : '',
      referer: request.referer ?? null,
      isBot: kind !== 'human',
      viaQr: request.query !== '' && QR_SCAN.test(request.query),
    })
    if (kind === 'preview' && link.preview) {
      return page(
        previewPage({
          shortUrl: domain ? `https://${domain.host}/${link.code}` : this.#shortUrlBase + link.code,
          destination: link.destination,
          title: link.preview.title,
          description: link.preview.description,
          imageUrl: link.preview.imageUrl,
          sharePageUrl: link.isShareLink
            ? `${this.murmur.config.publicUrl}/s/${link.code}`
            : undefined,
        }),
        200,
      )
    }
    if (kind !== 'human' || link.clickHead === null) return redirectTo(link.destination)
    return redirectTo(link.clickHead + clickId + link.clickTail)
  }
}
