import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { forbidden, MurmurError } from '../../core/errors.js'
import {
  authenticate,
  createSession,
  createUser,
  normalizeEmail,
  type User,
} from '../../services/accounts.js'
import {
  acceptInvitation,
  createInvitation,
  findUsableInvitation,
  type Invitation,
  listPendingInvitations,
  revokeInvitation,
} from '../../services/invitations.js'
import { findWorkspace } from '../../services/workspaces.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { pageOf } from '../pagination.js'
import { RateLimiter } from '../rate-limiter.js'
import {
  Email,
  errorResponses,
  iso,
  json,
  jsonBody,
  listOf,
  Name,
  PageQuery,
  Password,
  RoleSchema,
  Timestamp,
  WorkspaceParams,
} from '../schemas.js'
import { setSessionCookie } from '../session-cookie.js'
import { clientAddress } from './session.js'
import { SignedIn } from './setup.js'

const InvitationSchema = z
  .object({
    id: z.string(),
    role: RoleSchema,
    email: z.string().nullable(),
    invited_by: z.string(),
    created_at: Timestamp,
    expires_at: Timestamp,
  })
  .openapi('Invitation')

const CreatedInvitation = InvitationSchema.extend({
  token: z.string(),
  url: z.string().openapi({ description: 'The link to send. Shown only in this answer.' }),
}).openapi('CreatedInvitation')

const CreateInvitationBody = z
  .strictObject({ role: RoleSchema, email: Email.optional() })
  .openapi('CreateInvitation', { example: { role: 'editor', email: 'sam@cornerbakery.example' } })

const InvitationParams = WorkspaceParams.extend({
  invitation_id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'invitation_id', in: 'path' } }),
})

const TokenParams = z.object({
  token: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'token', in: 'path' } }),
})

const InvitationPreview = z
  .object({
    workspace: z.object({ name: z.string() }),
    role: RoleSchema,
    email: z.string().nullable(),
    expires_at: Timestamp,
  })
  .openapi('InvitationPreview')

const AcceptBody = z
  .strictObject({ email: Email.optional(), password: Password.optional(), name: Name.optional() })
  .openapi('AcceptInvitation', {
    example: {
      email: 'sam@cornerbakery.example',
      password: 'another long passphrase',
      name: 'Sam',
    },
  })

const present = (invitation: Invitation) => ({
  id: invitation.id,
  role: invitation.role,
  email: invitation.email,
  invited_by: invitation.invited_by,
  created_at: iso(invitation.created_at),
  expires_at: iso(invitation.expires_at),
})

export function invitationRoutes(app: OpenAPIHono<AppEnv>) {
  const failedAccepts = new RateLimiter(20, 15 * 60_000)

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/invitations',
      tags: ['Invitations'],
      summary: 'Pending invitations (admin)',
      request: { params: WorkspaceParams, query: PageQuery },
      responses: {
        200: json(listOf(InvitationSchema, 'InvitationList'), 'Invitations'),
        ...errorResponses,
      },
    }),
    async (c) => {
      authorize(c.var.workspace, 'invitations.manage')
      const invitations = (await listPendingInvitations(c.var.murmur, c.var.workspace.scope)).map(
        present,
      )
      return c.json(
        pageOf(invitations, (i) => i.id, c.req.valid('query')),
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/invitations',
      tags: ['Invitations'],
      summary: 'Create an invitation link with a role (admin). Valid 7 days, once.',
      request: { params: WorkspaceParams, body: jsonBody(CreateInvitationBody) },
      responses: { 201: json(CreatedInvitation, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'invitations.manage')
      const body = c.req.valid('json')
      const auth = c.var.auth
      const invitation = await createInvitation(c.var.murmur, access.scope, {
        actorRole: access.role,
        invitedBy: auth?.kind === 'session' ? auth.user.id : `api_key:${auth?.keyId}`,
        role: body.role,
        email: body.email,
      })
      return c.json({ ...present(invitation), token: invitation.token, url: invitation.url }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/workspaces/{workspace_id}/invitations/{invitation_id}',
      tags: ['Invitations'],
      summary: 'Revoke a pending invitation (admin)',
      request: { params: InvitationParams },
      responses: { 204: { description: 'Revoked' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'invitations.manage')
      await revokeInvitation(c.var.murmur, access.scope, c.req.valid('param').invitation_id)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/invitations/{token}',
      tags: ['Invitations'],
      summary: 'What an invitation link offers (public)',
      request: { params: TokenParams },
      responses: { 200: json(InvitationPreview, 'Invitation'), ...errorResponses },
    }),
    async (c) => {
      const invitation = await findUsableInvitation(c.var.murmur, c.req.valid('param').token)
      return c.json(
        {
          workspace: { name: invitation.workspace_name },
          role: invitation.role,
          email: invitation.email,
          expires_at: iso(invitation.expires_at),
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/invitations/{token}/accept',
      tags: ['Invitations'],
      summary:
        'Join the workspace: signed in, or with email and password (creates the account if new)',
      request: { params: TokenParams, body: jsonBody(AcceptBody) },
      responses: { 200: json(SignedIn, 'Joined'), ...errorResponses },
    }),
    async (c) => {
      const murmur = c.var.murmur
      const { token } = c.req.valid('param')
      const body = c.req.valid('json')
      const invitation = await findUsableInvitation(murmur, token)
      const auth = c.var.auth
      if (auth?.kind === 'api_key')
        throw forbidden('Invitations are accepted by people, not API keys.')

      let user: User
      let csrfToken: string
      if (auth?.kind === 'session') {
        user = auth.user
        csrfToken = auth.session.csrf_token
        await acceptInvitation(murmur, token, user)
      } else {
        user = await signInOrSignUp(c, body, invitation.email, failedAccepts)
        await acceptInvitation(murmur, token, user)
        const { token: sessionToken, session } = await createSession(
          murmur,
          user.id,
          c.req.header('user-agent'),
        )
        setSessionCookie(c, sessionToken, session.expires_at, murmur.config.publicUrl)
        csrfToken = session.csrf_token
      }
      const workspace = await findWorkspace(murmur, invitation.workspace_id)
      return c.json(
        {
          user: { ...user, created_at: iso(user.created_at) },
          ...(workspace
            ? {
                workspace: {
                  ...workspace,
                  created_at: iso(workspace.created_at),
                  role: invitation.role,
                },
              }
            : {}),
          csrf_token: csrfToken,
        },
        200,
      )
    },
  )
}

/** The invited person signs in if the email has an account, or gets a new account. */
async function signInOrSignUp(
  c: Context<AppEnv>,
  body: { email?: string | undefined; password?: string | undefined; name?: string | undefined },
  invitedEmail: string | null,
  failedAccepts: RateLimiter,
): Promise<User> {
  const murmur = c.var.murmur
  if (!body.email || !body.password) {
    throw new MurmurError(
      'validation_failed',
      'Sign in first, or give an email and a password to create your account.',
      {
        details: [
          ...(body.email ? [] : [{ path: 'email', message: 'Required' }]),
          ...(body.password ? [] : [{ path: 'password', message: 'Required' }]),
        ],
      },
    )
  }
  const email = normalizeEmail(body.email)
  if (invitedEmail && invitedEmail !== email)
    throw forbidden(`This invitation is for ${invitedEmail}.`)
  const address = clientAddress(c)
  const wait = failedAccepts.retryAfter(address)
  if (wait > 0)
    throw new MurmurError('rate_limited', 'Too many failed attempts. Try again later.', {
      retryAfterSeconds: wait,
    })
  const existing = await murmur.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst()
  if (!existing) return createUser(murmur, { email, password: body.password, name: body.name })
  try {
    return await authenticate(murmur, email, body.password)
  } catch (error) {
    failedAccepts.hit(address)
    throw new MurmurError(
      'unauthenticated',
      'This email already has an account and the password is wrong.',
      { cause: error },
    )
  }
}
