import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { type ApiKey, createApiKey, listApiKeys, revokeApiKey } from '../../services/api-keys.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { pageOf } from '../pagination.js'
import {
  errorResponses,
  iso,
  isoOrNull,
  json,
  jsonBody,
  listOf,
  Name,
  PageQuery,
  RoleSchema,
  Timestamp,
  WorkspaceParams,
} from '../schemas.js'

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
    prefix: z.string().openapi({ description: 'First characters of the key, to recognise it' }),
    created_at: Timestamp,
    last_used_at: Timestamp.nullable(),
  })
  .openapi('ApiKey')

const CreatedApiKey = ApiKeySchema.extend({
  key: z
    .string()
    .openapi({ description: 'The secret key. Shown only in this answer: store it now.' }),
}).openapi('CreatedApiKey')

const CreateApiKeyBody = z
  .strictObject({ name: Name, role: RoleSchema.default('admin') })
  .openapi('CreateApiKey', { example: { name: 'Zapier', role: 'editor' } })

const ApiKeyParams = WorkspaceParams.extend({
  api_key_id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'api_key_id', in: 'path' } }),
})

const present = (key: ApiKey) => ({
  id: key.id,
  name: key.name,
  role: key.role,
  prefix: key.prefix,
  created_at: iso(key.created_at),
  last_used_at: isoOrNull(key.last_used_at),
})

export function apiKeyRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/api-keys',
      tags: ['API keys'],
      summary: 'Active API keys (never the secrets)',
      request: { params: WorkspaceParams, query: PageQuery },
      responses: { 200: json(listOf(ApiKeySchema, 'ApiKeyList'), 'API keys'), ...errorResponses },
    }),
    async (c) => {
      authorize(c.var.workspace, 'api_keys.manage')
      const keys = (await listApiKeys(c.var.workspace.scope)).map(present)
      return c.json(
        pageOf(keys, (k) => k.id, c.req.valid('query')),
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/api-keys',
      tags: ['API keys'],
      summary: 'Create an API key (admin). The key is in this answer only.',
      request: { params: WorkspaceParams, body: jsonBody(CreateApiKeyBody) },
      responses: { 201: json(CreatedApiKey, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'api_keys.manage')
      const body = c.req.valid('json')
      const auth = c.var.auth
      const key = await createApiKey(c.var.murmur, access.scope, {
        name: body.name,
        role: body.role,
        actorRole: access.role,
        createdBy: auth?.kind === 'session' ? auth.user.id : null,
      })
      return c.json({ ...present(key), key: key.key }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/workspaces/{workspace_id}/api-keys/{api_key_id}',
      tags: ['API keys'],
      summary: 'Revoke an API key (admin)',
      request: { params: ApiKeyParams },
      responses: { 204: { description: 'Revoked' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'api_keys.manage')
      await revokeApiKey(c.var.murmur, access.scope, c.req.valid('param').api_key_id)
      return c.body(null, 204)
    },
  )
}
