import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { notFound } from '../../core/errors.js'
import {
  createWorkspace,
  findWorkspace,
  listWorkspacesOf,
  updateWorkspace,
} from '../../services/workspaces.js'
import type { AppEnv } from '../env.js'
import { authorize, requireSession } from '../middleware/workspace-access.js'
import { pageOf } from '../pagination.js'
import {
  errorResponses,
  iso,
  json,
  jsonBody,
  listOf,
  Name,
  PageQuery,
  TimeZone,
  WorkspaceParams,
  WorkspaceSchema,
} from '../schemas.js'

const CreateWorkspaceBody = z
  .strictObject({ name: Name, time_zone: TimeZone.default('UTC') })
  .openapi('CreateWorkspace', { example: { name: 'Corner Bakery', time_zone: 'Europe/Paris' } })

const UpdateWorkspaceBody = z
  .strictObject({
    name: Name.optional(),
    time_zone: TimeZone.optional(),
    logo_media_id: z.string().max(64).nullable().optional().openapi({
      description:
        'An image of the media library (JPEG, PNG, WebP or GIF, at most 2 MiB) shown with the name on reports; null removes it',
    }),
  })
  .openapi('UpdateWorkspace', {
    example: {
      name: 'Corner Bakery & Café',
      time_zone: 'Europe/Paris',
      logo_media_id: 'med_01jb3k8x4r2m5n7p9q0s',
    },
  })

export function workspaceRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces',
      tags: ['Workspaces'],
      summary: 'Workspaces the signed-in user belongs to',
      request: { query: PageQuery },
      responses: {
        200: json(listOf(WorkspaceSchema, 'WorkspaceList'), 'Workspaces'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const auth = requireSession(c.var.auth)
      const workspaces = (await listWorkspacesOf(c.var.murmur, auth.user.id)).map((w) => ({
        ...w,
        created_at: iso(w.created_at),
      }))
      return c.json(
        pageOf(workspaces, (w) => w.id, c.req.valid('query')),
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces',
      tags: ['Workspaces'],
      summary: 'Create a workspace; the caller becomes its owner',
      request: { body: jsonBody(CreateWorkspaceBody) },
      responses: { 201: json(WorkspaceSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const auth = requireSession(c.var.auth)
      const body = c.req.valid('json')
      const workspace = await createWorkspace(c.var.murmur, {
        name: body.name,
        timeZone: body.time_zone,
        ownerId: auth.user.id,
      })
      return c.json({ ...workspace, created_at: iso(workspace.created_at) }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}',
      tags: ['Workspaces'],
      summary: 'One workspace, with the caller’s role',
      request: { params: WorkspaceParams },
      responses: { 200: json(WorkspaceSchema, 'Workspace'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      const workspace = await findWorkspace(c.var.murmur, access.id)
      if (!workspace) throw notFound('Workspace')
      return c.json({ ...workspace, created_at: iso(workspace.created_at), role: access.role }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/workspaces/{workspace_id}',
      tags: ['Workspaces'],
      summary: 'Rename the workspace, change its time zone or its report logo (admin)',
      request: { params: WorkspaceParams, body: jsonBody(UpdateWorkspaceBody) },
      responses: { 200: json(WorkspaceSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const workspace = await updateWorkspace(c.var.murmur, access.scope, c.req.valid('json'))
      return c.json({ ...workspace, created_at: iso(workspace.created_at), role: access.role }, 200)
    },
  )
}
