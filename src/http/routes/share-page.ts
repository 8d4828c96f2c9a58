import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { forbidden, MurmurError, notFound } from '../../core/errors.js'
import { classifyAgent } from '../../core/links/agents.js'
import { canonicalCode, isPlausibleCode } from '../../core/links/codes.js'
import { startOfUtcDay, visitorId } from '../../core/links/visitor.js'
import { newClickId } from '../../links/click-ids.js'
import { escapeHtml } from '../../links/pages.js'
import { linkTraffic } from '../../links/traffic.js'
import { VisitorSalts } from '../../links/visitor-salts.js'
import type { Murmur } from '../../murmur.js'
import { createChildForVisitor, findPublicShareLink } from '../../services/share-links.js'
import type { AppEnv } from '../env.js'
import { toMurmurError } from '../errors.js'
import { isCrossSite } from '../public-form.js'
import { RateLimiter } from '../rate-limiter.js'
import { clientIp } from '../redirect.js'

/** Share links one address may ask for per hour (`POST /s/{code}/child`). */
export const CHILD_LINKS_PER_HOUR = 60
/** `?ref=` visits one address may report per hour: a busy reader, not a click farm. */
export const REF_VISITS_PER_HOUR = 600

/** One salt reader per Murmur: visitor ids for share buttons match the redirect's. */
const salts = new WeakMap<Murmur, VisitorSalts>()

async function visitorOf(c: Context<AppEnv>, workspaceId: string): Promise<string> {
  const murmur = c.var.murmur
  let reader = salts.get(murmur)
  if (!reader) {
    reader = new VisitorSalts(murmur.db)
    salts.set(murmur, reader)
  }
  const salt = await reader.saltFor(startOfUtcDay(murmur.now()))
  return visitorId(salt, workspaceId, clientIp(c), c.req.header('user-agent') ?? '')
}

/** The page's own headers: no script at all; the one form posts back here. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: http:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
}

/** The site script calls the JSON endpoints from the business's own site. */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '86400',
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:10vh auto;padding:0 1.25rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem;margin:0 0 .5rem}p{margin:.5rem 0;color:#57606a}a{color:#0969da}img{max-width:100%;border-radius:8px}
button,.button{display:inline-block;font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #0969da;background:#0969da;color:#fff;text-decoration:none;cursor:pointer}
.secondary{background:transparent;color:#0969da}input{font:inherit;width:100%;padding:.4rem;box-sizing:border-box}
.row{display:flex;gap:.75rem;flex-wrap:wrap;margin:1rem 0}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}p{color:#9da7b3}a{color:#4493f8}}`

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname
  } catch {
    return url
  }
}

/** The share link's page: the preview card, a way on, and the "Share this" button. */
function sharePage(link: NonNullable<Awaited<ReturnType<typeof findPublicShareLink>>>['link']) {
  const title = link.title ?? hostOf(link.destination)
  const image = /^https?:\/\//i.test(link.imageUrl ?? '')
    ? `<p><img src="${escapeHtml(link.imageUrl!)}" alt=""></p>`
    : ''
  const description = link.description ? `<p>${escapeHtml(link.description)}</p>` : ''
  return page(
    title,
    `${image}<h1>${escapeHtml(title)}</h1>${description}
<p>Shared from ${escapeHtml(link.business)}.</p>
<div class="row"><a class="button secondary" href="${escapeHtml(link.shortUrl)}">Continue to ${escapeHtml(hostOf(link.destination))}</a>
<form method="post" action="/s/${escapeHtml(link.code)}/child"><button type="submit">Share this</button></form></div>
<p>“Share this” gives you your own link to pass on. It does not say who you are.</p>`,
  )
}

function yourLinkPage(shortUrl: string, created: boolean) {
  return page(
    'Your share link',
    `<h1>Your own link to share</h1>
<p>${created ? 'Here it is.' : 'You already had one; here it is again.'} Copy it and send it to anyone who would like it.</p>
<p><input readonly value="${escapeHtml(shortUrl)}" aria-label="Your share link"></p>
<p><a href="${escapeHtml(shortUrl)}">${escapeHtml(shortUrl)}</a></p>`,
  )
}

function errorPage(error: MurmurError) {
  const message =
    error.code === 'not_found'
      ? 'This share link does not exist or is no longer active.'
      : error.message
  return page(
    'Cannot share this link',
    `<h1>Cannot share this link</h1><p>${escapeHtml(message)}</p>`,
  )
}

const HTML_STATUS = { not_found: 404, forbidden: 403, rate_limited: 429 } as const

function htmlError(error: unknown, c: Context<AppEnv>): Response {
  const known = toMurmurError(error)
  if (known.code === 'internal') c.var.murmur.log.error({ err: error }, 'share page failed')
  const status = HTML_STATUS[known.code as keyof typeof HTML_STATUS] ?? 503
  const headers: Record<string, string> = { ...PAGE_HEADERS }
  if (known.retryAfterSeconds) headers['retry-after'] = String(known.retryAfterSeconds)
  return new Response(errorPage(known), { status, headers })
}

const isForm = (c: Context) =>
  /^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? '')

/**
 * Public endpoints of share links, outside the API: the share page with its
 * "Share this" button, the visitor's own child link, and `?ref=` visits
 * reported by the site script. None of them says who shared a link.
 */
export function publicShareRoutes(app: OpenAPIHono<AppEnv>) {
  // Per address: enough for a household sharing all day, too few to farm links by the thousand.
  const perAddress = new RateLimiter(CHILD_LINKS_PER_HOUR, 3_600_000)
  const visitsPerAddress = new RateLimiter(REF_VISITS_PER_HOUR, 3_600_000)

  const codeOf = (c: Context) => {
    const code = canonicalCode(c.req.param('code') ?? '')
    if (!isPlausibleCode(code)) throw notFound('Share link')
    return code
  }

  app.get('/s/:code', async (c) => {
    try {
      const found = await findPublicShareLink(c.var.murmur, codeOf(c))
      if (!found) throw notFound('Share link')
      return new Response(sharePage(found.link), { status: 200, headers: PAGE_HEADERS })
    } catch (error) {
      return htmlError(error, c)
    }
  })

  app.options(
    '/s/:code/:action{child|visit}',
    () => new Response(null, { status: 204, headers: CORS }),
  )

  const child = async (c: Context<AppEnv>) => {
    const address = clientIp(c)
    const wait = perAddress.retryAfter(address)
    if (wait > 0)
      throw new MurmurError('rate_limited', 'Too many share links from here; try again later.', {
        retryAfterSeconds: wait,
      })
    const code = codeOf(c)
    if (classifyAgent('GET', c.req.header('user-agent')) !== 'human')
      throw forbidden('Share links are for people; this looks like a bot.')
    perAddress.hit(address)
    return createChildForVisitor(c.var.murmur, code, (workspace) => visitorOf(c, workspace))
  }

  app.post('/s/:code/child', async (c) => {
    if (isForm(c)) {
      // The button on the share page: a page back. Other sites' forms cannot make links for people.
      try {
        if (isCrossSite(c)) throw forbidden('Use the Share this button on the share page.')
        const { shareLink, created } = await child(c)
        return new Response(yourLinkPage(shareLink.short_url, created), {
          status: created ? 201 : 200,
          headers: PAGE_HEADERS,
        })
      } catch (error) {
        return htmlError(error, c)
      }
    }
    for (const [name, value] of Object.entries(CORS)) c.header(name, value)
    const { shareLink, created } = await child(c)
    return c.json({ code: shareLink.code, short_url: shareLink.short_url }, created ? 201 : 200)
  })

  // A visit that arrived with `?ref=CODE` on the business's site instead of through /l/CODE: the
  // site script reports it, and it is recorded against that share link like a redirect click.
  app.post('/s/:code/visit', async (c) => {
    for (const [name, value] of Object.entries(CORS)) c.header(name, value)
    const murmur = c.var.murmur
    const address = clientIp(c)
    const wait = visitsPerAddress.retryAfter(address)
    if (wait > 0)
      throw new MurmurError('rate_limited', 'Too many visits reported from here; try later.', {
        retryAfterSeconds: wait,
      })
    visitsPerAddress.hit(address)
    const found = await findPublicShareLink(murmur, codeOf(c))
    if (!found) throw notFound('Share link')
    const userAgent = c.req.header('user-agent')
    const kind = classifyAgent('GET', userAgent)
    const now = murmur.now()
    const clickId = newClickId(now)
    linkTraffic(murmur).recorder.record({
      clickId,
      linkId: found.link.linkId,
      workspaceId: found.link.workspaceId,
      at: now,
      ip: kind === 'human' ? address : '',
      userAgent: userAgent ?? '',
      referer: c.req.header('referer') ?? null,
      isBot: kind !== 'human',
      viaQr: false,
    })
    return c.json({ click_id: clickId }, 201)
  })
}
