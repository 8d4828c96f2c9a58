import { type SafeFetchOptions, safeFetch } from './safe-fetch.js'

type FetchFunction = typeof globalThis.fetch

/** Headers a decoded body no longer matches, and hop-by-hop ones a Response must not carry. */
const droppedResponseHeaders = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
])

async function bodyBytes(
  body: RequestInit['body'] | ArrayBuffer,
): Promise<string | Buffer | undefined> {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return body
  if (body instanceof ArrayBuffer) return Buffer.from(body)
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  // Blob, FormData, URLSearchParams, ReadableStream: let the platform serialise it.
  return Buffer.from(await new Response(body).arrayBuffer())
}

/**
 * `safeFetch` behind the WHATWG fetch signature, for clients that take a custom fetch (the AT
 * Protocol client): every request, and every redirect of a GET, is vetted like any user-supplied
 * URL. GET, HEAD and POST only; a POST is never redirected. Refusals reject with SafeFetchError.
 */
export function safeFetchFunction(
  options: Omit<SafeFetchOptions, 'method' | 'body' | 'headers' | 'signal'> = {},
): FetchFunction {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined
    const url = request ? request.url : input instanceof URL ? input.href : String(input)
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase()
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST')
      throw new TypeError(`safe fetch does not send ${method} requests`)
    const headers = Object.fromEntries(new Headers(init?.headers ?? request?.headers).entries())
    const body = await bodyBytes(init?.body ?? (request ? await request.arrayBuffer() : undefined))
    const signal = init?.signal ?? request?.signal ?? undefined
    const answer = await safeFetch(url, {
      ...options,
      method,
      headers,
      ...(body !== undefined && method === 'POST' ? { body } : {}),
      ...(method === 'POST' ? { maxRedirects: 0 } : {}),
      ...(signal ? { signal } : {}),
    })
    const responseHeaders = new Headers()
    for (const [name, value] of Object.entries(answer.headers))
      if (!droppedResponseHeaders.has(name)) responseHeaders.set(name, value)
    const empty = method === 'HEAD' || [101, 204, 205, 304].includes(answer.status)
    const response = new Response(empty ? null : new Uint8Array(answer.body), {
      status: answer.status,
      headers: responseHeaders,
    })
    Object.defineProperty(response, 'url', { value: answer.url })
    return response
  }
}
