import { z } from '@hono/zod-openapi'
import { ROLES } from '../core/roles.js'

/** Schemas shared by several routes. Request bodies are strict: unknown fields are refused. */

export const iso = (ms: number) => new Date(ms).toISOString()
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string().openapi({ example: 'name: Required' }),
      details: z.any().openapi({ example: [{ path: 'name', message: 'Required' }] }),
    }),
  })
  .openapi('Error')

export const RoleSchema = z.enum(ROLES).openapi('Role')

export const Timestamp = z
  .string()
  .openapi({ format: 'date-time', example: '2026-11-27T14:00:00.000Z' })

export const Email = z.string().trim().max(254).email('Enter a valid email address')
export const Password = z.string().min(10, 'At least 10 characters').max(200)
export const Name = z.string().trim().min(1, 'Required').max(120)
export const TimeZone = z.string().min(1).max(64).openapi({ example: 'Europe/Paris' })

export const UserSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), created_at: Timestamp })
  .openapi('User')

export const WorkspaceSchema = z
  .object({
    id: z.string().openapi({ example: 'ws_01jb3k8x4r2m5n7p9q0s' }),
    name: z.string(),
    slug: z.string(),
    time_zone: z.string(),
    created_at: Timestamp,
    logo_media_id: z.string().nullable().openapi({
      description: 'The media library image shown with the name on reports; null for none',
    }),
    role: RoleSchema,
  })
  .openapi('Workspace')

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  cursor: z.string().max(200).optional(),
})

export function listOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() }).openapi(name)
}

export const WorkspaceParams = z.object({
  workspace_id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'workspace_id', in: 'path' }, example: 'ws_01jb3k8x4r2m5n7p9q0s' }),
})

/** Standard error responses, for the OpenAPI document. */
export const errorResponses = {
  400: { description: 'Invalid input', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: {
    description: 'Role too low, or CSRF token missing',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  404: {
    description: 'Not found (or not yours)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  409: { description: 'Conflict', content: { 'application/json': { schema: ErrorSchema } } },
} as const

export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})
