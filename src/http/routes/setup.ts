import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { createSession, setUpOwner, userCount } from '../../services/accounts.js'
import type { AppEnv } from '../env.js'
import {
  Email,
  errorResponses,
  iso,
  json,
  jsonBody,
  Name,
  Password,
  TimeZone,
  UserSchema,
  WorkspaceSchema,
} from '../schemas.js'
import { setSessionCookie } from '../session-cookie.js'

const SetupBody = z
  .strictObject({
    email: Email,
    password: Password,
    name: Name.optional(),
    workspace_name: Name,
    time_zone: TimeZone.optional(),
  })
  .openapi('SetupRequest', {
    example: {
      email: 'owner@cornerbakery.example',
      password: 'a long passphrase',
      name: 'Ada',
      workspace_name: 'Corner Bakery',
      time_zone: 'Europe/Paris',
    },
  })

export const SignedIn = z
  .object({ user: UserSchema, workspace: WorkspaceSchema.optional(), csrf_token: z.string() })
  .openapi('SignedIn')

export function setupRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/setup',
      tags: ['Set-up'],
      summary: 'Whether the first owner still has to be created',
      responses: { 200: json(z.object({ needed: z.boolean() }), 'Set-up state') },
    }),
    async (c) => c.json({ needed: (await userCount(c.var.murmur)) === 0 }, 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/setup',
      tags: ['Set-up'],
      summary: 'Create the first owner and workspace (only while no user exists)',
      request: { body: jsonBody(SetupBody) },
      responses: { 201: json(SignedIn, 'Set up and signed in'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const murmur = c.var.murmur
      const { user, workspace } = await setUpOwner(murmur, {
        email: body.email,
        password: body.password,
        name: body.name,
        workspaceName: body.workspace_name,
        timeZone: body.time_zone,
      })
      const { token, session } = await createSession(murmur, user.id, c.req.header('user-agent'))
      setSessionCookie(c, token, session.expires_at, murmur.config.publicUrl)
      return c.json(
        {
          user: { ...user, created_at: iso(user.created_at) },
          workspace: {
            ...workspace,
            created_at: iso(workspace.created_at),
            role: 'owner' as const,
          },
          csrf_token: session.csrf_token,
        },
        201,
      )
    },
  )
}
