import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './env.js'

const require = createRequire(import.meta.url)
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Murmur API</title><link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div><script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/start.js"></script></body></html>`

const START = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#docs', deepLinking: true })`

/** The OpenAPI document and a readable reference page, served from local files (no CDN). */
export function apiDocsRoutes(app: OpenAPIHono<AppEnv>) {
  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Murmur API',
      version: '1',
      description:
        'Everything the web app does, for scripts and other tools. Authenticate with `Authorization: Bearer <API key>` (Settings > API keys). Errors are always `{"error":{"code","message","details"}}`. Lists take `limit` and `cursor` and answer `{ "data": [...], "next_cursor": ... }`. Creates accept an `Idempotency-Key` header.',
    },
    security: [{ bearer: [] }],
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key of one workspace, created in Settings > API keys or with `murmur apikey create`.',
  })

  const assetDir = dirname(require.resolve('swagger-ui-dist/package.json'))
  app.get('/api/docs', (c) => c.html(PAGE))
  app.get('/api/docs/assets/start.js', (c) =>
    c.body(START, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  )
  app.get('/api/docs/assets/:file', async (c) => {
    const file = c.req.param('file')
    const type = ASSETS[file]
    if (!type) return c.notFound()
    const body = await readFile(join(assetDir, file))
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' })
  })
}
