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
    // Deleted since the address was made, or gone from its store: nothing to serve either way.
    // A store that cannot answer (S3 down) throws a MurmurError: 503, so the network retries.
    const file = await publicMediaFile(murmur, opened.ref)
    if (!file) return missing(c)
    const headers = {
      'content-type': file.mimeType,
      'content-length': String(file.sizeBytes),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    }
    if (c.req.method === 'HEAD') {
      await file.body.cancel()
      return c.body(null, 200, headers)
    }
    return c.body(file.body, 200, headers)
  })
}
