/**
 * The small HTTP server every network fake runs on: node:http on 127.0.0.1 with a random port,
 * request bodies read up front, and injectable faults (any status with any headers, or a request
 * that never gets an answer) checked before the fake's own routes.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeRequest {
  method: string
  url: URL
  headers: IncomingHttpHeaders
  body: Buffer
  header(name: string): string | undefined
  text(): string
  /** Parsed JSON body; `undefined` when the body is not JSON. */
  json(): unknown
  /** multipart/form-data or application/x-www-form-urlencoded, parsed by undici like a server would. */
  formData(): Promise<FormData>
  /** The token of `Authorization: Bearer …`. */
  bearer(): string | undefined
  /** The pair of `Authorization: Basic …`. */
  basic(): { username: string; password: string } | undefined
}

export interface FakeReply {
  status: number
  headers?: Readonly<Record<string, string>>
  /** Objects and arrays are sent as JSON; strings as text; Buffers as they are. */
  body?: unknown
}

export type FakeRoute = (request: FakeRequest) => FakeReply | Promise<FakeReply>

export interface FaultOptions {
  /** Which requests: `METHOD /path` prefix (e.g. `POST /2/tweets`), a RegExp on it, or a test. */
  match?: string | RegExp | ((request: FakeRequest) => boolean)
  /** How many matching requests get the fault. Default 1. */
  times?: number
  /**
   * An answer; `'hang'`: read the request and never answer (a timeout on the client side);
   * `'lose-answer'`: do the work, then cut the connection before answering (the case an
   * idempotency key exists for).
   */
  reply: FakeReply | 'hang' | 'lose-answer'
}

interface Fault {
  matches: (request: FakeRequest) => boolean
  remaining: number
  reply: FakeReply | 'hang' | 'lose-answer'
}

export interface LoggedRequest {
  method: string
  path: string
  query: string
  headers: IncomingHttpHeaders
  body: Buffer
}

export class FakeHttpServer {
  readonly url: string
  /** Every request received, in order: what tests assert the adapter sent. */
  readonly log: LoggedRequest[] = []
  readonly #server: ReturnType<typeof createServer>
  readonly #faults: Fault[] = []
  readonly #hanging = new Set<ServerResponse>()

  private constructor(server: ReturnType<typeof createServer>, url: string) {
    this.#server = server
    this.url = url
  }

  static async start(route: FakeRoute): Promise<FakeHttpServer> {
    let fake: FakeHttpServer | undefined
    const server = createServer((incoming, response) => {
      const chunks: Buffer[] = []
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
      incoming.on('end', () => {
        const request = toFakeRequest(
          incoming.method ?? 'GET',
          new URL(incoming.url ?? '/', fake?.url ?? 'http://127.0.0.1'),
          incoming.headers,
          Buffer.concat(chunks),
        )
        if (fake) void fake.#answer(request, route, response)
        else response.destroy()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    fake = new FakeHttpServer(server, `http://127.0.0.1:${port}`)
    return fake
  }

  /** Makes the next matching request(s) fail the way the test needs. */
  inject(options: FaultOptions): void {
    const { match } = options
    const matches =
      typeof match === 'function'
        ? match
        : (request: FakeRequest) => {
            const line = `${request.method} ${request.url.pathname}`
            if (match === undefined) return true
            return typeof match === 'string' ? line.startsWith(match) : match.test(line)
          }
    this.#faults.push({ matches, remaining: options.times ?? 1, reply: options.reply })
  }

  clearFaults(): void {
    this.#faults.length = 0
  }

  async close(): Promise<void> {
    for (const response of this.#hanging) response.destroy()
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  async #answer(request: FakeRequest, route: FakeRoute, response: ServerResponse) {
    this.log.push({
      method: request.method,
      path: request.url.pathname,
      query: request.url.search,
      headers: request.headers,
      body: request.body,
    })
    const fault = this.#faults.find(
      (candidate) => candidate.remaining > 0 && candidate.matches(request),
    )
    let reply: FakeReply | 'hang'
    if (fault && fault.reply !== 'lose-answer') {
      fault.remaining--
      reply = fault.reply
    } else {
      if (fault) fault.remaining--
      try {
        reply = await route(request)
      } catch (error) {
        reply = { status: 500, body: { error: `fake crashed: ${String(error)}` } }
      }
    }
    if (fault?.reply === 'lose-answer') {
      response.destroy()
      return
    }
    if (reply === 'hang') {
      this.#hanging.add(response)
      response.on('close', () => this.#hanging.delete(response))
      return
    }
    send(response, reply)
  }
}

function send(response: ServerResponse, reply: FakeReply) {
  const headers: Record<string, string> = { ...reply.headers }
  let payload: Buffer | string | undefined
  if (Buffer.isBuffer(reply.body) || typeof reply.body === 'string') {
    payload = reply.body
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body)
    headers['content-type'] ??= 'application/json; charset=utf-8'
  }
  response.writeHead(reply.status, headers)
  response.end(payload)
}

function toFakeRequest(
  method: string,
  url: URL,
  headers: IncomingHttpHeaders,
  body: Buffer,
): FakeRequest {
  const header = (name: string) => {
    const value = headers[name.toLowerCase()]
    return Array.isArray(value) ? value[0] : value
  }
  const authorization = () => header('authorization') ?? ''
  return {
    method,
    url,
    headers,
    body,
    header,
    text: () => body.toString('utf8'),
    json() {
      try {
        return JSON.parse(body.toString('utf8')) as unknown
      } catch {
        return undefined
      }
    },
    formData() {
      return new Request(url, {
        method: 'POST',
        headers: { 'content-type': header('content-type') ?? '' },
        body,
      }).formData()
    },
    bearer() {
      const match = /^Bearer\s+(.+)$/i.exec(authorization())
      return match?.[1]
    },
    basic() {
      const match = /^Basic\s+(.+)$/i.exec(authorization())
      if (!match?.[1]) return undefined
      const decoded = Buffer.from(match[1], 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (colon < 0) return undefined
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
    },
  }
}

/** Fixed-window request counters, as both X and Mastodon describe their limits. */
export class RateWindows {
  readonly #windows = new Map<string, { count: number; resetAt: number }>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  /** Counts one request against `key`; says whether it fits and when the window resets. */
  take(
    key: string,
    limit: number,
    windowMs: number,
  ): { allowed: boolean; remaining: number; resetAt: number } {
    const now = this.#now()
    let window = this.#windows.get(key)
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs }
      this.#windows.set(key, window)
    }
    window.count++
    return {
      allowed: window.count <= limit,
      remaining: Math.max(0, limit - window.count),
      resetAt: window.resetAt,
    }
  }
}

/** What an image's first bytes say it is, like the networks' media pipelines check. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const starts = (...values: number[]) => values.every((value, index) => bytes[index] === value)
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png'
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif'
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.slice(8, 12)) === 'WEBP') {
    return 'image/webp'
  }
  return undefined
}
