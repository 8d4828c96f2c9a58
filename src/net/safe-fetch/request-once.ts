import type { LookupAddress, LookupOptions } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import { unbracket } from './address-policy.js'
import { SafeFetchError } from './errors.js'

export interface HopRequest {
  url: URL
  /** Addresses already vetted for url.hostname: the socket connects to one of these, nothing else. */
  addresses: string[]
  method: 'GET' | 'HEAD' | 'POST'
  headers: Record<string, string>
  body?: string | Buffer
  signal: AbortSignal
  maxBytes: number
  startedAt: number
  /** Tests only: the certificate authority to trust instead of the system ones. */
  ca?: string | Buffer
}

export interface HopResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
  /** The IP the socket really connected to. */
  address: string | null
  firstByteMs: number
}

const redirectStatuses = new Set([301, 302, 303, 307, 308])

export function isRedirect(status: number, headers: Record<string, string>): boolean {
  return redirectStatuses.has(status) && headers.location !== undefined
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/**
 * A `lookup` for the socket that answers with the vetted addresses whatever the name, so a DNS
 * server cannot hand out a public address to the check and a private one to the connection.
 */
function pinnedLookup(addresses: string[]) {
  const entries: LookupAddress[] = addresses.map((address) => ({
    address,
    family: address.includes(':') ? 6 : 4,
  }))
  return (_hostname: string, options: LookupOptions, callback: LookupCallback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : 0
    const usable = wanted ? entries.filter((entry) => entry.family === wanted) : entries
    const first = usable[0]
    if (!first) {
      const error: NodeJS.ErrnoException = new Error('no vetted address of the wanted family')
      error.code = 'ENOTFOUND'
      callback(error, '', 0)
    } else if (options.all) callback(null, usable)
    else callback(null, first.address, first.family)
  }
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    flat[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return flat
}

function decoded(response: http.IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase()
  const noop = () => {}
  if (encoding === 'gzip' || encoding === 'x-gzip')
    return pipeline(response, createGunzip(), noop) as Readable
  if (encoding === 'deflate') return pipeline(response, createInflate(), noop) as Readable
  if (encoding === 'br') return pipeline(response, createBrotliDecompress(), noop) as Readable
  return response
}

function connectionMessage(url: URL, error: NodeJS.ErrnoException): string {
  const host = unbracket(url.hostname)
  const code = error.code ?? ''
  if (code.startsWith('CERT_') || code.includes('SELF_SIGNED') || code.startsWith('ERR_TLS'))
    return `the HTTPS certificate of ${host} is not valid (${code}).`
  if (code === 'ECONNREFUSED') return `${host} refused the connection.`
  if (code === 'ECONNRESET') return `${host} closed the connection.`
  return `could not connect to ${host}${code ? ` (${code})` : ''}.`
}

/** One HTTP request and, when asked, its body up to maxBytes (decoded). Never follows redirects. */
export function requestOnce(hop: HopRequest): Promise<HopResponse> {
  const { url } = hop
  const transport = url.protocol === 'https:' ? https : http
  return new Promise<HopResponse>((resolve, reject) => {
    let settled = false
    const finish = (action: () => void) => {
      if (settled) return
      settled = true
      action()
    }
    const request = transport.request(
      {
        protocol: url.protocol,
        hostname: unbracket(url.hostname),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: hop.method,
        headers: hop.headers,
        // A fresh connection per request: a pooled socket could belong to another vetting.
        agent: false,
        lookup: pinnedLookup(hop.addresses),
        signal: hop.signal,
        ...(hop.ca ? { ca: hop.ca } : {}),
      },
      (response) => {
        const firstByteMs = performance.now() - hop.startedAt
        const base = {
          status: response.statusCode ?? 0,
          headers: flattenHeaders(response.headers),
          address: response.socket?.remoteAddress ?? null,
          firstByteMs,
        }
        // A redirect's body is never read: a hostile server could make it endless.
        if (hop.method === 'HEAD' || isRedirect(base.status, base.headers)) {
          response.destroy()
          finish(() => resolve({ ...base, body: Buffer.alloc(0) }))
          return
        }
        const declared = Number(response.headers['content-length'])
        if (!response.headers['content-encoding'] && declared > hop.maxBytes) {
          response.destroy()
          finish(() => reject(tooLarge(url, hop.maxBytes)))
          return
        }
        readCapped(decoded(response), hop.maxBytes).then(
          (body) => finish(() => resolve({ ...base, body })),
          (error: unknown) => {
            response.destroy()
            finish(() =>
              reject(
                error === overCap
                  ? tooLarge(url, hop.maxBytes)
                  : failure(url, error as NodeJS.ErrnoException, hop.signal),
              ),
            )
          },
        )
      },
    )
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish(() => reject(failure(url, error, hop.signal))),
    )
    request.end(hop.body)
  })
}

const overCap = Symbol('over the size cap')

async function readCapped(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array)
    total += buffer.length
    if (total > maxBytes) {
      stream.destroy()
      throw overCap
    }
    chunks.push(buffer)
  }
  return Buffer.concat(chunks)
}

function tooLarge(url: URL, maxBytes: number) {
  return new SafeFetchError(
    'too_large',
    `${url.href} is larger than ${formatBytes(maxBytes)}; stopped reading.`,
    url.href,
  )
}

/** Aborts surface as the abort reason; safe-fetch turns its own deadline into a timeout error. */
function failure(url: URL, error: NodeJS.ErrnoException, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason
  if (error instanceof SafeFetchError) return error
  return new SafeFetchError('connection_failed', connectionMessage(url, error), url.href, {
    cause: error,
  })
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`
  return `${bytes} bytes`
}
