import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { openPublicMediaToken, publicMediaFile } from '../../services/network-public-media.js'
import type { AppEnv } from '../env.js'
import { errorBody } from '../errors.js'

const gone = (c: Context) =>
  c.json(
    errorBody(
      'not_found',
      'This media address has expired. Addresses Murmur gives networks work for one hour.',
      { reason: 'expired' },
    ),
    410,
  )

const missing = (c: Context) => c.json(errorBody('not_found', 'No media at this address.'), 404)

/**
 * `GET /m/{token}`: a media file at the signed, expiring address Instagram and Threads download
 * images from (services/network-public-media.ts). Public on purpose, so it is not part of the
 * OpenAPI document; a tampered token is 404, an expired one 410.
 */
export function publicMediaRoutes(app: OpenAPIHono<AppEnv>) {
  // Hono answers HEAD with this GET route, without the body.
  app.get('/m/:token', async (c) => {
    const murmur = c.var.murmur
    const opened = openPublicMediaToken(murmur, c.req.param('token') ?? '')
    if (!opened.ok) return opened.reason === 'expired' ? gone(c) : missing(c)
    const file = await publicMediaFile(murmur, opened.ref)
    // Deleted since the address was made, or gone from the disk: nothing to serve either way.
    const size = file && (await stat(file.path).catch(() => undefined))?.size
    if (!file || size === undefined) return missing(c)
    const headers = {
      'content-type': file.mimeType,
      'content-length': String(size),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    }
    const stream = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>
    return c.body(stream, 200, headers)
  })
}
