import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { previewHomePage } from '../../services/page-preview.js'
import { getPageSettings, savePageSettings } from '../../services/pages.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { errorResponses, json, jsonBody, WorkspaceParams } from '../schemas.js'
import {
  PageSettingsBody,
  PageSettingsSchema,
  PreviewPageBody,
  PreviewSchema,
  presentSettings,
} from './page-schemas.js'

/** The home page (link in bio) settings, and its live preview for the editor. */
export function pageRoutes(app: OpenAPIHono<AppEnv>) {
  const path = '/api/v1/workspaces/{workspace_id}/page'

  app.openapi(
    createRoute({
      method: 'get',
      path,
      tags: ['Pages'],
      summary:
        'The home page’s settings, its address and its links (defaults before the first save)',
      request: { params: WorkspaceParams },
      responses: { 200: json(PageSettingsSchema, 'Settings'), ...errorResponses },
    }),
    async (c) => {
      const settings = await getPageSettings(c.var.murmur, c.var.workspace.scope)
      return c.json(presentSettings(settings), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'put',
      path,
      tags: ['Pages'],
      summary:
        'Save the home page’s settings (admin). Links become tracked links; a new slug keeps the old address as a 301',
      request: { params: WorkspaceParams, body: jsonBody(PageSettingsBody) },
      responses: { 200: json(PageSettingsSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const auth = c.var.auth
      const settings = await savePageSettings(
        c.var.murmur,
        access.scope,
        c.req.valid('json'),
        auth?.kind === 'session' ? auth.user.id : null,
      )
      return c.json(presentSettings(settings), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${path}/preview`,
      tags: ['Pages'],
      summary:
        'Render the home page with unsaved settings (admin): the live preview. Nothing is saved',
      request: { params: WorkspaceParams, body: jsonBody(PreviewPageBody) },
      responses: { 200: json(PreviewSchema, 'The page'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const html = await previewHomePage(c.var.murmur, access.scope, c.req.valid('json'))
      return c.json({ html }, 200)
    },
  )
}
