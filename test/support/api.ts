import type { OpenAPIHono } from '@hono/zod-openapi'
import { createApp } from '../../src/http/app.js'
import type { AppEnv } from '../../src/http/env.js'
import type { Murmur } from '../../src/murmur.js'

/** Calls the app in-process, like a browser (cookie + CSRF) or a script (API key). */
export class ApiClient {
  cookie: string | undefined
  csrf: string | undefined
  bearer: string | undefined

  constructor(readonly app: OpenAPIHono<AppEnv>) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const allHeaders: Record<string, string> = { ...headers }
    if (body !== undefined && typeof body !== 'string')
      allHeaders['content-type'] ??= 'application/json'
    if (this.cookie) allHeaders.cookie = this.cookie
    if (this.csrf) allHeaders['x-csrf-token'] = this.csrf
    if (this.bearer) allHeaders.authorization = `Bearer ${this.bearer}`
    const response = await this.app.request(path, {
      method,
      headers: allHeaders,
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
    const setCookie = response.headers.get('set-cookie')
    if (setCookie?.startsWith('murmur_session=')) {
      const value = setCookie.split(';')[0] ?? ''
      this.cookie = value === 'murmur_session=' ? undefined : value
    }
    const text = await response.text()
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever came back
    let json: any
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    if (json && typeof json.csrf_token === 'string') this.csrf = json.csrf_token
    return { status: response.status, body: json, text, headers: response.headers }
  }

  get = (path: string) => this.request('GET', path)
  post = (path: string, body: unknown = {}, headers?: Record<string, string>) =>
    this.request('POST', path, body, headers)
  patch = (path: string, body: unknown) => this.request('PATCH', path, body)
  delete = (path: string) => this.request('DELETE', path)
}

export function apiFor(murmur: Murmur) {
  const app = createApp(murmur)
  return { app, client: () => new ApiClient(app) }
}

/** Sets up the first owner and returns a signed-in client with the workspace. */
export async function setUpOwner(
  api: ReturnType<typeof apiFor>,
  input = { email: 'owner@cornerbakery.example', workspace_name: 'Corner Bakery' },
) {
  const owner = api.client()
  const response = await owner.post('/api/v1/setup', {
    email: input.email,
    password: 'correct horse battery',
    workspace_name: input.workspace_name,
    time_zone: 'Europe/Paris',
  })
  if (response.status !== 201) throw new Error(`set-up failed: ${response.text}`)
  return {
    owner,
    workspace: response.body.workspace as { id: string; slug: string },
    user: response.body.user as { id: string },
  }
}
