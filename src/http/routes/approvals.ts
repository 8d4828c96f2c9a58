import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { APPROVAL_ROLE_CHOICES, MAX_APPROVAL_COMMENT } from '../../core/approvals/rules.js'
import { getApprovalSettings, setApprovalSettings } from '../../services/approval-gate.js'
import {
  type ApprovalRequestView,
  approvalHistory,
  approvalQueue,
  approvePost,
  rejectPost,
} from '../../services/approvals.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import {
  errorResponses,
  isoOrNull,
  json,
  jsonBody,
  RoleSchema,
  Timestamp,
  WorkspaceParams,
} from '../schemas.js'
import { actorOf } from './approvals-actor.js'
import { PostParams, PostSchema, presentPost, toWhen, WhenSchema } from './publishing-schemas.js'

const ApprovalSettingsSchema = z
  .object({
    roles: z.array(z.enum(APPROVAL_ROLE_CHOICES)).openapi({
      description: 'Roles whose scheduled posts wait for approval (owners never wait)',
      example: ['editor'],
    }),
    approver_roles: z.array(RoleSchema).openapi({ description: 'Roles that approve' }),
  })
  .openapi('ApprovalSettings')

const ApprovalSettingsBody = z
  .strictObject({ roles: z.array(z.string().max(20)).max(4) })
  .openapi('ApprovalSettingsInput', { example: { roles: ['editor'] } })

export const ApprovalRequestSchema = z
  .object({
    id: z.string().openapi({ example: 'apr_01jb3k8x4r2m5n7p9q0s1t2v3w' }),
    post_id: z.string(),
    status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
    submitted_by: z.string().nullable(),
    submitted_by_name: z.string(),
    submitted_at: Timestamp,
    due_at: Timestamp.nullable().openapi({ description: 'When the post should go out' }),
    overdue_at: Timestamp.nullable().openapi({
      description: 'Set when its time passed while it waited: it was not published',
    }),
    decided_by: z.string().nullable(),
    decided_by_name: z.string().nullable(),
    decided_at: Timestamp.nullable(),
    comment: z.string().nullable(),
  })
  .openapi('ApprovalRequest')

export const presentRequest = (request: ApprovalRequestView) => ({
  ...request,
  submitted_at: new Date(request.submitted_at).toISOString(),
  due_at: isoOrNull(request.due_at),
  overdue_at: isoOrNull(request.overdue_at),
  decided_at: isoOrNull(request.decided_at),
})

const Comment = z.string().max(MAX_APPROVAL_COMMENT)

const ApproveBody = z
  .strictObject({
    comment: Comment.nullable().optional(),
    when: WhenSchema.optional().openapi({
      description:
        'A new time; needed when the post’s time passed while it waited (or `now` to publish right away)',
    }),
  })
  .openapi('ApprovePostInput', { example: { comment: 'Lovely, go ahead.' } })

const RejectBody = z
  .strictObject({ comment: Comment })
  .openapi('RejectPostInput', { example: { comment: 'Please add the opening hours.' } })

const QueueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
})

/** Approvals: who waits, the queue of waiting posts, decisions and each post's history. */
export function approvalRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/approval-settings',
      tags: ['Approvals'],
      summary: 'Which roles’ scheduled posts wait for approval, and who approves',
      request: { params: WorkspaceParams },
      responses: { 200: json(ApprovalSettingsSchema, 'Settings'), ...errorResponses },
    }),
    async (c) => c.json(await getApprovalSettings(c.var.workspace.scope), 200),
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/workspaces/{workspace_id}/approval-settings',
      tags: ['Approvals'],
      summary: 'Choose which roles wait for approval (admin): editors, admins, both or none',
      request: { params: WorkspaceParams, body: jsonBody(ApprovalSettingsBody) },
      responses: { 200: json(ApprovalSettingsSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const auth = c.var.auth
      const settings = await setApprovalSettings(
        access.scope,
        c.req.valid('json').roles,
        auth?.kind === 'session' ? auth.user.id : null,
        c.var.murmur.now(),
      )
      return c.json(settings, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/approvals',
      tags: ['Approvals'],
      summary: 'Posts waiting for approval, soonest first, each with its open request',
      request: { params: WorkspaceParams, query: QueueQuery },
      responses: {
        200: json(
          z
            .object({
              data: z.array(z.object({ request: ApprovalRequestSchema, post: PostSchema })),
            })
            .openapi('ApprovalQueue'),
          'Waiting posts',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const queue = await approvalQueue(c.var.workspace.scope, c.req.valid('query'))
      return c.json(
        {
          data: queue.map((item) => ({
            request: presentRequest(item.request),
            post: presentPost(item.post),
          })),
        },
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}/approvals',
      tags: ['Approvals'],
      summary: 'A post’s approval history: every submission and decision, with comments',
      request: { params: PostParams },
      responses: {
        200: json(
          z.object({ data: z.array(ApprovalRequestSchema) }).openapi('ApprovalHistory'),
          'History',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const history = await approvalHistory(c.var.workspace.scope, c.req.valid('param').post_id)
      return c.json({ data: history.map(presentRequest) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}/approve',
      tags: ['Approvals'],
      summary:
        'Approve a waiting post (approver): it is scheduled at its time, or at `when`. 409 when its time passed and no new time is given.',
      request: { params: PostParams, body: jsonBody(ApproveBody) },
      responses: { 200: json(PostSchema, 'Approved'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const post = await approvePost(
        c.var.murmur,
        access.scope,
        c.req.valid('param').post_id,
        await actorOf(c),
        { comment: body.comment, when: body.when && toWhen(body.when) },
      )
      return c.json(presentPost(post), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/posts/{post_id}/reject',
      tags: ['Approvals'],
      summary:
        'Reject a waiting post with a comment (approver): it goes back to draft; its author sees the comment, revises and schedules again',
      request: { params: PostParams, body: jsonBody(RejectBody) },
      responses: { 200: json(PostSchema, 'Rejected'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const post = await rejectPost(
        c.var.murmur,
        access.scope,
        c.req.valid('param').post_id,
        await actorOf(c),
        { comment: c.req.valid('json').comment },
      )
      return c.json(presentPost(post), 200)
    },
  )
}
