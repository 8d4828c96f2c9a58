import { type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { forbidden, MurmurError } from '../../core/errors.js'
import { classifyAgent } from '../../core/links/agents.js'
import { CLICK_ID_PATTERN } from '../../links/click-ids.js'
import { SITE_SCRIPT, SITE_SCRIPT_ETAG } from '../../links/site-script.js'
import type { Murmur } from '../../murmur.js'
import {
  recordPageView,
  recordScriptConversion,
  type SiteVisitor,
  shareFromVisit,
} from '../../services/site-events.js'
import { findSiteByKey } from '../../services/site-settings.js'
import type { AppEnv } from '../env.js'
import { errorBody, toMurmurError, zodIssues } from '../errors.js'
import { RateLimiter } from '../rate-limiter.js'
import { clientIp } from '../redirect.js'
import { CHILD_LINKS_PER_HOUR } from './share-links.js'

/** Site-script requests are a few short fields: anything larger is refused unread. */
const MAX_BODY_BYTES = 4096

const ClickId = z
  .string()
  .regex(CLICK_ID_PATTERN, 'mm must be the click id Murmur added to the link (18 characters)')

const PageViewBody = z.strictObject({
  path: z.string().min(1).max(2000).startsWith('/', 'path starts with "/"'),
  referrer: z.string().max(2000).nullable().optional(),
  mm: ClickId.nullable().optional(),
})

const ConvertBody = z.strictObject({
  kind: z.enum(['lead', 'sale'], 'kind is "lead" or "sale"'),
  value: z
    .number('value is a number, such as 24.5')
    .min(0, 'value cannot be negative')
    .max(100_000_000, 'value is too large; send it in the currency (24.5), not in cents')
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'currency is an ISO 4217 code in capitals, such as EUR')
    .optional(),
  email: z.email('email is not an email address').max(254).optional(),
  order_id: z.string().min(1).max(150).optional(),
  event_id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'event_id is 8 to 64 letters, digits, "-" or "_"'),
  mm: ClickId.nullable().optional(),
})

const ShareBody = z.strictObject({ mm: ClickId })

const STATUS: Partial<Record<MurmurError['code'], 400 | 403 | 404 | 409 | 413 | 429 | 503>> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
}

/**
 * The site script and the public endpoints it calls (docs/links.md, "The site
 * script"). Registered before the app's middleware, like the redirect: they are
 * called from other sites, so they set their own CORS and resource-policy
 * headers, need no session, and answer every failure as a 4xx or a 503 in the
 * API's error shape, never a 500.
 */
export function siteScriptRoutes(app: OpenAPIHono<AppEnv>, murmur: Murmur) {
  // Per address: a busy shop floor behind one address stays well under these.
  const limits = {
    pageview: new RateLimiter(600, 10 * 60_000),
    convert: new RateLimiter(60, 10 * 60_000),
    share: new RateLimiter(CHILD_LINKS_PER_HOUR, 3_600_000),
  }

  app.get('/t.js', (c) => {
    const headers = {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600, stale-while-revalidate=86400',
      etag: SITE_SCRIPT_ETAG,
      'x-content-type-options': 'nosniff',
      // Loaded by the business's own site, on another origin.
      'cross-origin-resource-policy': 'cross-origin',
      'access-control-allow-origin': '*',
    }
    if (c.req.header('if-none-match') === SITE_SCRIPT_ETAG)
      return new Response(null, { status: 304, headers })
    return new Response(SITE_SCRIPT, { status: 200, headers })
  })

  /** Checks the key and the page's origin; answers the visitor, or the response to send instead. */
  async function admit(c: Context, kind: keyof typeof limits): Promise<SiteVisitor> {
    const site = await findSiteByKey(murmur, c.req.param('key') ?? '')
    if (!site)
      throw new MurmurError(
        'not_found',
        'Unknown site key. Copy the script tag again from Traffic settings in Murmur.',
      )
    const origin = c.req.header('origin')
    if (!origin || !site.origins.has(origin))
      throw forbidden(
        origin
          ? `${origin.slice(0, 200)} may not use this site key. Add it to the site origins in Traffic settings.`
          : 'Site script requests come from a browser page: the Origin header is missing.',
      )
    const ip = clientIp(c)
    const limiter = limits[kind]
    const wait = limiter.retryAfter(ip)
    if (wait > 0)
      throw new MurmurError(
        'rate_limited',
        'Too many requests from this address; try again later.',
        {
          retryAfterSeconds: wait,
        },
      )
    limiter.hit(ip)
    return {
      workspaceId: site.workspaceId,
      origin,
      ip,
      userAgent: c.req.header('user-agent') ?? '',
    }
  }

  async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
    const declared = Number(c.req.header('content-length') ?? '0')
    if (declared > MAX_BODY_BYTES) throw tooLarge()
    const text = await c.req.text()
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge()
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new MurmurError('invalid_json', 'The request body is not JSON.')
    }
    const result = schema.safeParse(parsed)
    if (!result.success) {
      const issues = zodIssues(result.error)
      throw new MurmurError(
        'validation_failed',
        `Please fix: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        { details: issues },
      )
    }
    return result.data
  }

  /** Runs a public endpoint: CORS for allowed origins, errors in the API's shape, never a 500. */
  const endpoint =
    (kind: keyof typeof limits, work: (c: Context, visitor: SiteVisitor) => Promise<Response>) =>
    async (c: Context) => {
      const origin = c.req.header('origin')
      try {
        const visitor = await admit(c, kind)
        return withCors(await work(c, visitor), origin)
      } catch (error) {
        const murmurError = toMurmurError(error)
        let status = STATUS[murmurError.code]
        if (!status) {
          murmur.log.error({ err: error, path: c.req.path }, 'site script request failed')
          status = 503
        }
        const response = Response.json(
          status === 503
            ? errorBody('unavailable', 'Murmur could not record this just now; try again shortly.')
            : errorBody(murmurError.code, murmurError.message, murmurError.details),
          { status },
        )
        if (murmurError.retryAfterSeconds !== undefined)
          response.headers.set('retry-after', String(murmurError.retryAfterSeconds))
        // The page may read why it was refused (a wrong origin included): it learns nothing else.
        return withCors(response, origin)
      }
    }

  app.options('/t/:key/:action', (c) => {
    const origin = c.req.header('origin')
    const headers = new Headers({
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '86400',
      vary: 'origin',
    })
    if (origin) headers.set('access-control-allow-origin', origin)
    return new Response(null, { status: 204, headers })
  })

  app.post(
    '/t/:key/pageview',
    endpoint('pageview', async (c, visitor) => {
      const input = await body(c, PageViewBody)
      // Bots and preview fetchers are not visitors; they are told it worked and nothing is kept.
      if (classifyAgent('GET', visitor.userAgent) !== 'human')
        return new Response(null, { status: 204 })
      await recordPageView(murmur, visitor, input)
      return new Response(null, { status: 204 })
    }),
  )

  app.post(
    '/t/:key/convert',
    endpoint('convert', async (c, visitor) => {
      const input = await body(c, ConvertBody)
      const { conversion, replayed } = await recordScriptConversion(murmur, visitor, input)
      return Response.json(
        {
          id: conversion.id,
          kind: conversion.kind,
          amount: conversion.amount,
          currency: conversion.currency,
          replayed,
        },
        { status: replayed ? 200 : 201 },
      )
    }),
  )

  app.post(
    '/t/:key/share',
    endpoint('share', async (c, visitor) => {
      const input = await body(c, ShareBody)
      if (classifyAgent('GET', visitor.userAgent) !== 'human')
        throw forbidden('Share links are for people; this looks like a bot.')
      const shared = await shareFromVisit(murmur, visitor, input.mm)
      return Response.json(
        { code: shared.code, short_url: shared.short_url },
        { status: shared.created ? 201 : 200 },
      )
    }),
  )
}

const tooLarge = () =>
  new MurmurError('payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`)

function withCors(response: Response, origin: string | undefined): Response {
  const headers = new Headers(response.headers)
  headers.set('vary', 'origin')
  headers.set('cache-control', 'no-store')
  if (origin) headers.set('access-control-allow-origin', origin)
  return new Response(response.body, { status: response.status, headers })
}
