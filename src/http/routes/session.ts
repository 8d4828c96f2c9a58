import { getConnInfo } from '@hono/node-server/conninfo'
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { MurmurError } from '../../core/errors.js'
import {
  authenticate,
  createSession,
  endAllSessions,
  endSession,
  normalizeEmail,
} from '../../services/accounts.js'
import { listWorkspacesOf } from '../../services/workspaces.js'
import type { AppEnv } from '../env.js'
import { requireSession } from '../middleware/workspace-access.js'
import { RateLimiter } from '../rate-limiter.js'
import {
  Email,
  errorResponses,
  iso,
  json,
  jsonBody,
  UserSchema,
  WorkspaceSchema,
} from '../schemas.js'
import { clearSessionCookie, setSessionCookie } from '../session-cookie.js'
import { SignedIn } from './setup.js'

const SignInBody = z
  .strictObject({ email: Email, password: z.string().min(1, 'Required').max(200) })
  .openapi('SignInRequest', {
    example: { email: 'owner@cornerbakery.example', password: 'a long passphrase' },
  })

const SessionInfo = z
  .object({ user: UserSchema, csrf_token: z.string(), workspaces: z.array(WorkspaceSchema) })
  .openapi('Session')

const FIFTEEN_MINUTES = 15 * 60_000

export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown' // in-process requests (tests) have no socket
  }
}

export function sessionRoutes(app: OpenAPIHono<AppEnv>) {
  // Failed sign-ins: 10 per account and address, 100 per address, per 15 minutes.
  const perAccount = new RateLimiter(10, FIFTEEN_MINUTES)
  const perAddress = new RateLimiter(100, FIFTEEN_MINUTES)

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/session',
      tags: ['Session'],
      summary: 'Sign in with email and password (sets the session cookie)',
      request: { body: jsonBody(SignInBody) },
      responses: {
        200: json(SignedIn, 'Signed in'),
        429: json(z.any(), 'Too many failed attempts'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const murmur = c.var.murmur
      const address = clientAddress(c)
      const accountKey = `${normalizeEmail(body.email)}|${address}`
      const wait = Math.max(perAccount.retryAfter(accountKey), perAddress.retryAfter(address))
      if (wait > 0) {
        throw new MurmurError(
          'rate_limited',
          `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`,
          {
            retryAfterSeconds: wait,
          },
        )
      }
      let user: Awaited<ReturnType<typeof authenticate>>
      try {
        user = await authenticate(murmur, body.email, body.password)
      } catch (error) {
        const hit = perAccount.hit(accountKey)
        perAddress.hit(address)
        c.header('RateLimit-Limit', String(perAccount.limit))
        c.header('RateLimit-Remaining', String(hit.remaining))
        c.header('RateLimit-Reset', String(hit.resetSeconds))
        throw error
      }
      perAccount.reset(accountKey)
      const { token, session } = await createSession(murmur, user.id, c.req.header('user-agent'))
      setSessionCookie(c, token, session.expires_at, murmur.config.publicUrl)
      return c.json(
        { user: { ...user, created_at: iso(user.created_at) }, csrf_token: session.csrf_token },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/session',
      tags: ['Session'],
      summary: 'The signed-in user, their CSRF token and workspaces',
      responses: { 200: json(SessionInfo, 'Signed in'), ...errorResponses },
    }),
    async (c) => {
      const auth = requireSession(c.var.auth)
      const workspaces = await listWorkspacesOf(c.var.murmur, auth.user.id)
      return c.json(
        {
          user: { ...auth.user, created_at: iso(auth.user.created_at) },
          csrf_token: auth.session.csrf_token,
          workspaces: workspaces.map((w) => ({ ...w, created_at: iso(w.created_at) })),
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/session',
      tags: ['Session'],
      summary: 'Sign out this browser',
      responses: { 204: { description: 'Signed out' }, ...errorResponses },
    }),
    async (c) => {
      const auth = requireSession(c.var.auth)
      await endSession(c.var.murmur, auth.session.id)
      clearSessionCookie(c)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/sessions',
      tags: ['Session'],
      summary: 'Sign out everywhere (every session of this user)',
      responses: { 204: { description: 'Signed out everywhere' }, ...errorResponses },
    }),
    async (c) => {
      const auth = requireSession(c.var.auth)
      await endAllSessions(c.var.murmur, auth.user.id)
      clearSessionCookie(c)
      return c.body(null, 204)
    },
  )
}
