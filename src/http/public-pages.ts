import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { BoundedCache } from '../links/bounded-cache.js'
import type { Murmur } from '../murmur.js'
import { robotsTxt, sitemapXml } from '../pages/crawl-files.js'
import {
  consentText,
  EMPTY_FORM,
  type JoinFormState,
  renderEventPage,
  renderJoinedPage,
} from '../pages/event-page.js'
import { checkFormToken, issueFormToken } from '../pages/form-token.js'
import { renderHomePage } from '../pages/home-page.js'
import { eventCalendar } from '../pages/ics.js'
import type { RenderedPage } from '../pages/layout.js'
import { renderNotFoundPage, renderUnavailablePage } from '../pages/status-pages.js'
import { STYLESHEET, STYLESHEET_PATH } from '../pages/stylesheet.js'
import { eventUrlOf, homeUrlOf } from '../pages/urls.js'
import { joinEvent } from '../services/attendees.js'
import {
  businessView,
  eventCardSpec,
  eventViewOf,
  findPublicEvent,
  homeCardSpec,
  homeView,
  hostEntries,
  type PublicSite,
  previewImage,
  resolveDomain,
  resolveSlug,
  shareCard,
  siteEntries,
} from '../services/public-pages.js'
import type { AppEnv } from './env.js'
import { checkJoinForm, isCrossSite, readForm } from './public-form.js'
import { RateLimiter } from './rate-limiter.js'
import { clientIp } from './redirect.js'

type Status = 200 | 400 | 403 | 404 | 409 | 413 | 415 | 429 | 503

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
} as const

function page(rendered: RenderedPage, status: Status, cache = 'public, max-age=60') {
  return new Response(rendered.html, {
    status,
    headers: {
      ...BASE_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': rendered.csp,
      'cache-control': cache,
    },
  })
}

const notFound = (homeUrl: string | null = null) =>
  page(renderNotFoundPage(homeUrl), 404, 'no-cache')

const redirect = (location: string, status: 301 | 303 | 308) =>
  new Response(null, {
    status,
    headers: {
      location,
      'cache-control': status === 303 ? 'no-store' : 'public, max-age=3600',
    },
  })

const text = (body: string, type: string, cache = 'public, max-age=3600') =>
  new Response(body, {
    status: 200,
    headers: { ...BASE_HEADERS, 'content-type': type, 'cache-control': cache },
  })

/**
 * The public pages: `/p/{workspace_slug}` (home / link in bio) and its event pages, join form,
 * .ics files and preview images, robots.txt and sitemap.xml, the stylesheet, and the same pages
 * at the root of a workspace's own domain. Registered before the app's middleware, like the
 * redirect: they set their own headers, need no session, and must be fast.
 */
export function publicPageRoutes(app: OpenAPIHono<AppEnv>, murmur: Murmur) {
  const mainHost = new URL(murmur.config.publicUrl).host
  // Hosts known not to be a workspace's domain (a LAN address, localhost): one lookup per 30 s.
  const notDomains = new BoundedCache<true>(1000, 30_000)
  const joins = new RateLimiter(10, 10 * 60_000)

  const guarded = async (work: () => Promise<Response>): Promise<Response> => {
    try {
      return await work()
    } catch (error) {
      murmur.log.error({ err: error }, 'public page failed')
      return page(renderUnavailablePage(), 503, 'no-store')
    }
  }

  // A workspace's own domain serves its pages and nothing else: not the app, not the API.
  app.use('*', async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase()
    if (!host || host === mainHost) return next()
    const name = host.replace(/:\d+$/, '')
    if (notDomains.get(name)) return next()
    const site = await resolveDomain(murmur, name).catch(() => null)
    if (!site) {
      notDomains.set(name, true)
      return next()
    }
    return guarded(() => serveSite(c, site, c.req.path.split('/').filter(Boolean), 'domain'))
  })

  app.get('/robots.txt', () =>
    text(
      robotsTxt({ sitemapUrl: `${murmur.config.publicUrl}/sitemap.xml`, customDomain: false }),
      'text/plain; charset=utf-8',
    ),
  )
  app.get('/sitemap.xml', () =>
    guarded(async () =>
      text(
        sitemapXml(await hostEntries(murmur)),
        'application/xml; charset=utf-8',
        'public, max-age=300',
      ),
    ),
  )
  app.get(STYLESHEET_PATH, () =>
    text(STYLESHEET, 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'),
  )
  app.on(['GET', 'POST'], '/p/*', (c) =>
    guarded(async () => {
      const [, slug, ...rest] = c.req.path.split('/').filter(Boolean)
      if (!slug || slug === 'assets') return notFound()
      const lower = slug.toLowerCase()
      const resolved = await resolveSlug(murmur, lower)
      if (!resolved) return notFound()
      const tail = rest.length ? `/${rest.join('/')}` : ''
      if (resolved.kind === 'moved')
        return redirect(`/p/${resolved.slug}${tail}`, c.req.method === 'POST' ? 308 : 301)
      if (lower !== slug) return redirect(`/p/${lower}${tail}`, 301)
      if (resolved.site.page.custom_domain) {
        // One address per page: once a domain is set, Murmur's /p/ address points there.
        return redirect(
          `${resolved.site.site.origin}${tail || '/'}`,
          c.req.method === 'POST' ? 308 : 301,
        )
      }
      if (c.req.path.endsWith('/') && c.req.path !== '/')
        return redirect(c.req.path.replace(/\/+$/, ''), 301)
      return serveSite(c, resolved.site, rest, 'path')
    }),
  )

  async function serveSite(
    c: Context,
    site: PublicSite,
    segments: string[],
    via: 'path' | 'domain',
  ): Promise<Response> {
    const home = site.page.published ? homeUrlOf(site.site) : null
    // HEAD is answered as GET (the server drops the body): crawlers and link checkers use it.
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method
    if (via === 'domain') {
      if (method === 'GET' && c.req.path === '/robots.txt')
        return text(
          robotsTxt({ sitemapUrl: `${site.site.origin}/sitemap.xml`, customDomain: true }),
          'text/plain; charset=utf-8',
        )
      if (method === 'GET' && c.req.path === '/sitemap.xml')
        return text(
          sitemapXml(await siteEntries(site)),
          'application/xml; charset=utf-8',
          'public, max-age=300',
        )
      if (method === 'GET' && c.req.path === STYLESHEET_PATH)
        return text(STYLESHEET, 'text/css; charset=utf-8', 'public, max-age=31536000, immutable')
    }
    const [section, name, action, extra] = segments
    if (segments.length === 0) {
      if (method !== 'GET' || !site.page.published) return notFound()
      return page(renderHomePage(await homeView(murmur, site)), 200)
    }
    if (section === 'images' && name && !action && method === 'GET') return image(site, name)
    if (section !== 'events' || !name || extra !== undefined) return notFound(home)
    const lookup = await findPublicEvent(site, name.toLowerCase())
    if (!lookup) return notFound(home)
    if (lookup.kind === 'moved' || name !== name.toLowerCase()) {
      const slug = lookup.kind === 'moved' ? lookup.slug : name.toLowerCase()
      const target = `${eventUrlOf(site.site, slug)}${action ? `/${action}` : ''}`
      return redirect(target, method === 'GET' ? 301 : 308)
    }
    const event = await eventViewOf(site, lookup.row)
    const business = await businessView(site)
    if (action === undefined && method === 'GET') return eventPage(event, business, EMPTY_FORM, 200)
    if (action === 'calendar.ics' && method === 'GET') {
      const body = eventCalendar({
        event,
        host: new URL(site.site.origin).hostname,
        organizer: { name: site.workspace.name, email: site.page.contact.email },
        now: murmur.now(),
      })
      return new Response(body, {
        headers: {
          ...BASE_HEADERS,
          'content-type': 'text/calendar; charset=utf-8',
          'content-disposition': `attachment; filename="${event.slug}.ics"`,
          'cache-control': 'public, max-age=300',
        },
      })
    }
    const card = action === undefined ? null : /^card-([0-9a-f]{12})\.jpg$/.exec(action)
    if (card && method === 'GET')
      return jpeg(
        await shareCard(eventCardSpec(site, lookup.row), card[1]!),
        'public, max-age=86400',
      )
    if (action === 'joined' && method === 'GET')
      return page(renderJoinedPage(event, business), 200, 'no-store')
    if (action === 'join' && method === 'GET') return redirect(`${event.url}#join`, 303)
    if (action === 'join' && method === 'POST') return join(c, site, event, business)
    return notFound(home)
  }

  function eventPage(
    event: Awaited<ReturnType<typeof eventViewOf>>,
    business: Awaited<ReturnType<typeof businessView>>,
    form: JoinFormState,
    status: Status,
  ) {
    const now = murmur.now()
    const rendered = renderEventPage({
      event,
      business,
      now,
      token: issueFormToken(murmur.secrets, event.id, now),
      form,
    })
    // A form with errors is one visitor's answer: never cached.
    return page(rendered, status, status === 200 ? 'public, max-age=60' : 'no-store')
  }

  async function join(
    c: Context,
    site: PublicSite,
    event: Awaited<ReturnType<typeof eventViewOf>>,
    business: Awaited<ReturnType<typeof businessView>>,
  ): Promise<Response> {
    const again = (form: JoinFormState, status: Status) => eventPage(event, business, form, status)
    const fields = await readForm(c)
    if (typeof fields === 'string') {
      return again(
        { ...EMPTY_FORM, errors: { form: 'The form could not be read. Please fill it in again.' } },
        fields === 'too large' ? 413 : 415,
      )
    }
    const form = checkJoinForm(fields)
    if (isCrossSite(c)) {
      return again(
        {
          ...form,
          errors: { form: 'This form must be sent from its own page. Please send it again.' },
        },
        403,
      )
    }
    // The hidden field people never see: a bot that fills it is told it worked, and nothing is kept.
    if ((fields.get('website') ?? '') !== '') {
      murmur.log.info({ eventId: event.id }, 'event join dropped: honeypot filled')
      return redirect(`${event.url}/joined`, 303)
    }
    const problem = checkFormToken(
      murmur.secrets,
      fields.get('token') ?? undefined,
      event.id,
      murmur.now(),
    )
    if (problem) {
      return again(
        {
          ...form,
          errors: {
            ...form.errors,
            form:
              problem === 'expired'
                ? 'This form was open for too long. Please check your details and send it again.'
                : 'This form could not be checked. Please send it again from this page.',
          },
        },
        400,
      )
    }
    if (Object.keys(form.errors).length > 0) {
      return again(
        { ...form, errors: { ...form.errors, form: 'Please fix the fields below.' } },
        400,
      )
    }
    const limitKey = `${clientIp(c)}|${event.id}`
    if (joins.retryAfter(limitKey) > 0) {
      return again(
        {
          ...form,
          errors: {
            form: 'Too many sign-ups from this connection. Please try again in a few minutes.',
          },
        },
        429,
      )
    }
    joins.hit(limitKey)
    const outcome = await joinEvent(murmur, site.scope, event.id, {
      name: form.name,
      email: form.email,
      consentText: consentText(business),
    })
    if (outcome.result === 'joined') return redirect(`${event.url}/joined`, 303)
    const fresh = await findPublicEvent(site, event.slug)
    const current = fresh?.kind === 'event' ? await eventViewOf(site, fresh.row) : event
    return eventPage(
      current,
      business,
      {
        ...form,
        errors: {
          form:
            outcome.result === 'full'
              ? 'Sorry, the last place was just taken: this event is now full.'
              : 'Sorry, this event no longer takes sign-ups.',
        },
      },
      409,
    )
  }

  async function image(site: PublicSite, file: string): Promise<Response> {
    const card = /^card-([0-9a-f]{12})\.jpg$/.exec(file)
    if (card) return jpeg(await shareCard(homeCardSpec(site), card[1]!), 'public, max-age=86400')
    const match = /^([a-z]+_[0-9a-z]{10,40})-([0-9a-f]{12})\.jpg$/.exec(file)
    if (!match) return notFound()
    return jpeg(await previewImage(murmur, site, match[1]!, match[2]!))
  }

  function jpeg(bytes: Buffer | null, cache = 'public, max-age=31536000, immutable'): Response {
    if (!bytes) return notFound()
    return new Response(new Uint8Array(bytes), {
      headers: {
        ...BASE_HEADERS,
        'content-type': 'image/jpeg',
        'cache-control': cache,
        // Link previews and other sites may show the image: it is meant to be shared.
        'cross-origin-resource-policy': 'cross-origin',
      },
    })
  }
}
