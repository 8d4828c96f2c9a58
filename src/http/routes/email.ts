import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { listOutbox, type OutboxEmailView } from '../../email/outbox.js'
import {
  type EmailSettingsView,
  getEmailSettings,
  removeWorkspaceSmtp,
  setWorkspaceSmtp,
} from '../../email/smtp-settings.js'
import {
  type DigestSettingsView,
  getDigestSettings,
  MAX_DIGEST_RECIPIENTS,
  requestDigestNow,
  updateDigestSettings,
} from '../../services/digests.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import {
  Email,
  errorResponses,
  iso,
  isoOrNull,
  json,
  jsonBody,
  Timestamp,
  WorkspaceParams,
} from '../schemas.js'

const EmailSettingsSchema = z
  .object({
    configured: z.boolean().openapi({ description: 'Whether this workspace can send email' }),
    source: z.enum(['workspace', 'instance', 'none']),
    server: z.string().nullable().openapi({ example: 'smtp.example.com:465 (tls)' }),
    from: z.string().nullable(),
    workspace: z
      .object({
        host: z.string(),
        port: z.number().int(),
        security: z.enum(['tls', 'starttls', 'none']),
        username: z.string().nullable(),
        has_password: z.boolean(),
        from_address: z.string(),
        updated_at: Timestamp,
      })
      .nullable(),
  })
  .openapi('EmailSettings')

const SmtpBody = z
  .strictObject({
    host: z.string().trim().min(1).max(253),
    port: z.number().int().min(1).max(65_535),
    security: z.enum(['tls', 'starttls', 'none']).openapi({
      description: 'tls: TLS from the start (port 465); starttls: upgrade required (587); none',
    }),
    username: z.string().max(254).nullable().optional(),
    password: z
      .string()
      .max(1_000)
      .nullable()
      .optional()
      .openapi({ description: 'Omitted: keep the stored one; null: remove it. Stored sealed.' }),
    from_address: z
      .string()
      .trim()
      .min(3)
      .max(254)
      .openapi({ description: 'An address, or `Name <address>`' }),
  })
  .openapi('WorkspaceSmtp', {
    example: {
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      username: 'murmur@example.com',
      password: 'app-password',
      from_address: 'Corner Bakery <murmur@example.com>',
    },
  })

const OutboxSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({ example: 'digest' }),
    recipients: z.array(z.string()),
    subject: z.string(),
    attachments: z.array(
      z.object({ filename: z.string(), content_type: z.string(), bytes: z.number().int() }),
    ),
    status: z.enum(['pending', 'sent', 'failed']),
    attempts: z.number().int(),
    next_attempt_at: Timestamp.nullable(),
    last_error: z.string().nullable(),
    created_at: Timestamp,
    sent_at: Timestamp.nullable(),
  })
  .openapi('OutboxEmail')

const OutboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(['pending', 'sent', 'failed']).optional(),
})

const DigestSettingsSchema = z
  .object({
    enabled: z.boolean(),
    frequency: z.enum(['weekly', 'monthly']),
    day: z.number().int(),
    time: z.string().openapi({ example: '09:00' }),
    time_zone: z.string(),
    member_ids: z.array(z.string()),
    addresses: z.array(z.string()),
    next_due_at: Timestamp.nullable(),
    send_requested_at: Timestamp.nullable(),
    last_sent_at: Timestamp.nullable(),
    last_error: z.string().nullable(),
    email_configured: z.boolean(),
  })
  .openapi('DigestSettings')

const DigestBody = z
  .strictObject({
    enabled: z.boolean(),
    frequency: z.enum(['weekly', 'monthly']),
    day: z.number().int().min(1).max(28).openapi({
      description: 'Weekly: ISO weekday 1 (Monday) to 7 (Sunday). Monthly: day of the month 1-28.',
    }),
    time: z.string().max(5).openapi({ description: 'HH:MM in the workspace’s time zone' }),
    member_ids: z.array(z.string().max(64)).max(MAX_DIGEST_RECIPIENTS).default([]),
    addresses: z.array(Email).max(MAX_DIGEST_RECIPIENTS).default([]),
  })
  .openapi('UpdateDigestSettings', {
    example: {
      enabled: true,
      frequency: 'weekly',
      day: 1,
      time: '09:00',
      member_ids: ['usr_01jb3k8x4r2m5n7p9q0s1t2v3w'],
      addresses: ['client@example.com'],
    },
  })

const presentSettings = (s: EmailSettingsView) => ({
  ...s,
  workspace: s.workspace && { ...s.workspace, updated_at: iso(s.workspace.updated_at) },
})

const presentOutbox = (e: OutboxEmailView) => ({
  ...e,
  next_attempt_at: isoOrNull(e.next_attempt_at),
  created_at: iso(e.created_at),
  sent_at: isoOrNull(e.sent_at),
})

const presentDigest = (d: DigestSettingsView) => ({
  ...d,
  next_due_at: isoOrNull(d.next_due_at),
  send_requested_at: isoOrNull(d.send_requested_at),
  last_sent_at: isoOrNull(d.last_sent_at),
})

const userIdOf = (c: { var: AppEnv['Variables'] }) =>
  c.var.auth?.kind === 'session' ? c.var.auth.user.id : null

/** Email settings (the workspace's own SMTP server), the email log, and scheduled digests. */
export function emailRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}'
  const tags = ['Email']

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/email/settings`,
      tags,
      summary: 'Whether and how this workspace sends email (admin); never shows a password',
      request: { params: WorkspaceParams },
      responses: { 200: json(EmailSettingsSchema, 'Email settings'), ...errorResponses },
    }),
    async (c) => {
      authorize(c.var.workspace, 'workspace.update')
      return c.json(
        presentSettings(await getEmailSettings(c.var.murmur, c.var.workspace.scope)),
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/email/smtp`,
      tags,
      summary: 'Use this workspace’s own SMTP server instead of the instance’s (admin)',
      request: { params: WorkspaceParams, body: jsonBody(SmtpBody) },
      responses: { 200: json(EmailSettingsSchema, 'Email settings'), ...errorResponses },
    }),
    async (c) => {
      authorize(c.var.workspace, 'workspace.update')
      const settings = await setWorkspaceSmtp(
        c.var.murmur,
        c.var.workspace.scope,
        c.req.valid('json'),
        userIdOf(c),
      )
      return c.json(presentSettings(settings), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/email/smtp`,
      tags,
      summary:
        'Forget the workspace’s own SMTP server: email goes through SMTP_URL, if set (admin)',
      request: { params: WorkspaceParams },
      responses: { 200: json(EmailSettingsSchema, 'Email settings'), ...errorResponses },
    }),
    async (c) => {
      authorize(c.var.workspace, 'workspace.update')
      return c.json(
        presentSettings(await removeWorkspaceSmtp(c.var.murmur, c.var.workspace.scope)),
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/email/outbox`,
      tags,
      summary: 'The workspace’s recent email: queued, sent, and failed with the reason (admin)',
      request: { params: WorkspaceParams, query: OutboxQuery },
      responses: {
        200: json(z.object({ data: z.array(OutboxSchema) }).openapi('OutboxList'), 'Emails'),
        ...errorResponses,
      },
    }),
    async (c) => {
      authorize(c.var.workspace, 'workspace.update')
      const emails = await listOutbox(c.var.workspace.scope, c.req.valid('query'))
      return c.json({ data: emails.map(presentOutbox) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/digest`,
      tags,
      summary: 'When and to whom the attention digest goes',
      request: { params: WorkspaceParams },
      responses: { 200: json(DigestSettingsSchema, 'Digest settings'), ...errorResponses },
    }),
    async (c) =>
      c.json(presentDigest(await getDigestSettings(c.var.murmur, c.var.workspace.scope)), 200),
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/digest`,
      tags,
      summary: 'Set the weekly or monthly attention digest (admin)',
      request: { params: WorkspaceParams, body: jsonBody(DigestBody) },
      responses: { 200: json(DigestSettingsSchema, 'Digest settings'), ...errorResponses },
    }),
    async (c) => {
      authorize(c.var.workspace, 'workspace.update')
      const settings = await updateDigestSettings(
        c.var.murmur,
        c.var.workspace.scope,
        c.req.valid('json'),
        userIdOf(c),
      )
      return c.json(presentDigest(settings), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/digest/send`,
      tags,
      summary:
        'Send the digest of the last full period now (admin); it goes out in the background within a minute',
      request: { params: WorkspaceParams },
      responses: { 202: json(DigestSettingsSchema, 'Asked'), ...errorResponses },
    }),
    async (c) => {
      authorize(c.var.workspace, 'workspace.update')
      return c.json(presentDigest(await requestDigestNow(c.var.murmur, c.var.workspace.scope)), 202)
    },
  )
}
