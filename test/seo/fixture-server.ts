import { readFileSync } from 'node:fs'
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { dirname, extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')

/** The fixture's certificate: pass it as tlsCa (in process) or NODE_EXTRA_CA_CERTS (the CLI). */
export const fixtureCertPath = join(fixtures, 'tls', 'cert.pem')
export const fixtureCert = readFileSync(fixtureCertPath)

/** How one path answers besides "serve the file": routes.json in each fixture folder. */
export interface RouteSpec {
  status?: number
  location?: string
  headers?: Record<string, string>
  /** Appends this many KB of HTML comment to the file (a heavy page without a heavy fixture). */
  padKb?: number
  /** Replaces the file. */
  body?: string
  /** For a path with {n}: the file to serve with {{n}} filled in, for n from 1 to max. */
  template?: string
  max?: number
}

export interface FixtureSite {
  origin: string
  /** Paths requested, in order, with the User-Agent that asked. */
  requests: Array<{ path: string; userAgent: string }>
  close(): Promise<void>
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
}

/**
 * Serves test/seo/fixtures/NAME on 127.0.0.1: files with {{origin}} filled in, plus the special
 * answers of its routes.json (redirects, statuses, headers, generated pages). overrides replace
 * routes for one test (robots.txt missing, home page failing, ...).
 */
export async function serveFixture(
  name: string,
  options: { https?: boolean; overrides?: Record<string, RouteSpec> } = {},
): Promise<FixtureSite> {
  const root = join(fixtures, name)
  const routes: Record<string, RouteSpec> = {
    ...(JSON.parse(readFileSync(join(root, 'routes.json'), 'utf8')) as Record<string, RouteSpec>),
    ...options.overrides,
  }
  const requests: FixtureSite['requests'] = []
  let origin = ''

  const routeFor = (path: string): { spec: RouteSpec; n?: string } | null => {
    const exact = routes[path]
    if (exact) return { spec: exact }
    for (const [pattern, spec] of Object.entries(routes)) {
      if (!pattern.includes('{n}')) continue
      const [before = '', after = ''] = pattern.split('{n}')
      if (!path.startsWith(before) || !path.endsWith(after)) continue
      const n = path.slice(before.length, path.length - after.length)
      if (/^\d+$/.test(n) && Number(n) >= 1 && Number(n) <= (spec.max ?? 0)) return { spec, n }
    }
    return null
  }

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://fixture').pathname
    requests.push({ path, userAgent: request.headers['user-agent'] ?? '' })
    const route = routeFor(path)
    const spec = route?.spec ?? {}
    if (spec.location) {
      response.writeHead(spec.status ?? 302, { location: spec.location, ...spec.headers })
      return void response.end()
    }
    let body = spec.body
    let file = spec.template ?? (path.endsWith('/') ? `${path}index.html` : path)
    if (body === undefined) {
      file = normalize(file).replace(/^(\.\.[/\\])+/, '')
      try {
        body = readFileSync(join(root, file), 'utf8')
      } catch {
        response.writeHead(spec.status ?? 404, { 'content-type': 'text/html; charset=utf-8' })
        return void response.end('<!doctype html><title>Not found</title><h1>Not found</h1>')
      }
    }
    body = body.replaceAll('{{origin}}', origin).replaceAll('{{n}}', route?.n ?? '')
    if (spec.padKb) body += `<!-- ${'padding '.repeat(Math.ceil((spec.padKb * 1024) / 8))} -->\n`
    response.writeHead(spec.status ?? 200, {
      'content-type': contentTypes[extname(file)] ?? 'text/html; charset=utf-8',
      ...spec.headers,
    })
    response.end(body)
  }

  const server = options.https
    ? createHttpsServer(
        {
          key: readFileSync(join(fixtures, 'tls', 'key.pem')),
          cert: fixtureCert,
        },
        handle,
      )
    : createHttpServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  origin = `${options.https ? 'https' : 'http'}://127.0.0.1:${port}`
  return {
    origin,
    requests,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
