import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { MAX_IMPORT_ROWS } from '../../core/csv-posts/read-file.js'
import {
  cancelImport,
  confirmImport,
  getImport,
  listImports,
  type PostImport,
  previewImport,
  runImport,
} from '../../services/post-import.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { errorResponses, iso, isoOrNull, json, jsonBody, WorkspaceParams } from '../schemas.js'

const ImportParams = WorkspaceParams.extend({
  import_id: z
    .string()
    .max(64)
    .openapi({
      param: { name: 'import_id', in: 'path' },
      example: 'imp_01jb3k8x4r2m5n7p9q0s1t2v3w',
    }),
})

const PreviewBody = z
  .strictObject({
    file_name: z.string().max(255).optional(),
    content: z
      .string()
      .min(1, 'The file is empty')
      .openapi({ description: 'The file: CSV with a header line, or a JSON export' }),
  })
  .openapi({
    example: {
      file_name: 'december.csv',
      content:
        'text,channels,time,labels\r\n"Fresh bread, every morning",bluesky:cornerbakery.bsky.social,2026-12-01 09:30,bread\r\n',
    },
  })

const ConfirmBody = z
  .strictObject({
    skip_bad_rows: z.boolean().default(false).openapi({
      description:
        'Import the good rows without the bad ones (otherwise bad rows refuse the import)',
    }),
  })
  .openapi({ example: { skip_bad_rows: true } })

const ImportRowSchema = z.object({
  row: z
    .number()
    .int()
    .openapi({ description: 'As a spreadsheet numbers it: the header is row 1' }),
  status: z.enum(['good', 'bad', 'duplicate', 'imported', 'failed']),
  text: z.string(),
  channels: z.array(z.string()),
  time: z.string().nullable().openapi({ description: 'ISO instant, "queue", or null (a draft)' }),
  images: z.number().int(),
  labels: z.array(z.string()),
  campaign: z.string().nullable(),
  problems: z.array(z.string()),
  warnings: z.array(z.string()),
  post_id: z.string().nullable(),
})

const ImportSummary = z.object({
  id: z.string(),
  file_name: z.string().nullable(),
  status: z.enum(['ready', 'importing', 'done', 'cancelled']),
  total_rows: z.number().int(),
  good_rows: z.number().int(),
  bad_rows: z.number().int(),
  duplicate_rows: z.number().int(),
  progress: z.object({
    done: z.number().int(),
    total: z.number().int(),
    percent: z.number().int(),
  }),
  created_posts: z.number().int(),
  failed_rows: z.array(z.object({ row: z.number().int(), message: z.string() })),
  created_at: z.string(),
  finished_at: z.string().nullable(),
})

const ImportSchema = ImportSummary.extend({ rows: z.array(ImportRowSchema) }).openapi('PostImport')
const ImportListSchema = z.object({ data: z.array(ImportSummary) }).openapi('PostImportList')

function summary(value: Omit<PostImport, 'rows'>) {
  const total = value.good_rows
  const done = value.status === 'done' ? total : Math.min(value.done_rows, total)
  return {
    id: value.id,
    file_name: value.file_name,
    status: value.status,
    total_rows: value.total_rows,
    good_rows: value.good_rows,
    bad_rows: value.bad_rows,
    duplicate_rows: value.duplicate_rows,
    progress: { done, total, percent: total === 0 ? 100 : Math.floor((done / total) * 100) },
    created_posts: value.created_posts,
    failed_rows: value.failed_rows,
    created_at: iso(value.created_at),
    finished_at: isoOrNull(value.finished_at),
  }
}

const present = (value: PostImport) => ({
  ...summary(value),
  rows: value.rows.map(({ key: _key, resolved: _resolved, ...row }) => row),
})

/** Bulk import of posts from CSV: preview, confirm, follow the progress (docs/import-export.md). */
export function postImportRoutes(app: OpenAPIHono<AppEnv>) {
  const base = '/api/v1/workspaces/{workspace_id}/post-imports'
  const tags = ['Posts']

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags,
      summary: `Upload a file of posts (editor): every row checked against the rules of every network it targets; nothing is created yet. At most ${MAX_IMPORT_ROWS} rows.`,
      request: { params: WorkspaceParams, body: jsonBody(PreviewBody) },
      responses: { 201: json(ImportSchema, 'The preview'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const body = c.req.valid('json')
      const auth = c.var.auth
      const preview = await previewImport(c.var.murmur, access.scope, {
        content: body.content,
        fileName: body.file_name,
        createdBy: auth?.kind === 'session' ? auth.user.id : null,
      })
      return c.json(present(preview), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags,
      summary: 'The workspace’s 20 most recent imports, newest first',
      request: { params: WorkspaceParams },
      responses: { 200: json(ImportListSchema, 'Imports'), ...errorResponses },
    }),
    async (c) => {
      const imports = await listImports(c.var.workspace.scope)
      return c.json({ data: imports.map(summary) }, 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{import_id}`,
      tags,
      summary: 'An import: its rows, their problems, and its progress (poll it while importing)',
      request: { params: ImportParams },
      responses: { 200: json(ImportSchema, 'Import'), ...errorResponses },
    }),
    async (c) => {
      const found = await getImport(c.var.workspace.scope, c.req.valid('param').import_id)
      return c.json(present(found), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{import_id}/confirm`,
      tags,
      summary:
        'Create the posts of a previewed import (editor). With bad rows, only with skip_bad_rows. Answers at once; poll the import for progress. A stopped import resumes; no row is created twice.',
      request: { params: ImportParams, body: jsonBody(ConfirmBody) },
      responses: { 202: json(ImportSchema, 'Importing'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const { murmur } = c.var
      const id = c.req.valid('param').import_id
      const started = await confirmImport(murmur, access.scope, id, {
        skipBadRows: c.req.valid('json').skip_bad_rows,
      })
      // The request answers now; the posts are created behind it, progress saved as it goes.
      runImport(murmur, access.scope, id).catch((error: unknown) =>
        murmur.log.error({ err: error, import: id }, 'post import failed'),
      )
      return c.json(present(started), 202)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{import_id}/cancel`,
      tags,
      summary:
        'Throw a previewed import away (editor), with the images it fetched that no post uses',
      request: { params: ImportParams },
      responses: { 200: json(ImportSchema, 'Cancelled'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const cancelled = await cancelImport(
        c.var.murmur,
        access.scope,
        c.req.valid('param').import_id,
      )
      return c.json(present(cancelled), 200)
    },
  )
}
