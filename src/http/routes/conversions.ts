import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { markCustomerFromConversion } from '../../services/contact-conversions.js'
import { type Conversion, listConversions, recordConversion } from '../../services/conversions.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import {
  errorResponses,
  iso,
  json,
  jsonBody,
  listOf,
  PageQuery,
  Timestamp,
  WorkspaceParams,
} from '../schemas.js'
import { IsoTime } from './link-schemas.js'

const ConversionSchema = z
  .object({
    id: z.string(),
    type: z.enum(['lead', 'sale']),
    event_name: z.string().nullable(),
    amount: z.number().int().nullable().openapi({ description: 'Minor units (cents)' }),
    currency: z.string().nullable(),
    click_id: z.string().nullable(),
    customer_id: z.string().nullable(),
    external_id: z.string().nullable(),
    occurred_at: Timestamp,
    created_at: Timestamp,
  })
  .openapi('Conversion')

const RecordedConversion = ConversionSchema.extend({
  touchpoints: z
    .array(z.object({ click_id: z.string(), link_id: z.string(), at: Timestamp }))
    .openapi({ description: 'The clicks this conversion is attributed to, oldest first' }),
}).openapi('RecordedConversion')

const RecordConversionBody = z
  .strictObject({
    type: z.enum(['lead', 'sale']),
    click_id: z
      .string()
      .max(64)
      .optional()
      .openapi({ description: 'The mm= value Murmur appended to the destination' }),
    customer_id: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'Your id for the customer: links a sale to an earlier lead' }),
    event_name: z.string().max(100).optional(),
    amount: z
      .number()
      .int('Send the amount in cents (1999 for 19.99)')
      .min(0)
      .optional()
      .openapi({ description: 'Sales only: whole minor units (cents)' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'An ISO 4217 code in capitals, such as EUR')
      .optional(),
    external_id: z.string().min(1).max(200).optional().openapi({
      description: 'Your id for the event (an invoice id): the same one is never counted twice',
    }),
    occurred_at: IsoTime.optional(),
  })
  .openapi('RecordConversion', {
    example: {
      type: 'sale',
      click_id: '0p1b3k8x4rm5n7p9qs',
      customer_id: 'cus_1042',
      amount: 2450,
      currency: 'EUR',
      external_id: 'inv-2027-0042',
    },
  })

function present(conversion: Omit<Conversion, 'touchpoints'>) {
  return {
    id: conversion.id,
    type: conversion.kind,
    event_name: conversion.event_name,
    amount: conversion.amount,
    currency: conversion.currency,
    click_id: conversion.click_id,
    customer_id: conversion.customer_id,
    external_id: conversion.external_id,
    occurred_at: iso(conversion.occurred_at),
    created_at: iso(conversion.created_at),
  }
}

export function conversionRoutes(app: OpenAPIHono<AppEnv>) {
  const path = '/api/v1/workspaces/{workspace_id}/conversions'

  app.openapi(
    createRoute({
      method: 'post',
      path,
      tags: ['Conversions'],
      summary: 'Report a lead or a sale from your site or server (API key with editor role)',
      request: { params: WorkspaceParams, body: jsonBody(RecordConversionBody) },
      responses: { 201: json(RecordedConversion, 'Recorded'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const conversion = await recordConversion(c.var.murmur, access.scope, {
        kind: body.type,
        click_id: body.click_id,
        customer_id: body.customer_id,
        event_name: body.event_name,
        amount: body.amount,
        currency: body.currency,
        external_id: body.external_id,
        occurred_at: body.occurred_at === undefined ? undefined : Date.parse(body.occurred_at),
        source: 'api',
      })
      await markCustomerFromConversion(c.var.murmur, access.scope, conversion) // contact rules
      return c.json(
        {
          ...present(conversion),
          touchpoints: conversion.touchpoints.map((t) => ({ ...t, at: iso(t.at) })),
        },
        201,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path,
      tags: ['Conversions'],
      summary: 'Leads and sales, newest first',
      request: { params: WorkspaceParams, query: PageQuery },
      responses: {
        200: json(listOf(ConversionSchema, 'ConversionList'), 'Conversions'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const page = await listConversions(c.var.workspace.scope, c.req.valid('query'))
      return c.json({ data: page.data.map(present), next_cursor: page.next_cursor }, 200)
    },
  )
}
