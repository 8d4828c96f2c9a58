/**
 * What Instagram and Threads download media from. Their servers fetch `image_url` from the
 * internet; the fakes cannot reach it (nor should Murmur's tests), so tests "publish" bytes at
 * an address here first. Private addresses (localhost, 10.x…) fail the way Meta's crawler does,
 * unless a test opts in to a real local server (an end-to-end test serving Murmur's own media).
 * `route(origin, handler)` is the test's DNS: a public name (Murmur's MURMUR_PUBLIC_URL) whose
 * requests reach a handler in the test, e.g. Murmur's own app serving `GET /m/<token>`.
 */
import { isPrivateHost } from '../../../src/networks/meta/meta-public-media.js'

export interface HostedFile {
  bytes: Uint8Array
  contentType: string
}

export type DownloadResult =
  | { ok: true; file: HostedFile }
  | { ok: false; reason: 'private address' | 'not found' | 'not an image' }

export type InternetHandler = (request: Request) => Response | Promise<Response>

export class FakeInternet {
  readonly #files = new Map<string, HostedFile>()
  readonly #routes = new Map<string, InternetHandler>()
  /** Every address downloaded, in order, for assertions. */
  readonly downloads: string[] = []
  #sequence = 0
  /** Let the fake really fetch http://127.0.0.1 addresses (end-to-end tests only). */
  allowLocalFetch = false

  /** Serves `bytes` at a fresh public address, like a CDN would. */
  host(bytes: Uint8Array, contentType: string, origin = 'https://media.murmur.example'): string {
    this.#sequence++
    const url = `${origin}/m/${this.#sequence.toString(36)}-${Math.random().toString(36).slice(2, 8)}`
    this.#files.set(url, { bytes, contentType })
    return url
  }

  /** Requests for `origin` (e.g. `https://murmur.example`) go to `handler`, as if DNS said so. */
  route(origin: string, handler: InternetHandler): void {
    this.#routes.set(new URL(origin).origin, handler)
  }

  async download(address: string): Promise<DownloadResult> {
    this.downloads.push(address)
    let url: URL
    try {
      url = new URL(address)
    } catch {
      return { ok: false, reason: 'not found' }
    }
    const hosted = this.#files.get(url.toString())
    if (hosted) return { ok: true, file: hosted }
    const handler = this.#routes.get(url.origin)
    if (handler) {
      // Meta's crawler follows no login and takes only a 200 with the bytes.
      const response = await Promise.resolve(handler(new Request(url))).catch(() => undefined)
      if (!response?.ok) return { ok: false, reason: 'not found' }
      return {
        ok: true,
        file: {
          bytes: new Uint8Array(await response.arrayBuffer()),
          contentType: response.headers.get('content-type') ?? '',
        },
      }
    }
    if (isPrivateHost(url.hostname)) {
      if (!this.allowLocalFetch) return { ok: false, reason: 'private address' }
      const response = await fetch(url).catch(() => undefined)
      if (!response?.ok) return { ok: false, reason: 'not found' }
      const contentType = response.headers.get('content-type') ?? ''
      return {
        ok: true,
        file: { bytes: new Uint8Array(await response.arrayBuffer()), contentType },
      }
    }
    return { ok: false, reason: 'not found' }
  }
}
