import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { invalid } from '../../core/errors.js'
import {
  deleteMedia,
  getMedia,
  listMedia,
  readMediaFile,
  updateMediaAltText,
  uploadMedia,
} from '../../services/media.js'
import type { AppEnv } from '../env.js'
import { authorize } from '../middleware/workspace-access.js'
import { pageOf } from '../pagination.js'
import { errorResponses, json, jsonBody, listOf, PageQuery, WorkspaceParams } from '../schemas.js'
import {
  MediaParams,
  MediaSchema,
  presentMedia,
  UpdateMediaBody,
  UploadMediaFormBody,
  UploadMediaJsonBody,
} from './publishing-schemas.js'

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/

/** Reads the JSON form's file: base64 (standard or URL-safe), optionally as a data: URL. */
function decodeBase64(value: string): Uint8Array {
  const data = value.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '')
  if (!BASE64.test(data)) {
    throw invalid('data_base64 is not base64.', [{ path: 'data_base64', message: 'Not base64' }])
  }
  return new Uint8Array(
    Buffer.from(data, data.includes('-') || data.includes('_') ? 'base64url' : 'base64'),
  )
}

/** The media library: uploads (type checked from the bytes), alt text, files and thumbnails. */
export function mediaRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/workspaces/{workspace_id}/media',
      tags: ['Media'],
      summary:
        'Upload an image or video (editor): multipart/form-data (`file`, `alt_text`) or JSON with base64. Limited to MURMUR_MEDIA_MAX_BYTES; the type is read from the bytes.',
      request: {
        params: WorkspaceParams,
        body: {
          required: false,
          content: {
            'multipart/form-data': { schema: UploadMediaFormBody },
            'application/json': { schema: UploadMediaJsonBody },
          },
        },
      },
      responses: {
        201: json(MediaSchema, 'Stored'),
        ...errorResponses,
        413: json(z.any(), 'Too large'),
        415: json(z.any(), 'Not an image or video Murmur accepts'),
      },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const contentType = c.req.header('content-type') ?? ''
      let bytes: Uint8Array
      let fileName: string | undefined
      let altText: string | undefined
      if (/^multipart\/form-data/i.test(contentType)) {
        // Each validator ran only for its own content type; the types cannot know which one did.
        const form = c.req.valid('form') as z.infer<typeof UploadMediaFormBody>
        const file = form.file as unknown
        if (!(file instanceof File)) {
          throw invalid('Send the file in a form field named "file".', [
            { path: 'file', message: 'Required' },
          ])
        }
        bytes = new Uint8Array(await file.arrayBuffer())
        fileName = file.name || undefined
        altText = form.alt_text
      } else if (/^application\/json/i.test(contentType)) {
        const body = c.req.valid('json') as z.infer<typeof UploadMediaJsonBody>
        bytes = decodeBase64(body.data_base64)
        fileName = body.file_name
        altText = body.alt_text
      } else {
        throw invalid('Send multipart/form-data with a "file" field, or JSON with data_base64.')
      }
      const auth = c.var.auth
      const media = await uploadMedia(c.var.murmur, access.scope, {
        bytes,
        fileName,
        altText,
        createdBy: auth?.kind === 'session' ? auth.user.id : null,
      })
      return c.json(presentMedia(access.id, media), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/media',
      tags: ['Media'],
      summary: 'The media library, newest first',
      request: { params: WorkspaceParams, query: PageQuery },
      responses: { 200: json(listOf(MediaSchema, 'MediaList'), 'Media'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      const items = (await listMedia(access.scope)).map((m) => presentMedia(access.id, m))
      return c.json(
        pageOf(items, (item) => item.id, c.req.valid('query')),
        200,
      )
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspaces/{workspace_id}/media/{media_id}',
      tags: ['Media'],
      summary: 'One media item',
      request: { params: MediaParams },
      responses: { 200: json(MediaSchema, 'Media'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      const media = await getMedia(access.scope, c.req.valid('param').media_id)
      return c.json(presentMedia(access.id, media), 200)
    },
  )

  for (const variant of ['content', 'thumbnail'] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/api/v1/workspaces/{workspace_id}/media/{media_id}/${variant}`,
        tags: ['Media'],
        summary: variant === 'content' ? 'The file itself' : 'A 400 px WebP preview (images only)',
        request: { params: MediaParams },
        responses: {
          200: {
            description: 'The bytes',
            content: { 'application/octet-stream': { schema: z.any() } },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const access = c.var.workspace
        const file = await readMediaFile(
          c.var.murmur,
          access.scope,
          c.req.valid('param').media_id,
          variant === 'content' ? 'original' : 'thumbnail',
        )
        return c.body(new Uint8Array(file.bytes), 200, {
          'content-type': file.mimeType,
          'cache-control': 'private, max-age=86400',
          'content-disposition': 'inline',
        })
      },
    )
  }

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/workspaces/{workspace_id}/media/{media_id}',
      tags: ['Media'],
      summary: 'Change the alt text (editor); posts that do not override it use the new one',
      request: { params: MediaParams, body: jsonBody(UpdateMediaBody) },
      responses: { 200: json(MediaSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      const media = await updateMediaAltText(
        access.scope,
        c.req.valid('param').media_id,
        c.req.valid('json').alt_text,
      )
      return c.json(presentMedia(access.id, media), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/workspaces/{workspace_id}/media/{media_id}',
      tags: ['Media'],
      summary: 'Delete a media item no post uses (editor); 409 names the posts using it',
      request: { params: MediaParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const access = c.var.workspace
      authorize(access, 'content.write')
      await deleteMedia(c.var.murmur, access.scope, c.req.valid('param').media_id)
      return c.body(null, 204)
    },
  )
}
