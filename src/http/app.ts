import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import { MurmurError } from '../core/errors.js'
import type { Murmur } from '../murmur.js'
import { apiDocsRoutes } from './api-docs.js'
import type { AppEnv } from './env.js'
import { errorBody, respondWithError, zodIssues } from './errors.js'
import { apiRateLimit } from './middleware/api-rate-limit.js'
import { authenticate } from './middleware/authenticate.js'
import { csrfProtection } from './middleware/csrf.js'
import { idempotency } from './middleware/idempotency.js'
import { isMediaUpload, mediaUploadBodyLimit } from './middleware/media-body-limit.js'
import { requestContext } from './middleware/request-context.js'
import { workspaceAccess } from './middleware/workspace-access.js'
import { publicPageRoutes } from './public-pages.js'
import { redirectRoutes } from './redirect.js'
import { analyticsRoutes } from './routes/analytics.js'
import { apiKeyRoutes } from './routes/api-keys.js'
import { approvalRoutes } from './routes/approvals.js'
import { channelRoutes } from './routes/channels.js'
import { contactRoutes } from './routes/contacts.js'
import { conversionRoutes } from './routes/conversions.js'
import { emailRoutes } from './routes/email.js'
import { eventRoutes } from './routes/events.js'
import { feedRoutes } from './routes/feeds.js'
import { healthRoutes } from './routes/health.js'
import { inboxRoutes } from './routes/inbox.js'
import { inboxEventRoutes } from './routes/inbox-events.js'
import { inboxSettingsRoutes } from './routes/inbox-settings.js'
import { invitationRoutes } from './routes/invitations.js'
import { linkRoutes } from './routes/links.js'
import { mediaRoutes } from './routes/media.js'
import { publicMediaRoutes } from './routes/media-public.js'
import { memberRoutes } from './routes/members.js'
import { metricsRoutes } from './routes/metrics.js'
import { metricsSyncRoutes } from './routes/metrics-sync.js'
import { notificationRoutes } from './routes/notifications.js'
import { oauthRoutes } from './routes/oauth.js'
import { pageRoutes } from './routes/pages.js'
import { postExportRoutes } from './routes/post-export.js'
import { postImportRoutes } from './routes/post-import.js'
import { postRoutes } from './routes/posts.js'
import { reportLinkPageRoutes, reportLinkRoutes } from './routes/report-links.js'
import { reportRoutes } from './routes/reports.js'
import { reviewLinkRoutes, reviewPageRoutes } from './routes/review.js'
import { sessionRoutes } from './routes/session.js'
import { setupRoutes } from './routes/setup.js'
import { shareLinkRoutes } from './routes/share-links.js'
import { siteCheckRoutes } from './routes/site-checks.js'
import { siteScriptRoutes } from './routes/site-script.js'
import { trafficRoutes } from './routes/traffic.js'
import { trafficOverviewRoutes } from './routes/traffic-overview.js'
import { trafficSettingsRoutes } from './routes/traffic-settings.js'
import { webhookRoutes } from './routes/webhooks.js'
import { workspaceRoutes } from './routes/workspaces.js'
import { webAppRoutes } from './web-app.js'

/**
 * Every API route, in one list. A new area adds its `xRoutes(app)` here; routes
 * under /api/v1/workspaces/{workspace_id} are scoped to that workspace by
 * `workspaceAccess` before they run (test/http/tenant-isolation.test.ts proves it).
 */
const API_ROUTES = [
  setupRoutes,
  sessionRoutes,
  workspaceRoutes,
  memberRoutes,
  invitationRoutes,
  apiKeyRoutes,
  linkRoutes,
  trafficRoutes,
  trafficOverviewRoutes,
  trafficSettingsRoutes,
  conversionRoutes,
  channelRoutes,
  oauthRoutes,
  mediaRoutes,
  publicMediaRoutes,
  postRoutes,
  approvalRoutes,
  notificationRoutes,
  postImportRoutes,
  postExportRoutes,
  feedRoutes,
  inboxRoutes,
  inboxEventRoutes,
  inboxSettingsRoutes,
  contactRoutes,
  pageRoutes,
  eventRoutes,
  shareLinkRoutes,
  siteCheckRoutes,
  reviewLinkRoutes,
  webhookRoutes,
  metricsSyncRoutes,
  analyticsRoutes,
  reportRoutes,
  reportLinkRoutes,
  emailRoutes,
]

export function createApp(murmur: Murmur): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = zodIssues(result.error)
        const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ')
        throw new MurmurError('validation_failed', `Please fix: ${summary}`, { details: issues })
      }
    },
  })

  app.onError((error, c) => respondWithError(c, error))
  app.notFound((c) =>
    c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404),
  )

  redirectRoutes(app, murmur) // first: the hot redirect skips per-request logging (see redirect.ts)
  siteScriptRoutes(app, murmur) // /t.js and its public endpoints: own CORS headers, called from other sites
  reviewPageRoutes(app, murmur) // /review/{token}: a client's review of a post, no account
  reportLinkPageRoutes(app, murmur) // /shared/report/{token}: a read-only attention report
  publicPageRoutes(app, murmur) // public pages and custom domains, before the API and the SPA
  app.use('*', requestContext(murmur))
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-origin' }))
  const apiBodyLimit = bodyLimit({
    maxSize: murmur.config.bodyLimitBytes,
    onError: () => {
      throw new MurmurError(
        'payload_too_large',
        `The request body is larger than ${Math.round(murmur.config.bodyLimitBytes / 1024)} KiB.`,
      )
    },
  })
  // Media uploads have their own, larger limit (MURMUR_MEDIA_MAX_BYTES): middleware/media-body-limit.ts.
  const uploadBodyLimit = mediaUploadBodyLimit(murmur.config)
  app.use('/api/*', (c, next) =>
    isMediaUpload(c) ? uploadBodyLimit(c, next) : apiBodyLimit(c, next),
  )
  app.use('/api/*', authenticate)
  app.use('/api/*', apiRateLimit())
  app.use('/api/*', csrfProtection)
  app.use('/api/v1/workspaces/:workspace_id', workspaceAccess)
  app.use('/api/v1/workspaces/:workspace_id/*', workspaceAccess)
  app.use('/api/v1/workspaces/:workspace_id/*', idempotency)

  healthRoutes(app)
  metricsRoutes(app)
  for (const register of API_ROUTES) register(app)
  apiDocsRoutes(app)
  app.all('/api/*', (c) =>
    c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404),
  )
  if (murmur.config.serveWebApp) webAppRoutes(app)
  return app
}
