import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { changeRole, listMembers, removeMember } from '../../services/members.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { pageOf } from '../pagination.js'
import {
  errorResponses,
  iso,
  json,
  jsonBody,
  listOf,
  PageQuery,
  RoleSchema,
  Timestamp,
  WorkspaceParams,
} from '../schemas.js'

const MemberSchema = z
  .object({
    user_id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    created_at: Timestamp,
  })
  .openapi('Member')

const MemberParams = WorkspaceParams.extend({
  user_id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'user_id', in: 'path' } }),
})

const ChangeRoleBody = z
  .strictObject({ role: RoleSchema })
  .openapi('ChangeRole', { example: { role: 'editor' } })

export function memberRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/members',
      tags: ['Members'],
      summary: 'People in the workspace and their roles',
      request: { params: WorkspaceParams, query: PageQuery },
      responses: { 200: json(listOf(MemberSchema, 'MemberList'), 'Members'), ...errorResponses },
    }),
    async (c) => {
      const members = (await listMembers(c.var.workspace.scope)).map((m) => ({
        ...m,
        created_at: iso(m.created_at),
      }))
      return c.json(
        pageOf(members, (m) => m.user_id, c.req.valid('query')),
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/workspaces/{workspace_id}/members/{user_id}',
      tags: ['Members'],
      summary: 'Change a member’s role (admin; owners only for owners)',
      request: { params: MemberParams, body: jsonBody(ChangeRoleBody) },
      responses: { 200: json(MemberSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'members.manage')
      const member = await changeRole(
        access.scope,
        access.role,
        c.req.valid('param').user_id,
        c.req.valid('json').role,
      )
      return c.json({ ...member, created_at: iso(member.created_at) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/workspaces/{workspace_id}/members/{user_id}',
      tags: ['Members'],
      summary: 'Remove someone from the workspace (admin)',
      request: { params: MemberParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'members.manage')
      await removeMember(access.scope, access.role, c.req.valid('param').user_id)
      return c.body(null, 204)
    },
  )
}
