import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { serveStatic } from '@hono/node-server/serve-static'
import type { OpenAPIHono } from '@hono/zod-openapi'
import { webAppDir } from '../paths.js'
import type { AppEnv } from './env.js'

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Murmur</title>
<p>The web app is not built. Run <code>npm start</code> (it builds it), or <code>npm run build</code>.</p>`

/** The React app: static files from dist/web, and index.html for every client-side route. */
export function webAppRoutes(app: OpenAPIHono<AppEnv>) {
  const root = webAppDir()
  if (existsSync(root)) registerStatic(app, root)
  // Re-read index.html when a rebuild replaces it, so a running server never points at old chunks.
  let cached: { mtimeMs: number; html: string } | undefined
  app.get('*', async (c) => {
    const file = `${root}/index.html`
    if (!existsSync(file)) return c.html(NOT_BUILT, 503)
    const { mtimeMs } = await stat(file)
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: await readFile(file, 'utf8') }
    c.header('Cache-Control', 'no-cache')
    return c.html(cached.html)
  })
}

function registerStatic(app: OpenAPIHono<AppEnv>, root: string) {
  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  )
  app.use('/favicon.svg', serveStatic({ root }))
}
