import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  resendWebhookDelivery,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
  WEBHOOK_EVENTS,
  type WebhookDeliveryView,
  type WebhookEndpointView,
} from '../../services/webhooks.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import {
  errorResponses,
  iso,
  isoOrNull,
  json,
  jsonBody,
  Timestamp,
  WorkspaceParams,
} from '../schemas.js'

const EVENT_NAMES = Object.keys(WEBHOOK_EVENTS) as [string, ...string[]]

const EndpointParams = WorkspaceParams.extend({
  webhook_endpoint_id: z
    .string()
    .max(64)
    .openapi({
      param: { name: 'webhook_endpoint_id', in: 'path' },
      example: 'whk_01jb3k8x4r2m5n7p9q0s1t2v3w',
    }),
})
const DeliveryParams = EndpointParams.extend({
  webhook_delivery_id: z
    .string()
    .max(64)
    .openapi({
      param: { name: 'webhook_delivery_id', in: 'path' },
      example: 'msg_01jb3k8x4r2m5n7p9q0s1t2v3w',
    }),
})

const EndpointSchema = z
  .object({
    id: z.string().openapi({ example: 'whk_01jb3k8x4r2m5n7p9q0s1t2v3w' }),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable(),
    failing_since: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('WebhookEndpoint')

const Url = z.string().max(2048)
const Events = z
  .array(z.string().max(64))
  .max(EVENT_NAMES.length * 2)
  .openapi({
    description: `Any of: ${EVENT_NAMES.join(', ')}`,
  })

const CreateEndpointBody = z
  .strictObject({
    url: Url,
    events: Events,
    description: z.string().max(200).nullable().optional(),
  })
  .openapi('CreateWebhookEndpoint', {
    example: { url: 'https://hooks.example.com/murmur', events: ['post.published', 'post.failed'] },
  })

const UpdateEndpointBody = z
  .strictObject({
    url: Url.optional(),
    events: Events.optional(),
    description: z.string().max(200).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .openapi('UpdateWebhookEndpoint', { example: { enabled: true } })

const AttemptSchema = z.object({
  attempt: z.number().int(),
  status_code: z.number().int().nullable(),
  response_excerpt: z.string().nullable(),
  error: z.string().nullable(),
  duration_ms: z.number().int(),
  created_at: Timestamp,
})

const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: 'Also the webhook-id header' }),
    endpoint_id: z.string(),
    event_type: z.string(),
    payload: z.any(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    next_attempt_at: Timestamp.nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    created_at: Timestamp,
    delivered_at: Timestamp.nullable(),
    attempt_log: z.array(AttemptSchema),
  })
  .openapi('WebhookDelivery')

const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
})

const presentEndpoint = (endpoint: WebhookEndpointView) => ({
  ...endpoint,
  failing_since: isoOrNull(endpoint.failing_since),
  created_at: iso(endpoint.created_at),
  updated_at: iso(endpoint.updated_at),
})

const presentDelivery = (delivery: WebhookDeliveryView) => ({
  ...delivery,
  next_attempt_at: isoOrNull(delivery.next_attempt_at),
  created_at: iso(delivery.created_at),
  delivered_at: isoOrNull(delivery.delivered_at),
  attempt_log: delivery.attempt_log.map((a) => ({ ...a, created_at: iso(a.created_at) })),
})

const SecretSchema = z
  .object({
    secret: z.string().openapi({
      description: 'The signing secret (Standard Webhooks, whsec_…): shown this once',
      example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
  })
  .openapi('WebhookSecret')

/** Webhook endpoints (admin): subscribe to events, read the delivery log, resend, test. */
export function webhookRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}/webhooks'

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/webhook-events',
      tags: ['Webhooks'],
      summary: 'The events an endpoint can subscribe to, with what each means',
      request: { params: WorkspaceParams },
      responses: {
        200: json(
          z
            .object({ data: z.array(z.object({ type: z.string(), description: z.string() })) })
            .openapi('WebhookEvents'),
          'Events',
        ),
        ...errorResponses,
      },
    }),
    (c) =>
      c.json(
        {
          data: Object.entries(WEBHOOK_EVENTS).map(([type, description]) => ({
            type,
            description,
          })),
        },
        200,
      ),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags: ['Webhooks'],
      summary:
        'Add an endpoint (admin). The answer carries its signing secret, shown this once; deliveries are signed per Standard Webhooks.',
      request: { params: WorkspaceParams, body: jsonBody(CreateEndpointBody) },
      responses: {
        201: json(EndpointSchema.merge(SecretSchema).openapi('CreatedWebhookEndpoint'), 'Added'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const auth = c.var.auth
      const { endpoint, secret } = await createWebhookEndpoint(
        c.var.murmur,
        access.scope,
        c.req.valid('json'),
        auth?.kind === 'session' ? auth.user.id : null,
      )
      return c.json({ ...presentEndpoint(endpoint), secret }, 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags: ['Webhooks'],
      summary: 'The workspace’s endpoints (admin)',
      request: { params: WorkspaceParams },
      responses: {
        200: json(
          z.object({ data: z.array(EndpointSchema) }).openapi('WebhookEndpointList'),
          'Endpoints',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const endpoints = await listWebhookEndpoints(access.scope)
      return c.json({ data: endpoints.map(presentEndpoint) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{webhook_endpoint_id}`,
      tags: ['Webhooks'],
      summary: 'One endpoint (admin)',
      request: { params: EndpointParams },
      responses: { 200: json(EndpointSchema, 'Endpoint'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const endpoint = await getWebhookEndpoint(
        access.scope,
        c.req.valid('param').webhook_endpoint_id,
      )
      return c.json(presentEndpoint(endpoint), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/{webhook_endpoint_id}`,
      tags: ['Webhooks'],
      summary: 'Change an endpoint’s address, events or description, or turn it off and on (admin)',
      request: { params: EndpointParams, body: jsonBody(UpdateEndpointBody) },
      responses: { 200: json(EndpointSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const endpoint = await updateWebhookEndpoint(
        c.var.murmur,
        access.scope,
        c.req.valid('param').webhook_endpoint_id,
        c.req.valid('json'),
      )
      return c.json(presentEndpoint(endpoint), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/{webhook_endpoint_id}`,
      tags: ['Webhooks'],
      summary: 'Remove an endpoint and its delivery log (admin)',
      request: { params: EndpointParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      await deleteWebhookEndpoint(access.scope, c.req.valid('param').webhook_endpoint_id)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{webhook_endpoint_id}/rotate-secret`,
      tags: ['Webhooks'],
      summary: 'Replace the signing secret (admin): the new one is shown this once',
      request: { params: EndpointParams },
      responses: { 200: json(SecretSchema, 'New secret'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const secret = await rotateWebhookSecret(
        c.var.murmur,
        access.scope,
        c.req.valid('param').webhook_endpoint_id,
      )
      return c.json({ secret }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{webhook_endpoint_id}/test`,
      tags: ['Webhooks'],
      summary: 'Send a `webhook.test` event to this endpoint (admin)',
      request: { params: EndpointParams },
      responses: {
        202: json(z.object({ delivery_id: z.string() }).openapi('WebhookTestQueued'), 'Queued'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const id = await sendTestEvent(
        c.var.murmur,
        access.scope,
        c.req.valid('param').webhook_endpoint_id,
      )
      return c.json({ delivery_id: id }, 202)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{webhook_endpoint_id}/deliveries`,
      tags: ['Webhooks'],
      summary: 'The delivery log (admin): newest first, each attempt with its status and response',
      request: { params: EndpointParams, query: DeliveriesQuery },
      responses: {
        200: json(
          z.object({ data: z.array(DeliverySchema) }).openapi('WebhookDeliveryList'),
          'Log',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const deliveries = await listWebhookDeliveries(
        access.scope,
        c.req.valid('param').webhook_endpoint_id,
        c.req.valid('query'),
      )
      return c.json({ data: deliveries.map(presentDelivery) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{webhook_endpoint_id}/deliveries/{webhook_delivery_id}/resend`,
      tags: ['Webhooks'],
      summary: 'Send a delivery again now, with the same webhook-id (admin)',
      request: { params: DeliveryParams },
      responses: { 202: { description: 'Queued' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'workspace.update')
      const { webhook_endpoint_id, webhook_delivery_id } = c.req.valid('param')
      await resendWebhookDelivery(
        c.var.murmur,
        access.scope,
        webhook_endpoint_id,
        webhook_delivery_id,
      )
      return c.body(null, 202)
    },
  )
}
