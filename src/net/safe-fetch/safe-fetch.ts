import { type AddressPolicy, unbracket } from './address-policy.js'
import { SafeFetchError } from './errors.js'
import { isRedirect, requestOnce } from './request-once.js'
import { type ResolveHost, resolveVetted, systemResolveHost } from './resolve-host.js'
import { decodeText, isTextual } from './text.js'

export interface SafeFetchOptions extends AddressPolicy {
  method?: 'GET' | 'HEAD' | 'POST'
  /** The request body (POST, e.g. webhooks). Never re-sent on a redirect: POST with maxRedirects 0. */
  body?: string | Buffer
  /** Extra request headers (If-None-Match for feeds, Accept, ...). Dropped on a cross-site redirect. */
  headers?: Record<string, string>
  /** Redirects followed before giving up (default 5). Each one is vetted like the first URL. */
  maxRedirects?: number
  /** Budget for everything: DNS, every redirect and the whole body (default 10 s). */
  timeoutMs?: number
  /** Largest body read, after decompression (default 2 MB); reading stops past it. */
  maxBytes?: number
  /** Defaults to "MurmurBot/0.1"; pass murmurUserAgent(config.publicUrl) in the app. */
  userAgent?: string
  signal?: AbortSignal
  /**
   * Host names (or IP literals) the operator runs on their own network: their addresses may be
   * private or loopback (MURMUR_ALLOW_PRIVATE_NETWORK_HOSTS). Compared case-insensitively, without port.
   */
  allowPrivateHosts?: readonly string[]
  /** Tests only: a fake DNS. */
  resolveHost?: ResolveHost
  /** Tests only: trust this certificate authority (a fixture's self-signed certificate). */
  ca?: string | Buffer
}

export interface RedirectHop {
  url: string
  status: number
  /** Where it sent us, resolved against url. */
  location: string
}

export interface SafeResponse {
  /** The URL that answered, after redirects. */
  url: string
  status: number
  ok: boolean
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>
  contentType: string | null
  body: Buffer
  /** The body as text when the content type is textual (HTML, XML, JSON, text/*), else null. */
  text: string | null
  redirects: RedirectHop[]
  /** The IP the final response came from. */
  address: string | null
  timing: { startedAt: string; firstByteMs: number; totalMs: number }
}

export const defaultSafeFetch = {
  maxRedirects: 5,
  timeoutMs: 10_000,
  maxBytes: 2 * 1024 * 1024,
} as const

/** The User-Agent Murmur fetches with, pointing at the instance so site owners can see who it is. */
export function murmurUserAgent(publicUrl?: string): string {
  return publicUrl ? `MurmurBot/0.1 (+${publicUrl})` : 'MurmurBot/0.1'
}

const sensitiveHeaders = new Set(['authorization', 'cookie', 'proxy-authorization'])

export function parseFetchableUrl(input: string | URL): URL {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new SafeFetchError(
      'invalid_url',
      `"${String(input)}" is not a web address.`,
      String(input),
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SafeFetchError(
      'unsupported_scheme',
      `refused: ${url.protocol} addresses are not fetched, only http and https.`,
      url.href,
    )
  if (url.username || url.password)
    throw new SafeFetchError(
      'invalid_url',
      'refused: addresses with a user name or password are not fetched.',
      url.href,
    )
  return url
}

/** The address policy of each hop: hosts the operator named as their own may be private. */
function addressPolicyFor(options: SafeFetchOptions): (url: URL) => AddressPolicy {
  const own = new Set((options.allowPrivateHosts ?? []).map(normalHost).filter(Boolean))
  const base = { allowLoopback: options.allowLoopback === true }
  return (url) =>
    own.has(normalHost(url.hostname)) ? { allowLoopback: true, allowPrivate: true } : base
}

/** "[::1]" -> "::1", "PDS.Home.Example." -> "pds.home.example". */
export function normalHost(host: string): string {
  return unbracket(host.trim().toLowerCase()).replace(/\.$/, '')
}

/**
 * Refuses a URL Murmur would not fetch (bad scheme, credentials in it, a private address that is
 * not allowed) without fetching it, so a form can say so before anything else happens.
 */
export async function assertFetchable(
  input: string | URL,
  options: Pick<SafeFetchOptions, 'allowLoopback' | 'allowPrivateHosts' | 'resolveHost'> = {},
): Promise<void> {
  const url = parseFetchableUrl(input)
  await resolveVetted(url, addressPolicyFor(options)(url), options.resolveHost ?? systemResolveHost)
}

/** Resolves with the promise, or rejects as soon as the signal aborts (DNS lookups cannot be aborted). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/**
 * The one way Murmur fetches a URL a user gave it (site checks, feeds, link previews).
 * http and https only; the host is resolved here and every address vetted (no private,
 * loopback, link-local, metadata, ...) on the first request and on every redirect; the socket
 * connects to the vetted address; redirects, time and body size are capped.
 * Resolves with any HTTP status (a 404 is an answer); rejects with SafeFetchError otherwise.
 */
export async function safeFetch(
  input: string | URL,
  options: SafeFetchOptions = {},
): Promise<SafeResponse> {
  const maxRedirects = options.maxRedirects ?? defaultSafeFetch.maxRedirects
  const timeoutMs = options.timeoutMs ?? defaultSafeFetch.timeoutMs
  const maxBytes = options.maxBytes ?? defaultSafeFetch.maxBytes
  const method = options.method ?? 'GET'
  const resolveHost = options.resolveHost ?? systemResolveHost
  const policyFor = addressPolicyFor(options)

  const deadline = AbortSignal.timeout(timeoutMs)
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline
  const startedAt = performance.now()
  const startedAtIso = new Date().toISOString()

  let url = parseFetchableUrl(input)
  const firstOrigin = url.origin
  const redirects: RedirectHop[] = []
  try {
    for (;;) {
      const addresses = await untilAborted(resolveVetted(url, policyFor(url), resolveHost), signal)
      const headers: Record<string, string> = {
        accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        'accept-encoding': 'gzip, deflate, br',
        ...lowerCased(options.headers ?? {}, url.origin !== firstOrigin),
        'user-agent': options.userAgent ?? murmurUserAgent(),
      }
      const hop = await requestOnce({
        url,
        addresses,
        method,
        headers,
        signal,
        maxBytes,
        startedAt,
        ...(options.body !== undefined && redirects.length === 0 ? { body: options.body } : {}),
        ...(options.ca ? { ca: options.ca } : {}),
      })
      const location = hop.headers.location
      if (isRedirect(hop.status, hop.headers) && location !== undefined) {
        const next = resolveLocation(location, url)
        redirects.push({ url: url.href, status: hop.status, location: next.href })
        if (redirects.length > maxRedirects)
          throw new SafeFetchError(
            'too_many_redirects',
            `stopped after ${maxRedirects} redirects (last one to ${next.href}).`,
            url.href,
          )
        url = next
        continue
      }
      const contentType = hop.headers['content-type'] ?? null
      return {
        url: url.href,
        status: hop.status,
        ok: hop.status >= 200 && hop.status < 300,
        headers: hop.headers,
        contentType,
        body: hop.body,
        text: isTextual(contentType) ? decodeText(hop.body, contentType) : null,
        redirects,
        address: hop.address,
        timing: {
          startedAt: startedAtIso,
          firstByteMs: Math.round(hop.firstByteMs),
          totalMs: Math.round(performance.now() - startedAt),
        },
      }
    }
  } catch (error) {
    if (deadline.aborted && !(error instanceof SafeFetchError && error.code !== 'timeout'))
      throw new SafeFetchError(
        'timeout',
        `${url.href} did not answer within ${formatSeconds(timeoutMs)}.`,
        url.href,
        { cause: error },
      )
    throw error
  }
}

function resolveLocation(location: string, base: URL): URL {
  let next: URL
  try {
    next = new URL(location, base)
  } catch {
    throw new SafeFetchError(
      'invalid_url',
      `${base.href} redirects to "${location}", which is not a web address.`,
      base.href,
    )
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:')
    throw new SafeFetchError(
      'unsupported_scheme',
      `refused: ${base.href} redirects to a ${next.protocol} address; only http and https are fetched.`,
      base.href,
    )
  next.hash = ''
  return parseFetchableUrl(next)
}

/** Caller headers with lower-case names; credentials never follow a redirect to another site. */
function lowerCased(headers: Record<string, string>, crossOrigin: boolean): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase()
    if (lower === 'host' || (crossOrigin && sensitiveHeaders.has(lower))) continue
    result[lower] = value
  }
  return result
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`
}
