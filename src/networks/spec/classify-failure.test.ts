import { describe, expect, it } from 'vitest'
import {
  networkErrorFromResponse,
  networkErrorFromTransportFailure,
  retryAfterMsFromHeaders,
} from './classify-failure.js'
import { findNetworkError, NetworkError } from './network-error.js'

const now = Date.parse('2026-11-27T12:00:00Z')
const failure = (status: number, headers: Record<string, string> = {}, idempotent = false) =>
  networkErrorFromResponse({
    network: 'bluesky',
    status,
    headers,
    idempotent,
    now,
    body: '{"x":1}',
  })

describe('networkErrorFromResponse', () => {
  it('makes 429 and 5xx retryable, with the announced wait', () => {
    const limited = failure(429, { 'RateLimit-Reset': String(now / 1000 + 42) })
    expect(limited).toMatchObject({ kind: 'retryable', status: 429, retryAfterMs: 42_000 })
    expect(limited.message).toBe('Bluesky: rate limit reached; try again in 42 s')
    expect(failure(503, { 'Retry-After': '7' })).toMatchObject({
      kind: 'retryable',
      retryAfterMs: 7000,
    })
    expect(failure(500)).toMatchObject({ kind: 'retryable', retryAfterMs: undefined })
  })

  it('turns a gateway timeout on a create into outcome_unknown, on a read into retryable', () => {
    expect(failure(504).kind).toBe('outcome_unknown')
    expect(failure(504, {}, true).kind).toBe('retryable')
  })

  it('maps 401 to auth_expired and other 4xx to content_rejected, keeping the raw answer', () => {
    expect(failure(401).kind).toBe('auth_expired')
    for (const status of [400, 403, 404, 413, 422]) {
      expect(failure(status)).toMatchObject({ kind: 'content_rejected', status, body: '{"x":1}' })
    }
  })

  it('puts the network reason in the message', () => {
    const error = networkErrorFromResponse({
      network: 'x',
      status: 403,
      headers: new Headers(),
      idempotent: false,
      reason: 'You are not allowed to create a Tweet with duplicate content.',
    })
    expect(error.message).toBe(
      'X: refused (HTTP 403): You are not allowed to create a Tweet with duplicate content.',
    )
  })
})

describe('retryAfterMsFromHeaders', () => {
  it.each([
    [{ 'retry-after': '120' }, 120_000],
    [{ 'Retry-After': 'Fri, 27 Nov 2026 12:01:00 GMT' }, 60_000],
    [{ 'retry-after-ms': '1500' }, 1500],
    [{ 'ratelimit-reset': String(now / 1000 + 300) }, 300_000],
    [{ 'ratelimit-reset': '30' }, 30_000],
    [{ 'x-rate-limit-reset': String(now / 1000 + 900) }, 900_000],
    [{ 'X-RateLimit-Reset': '2026-11-27T12:05:00.000000Z' }, 300_000],
    [{ 'ratelimit-reset': String(now / 1000 - 10) }, 0],
    [{}, undefined],
    [{ 'retry-after': 'soon' }, undefined],
  ])('%j → %s ms', (headers, expected) => {
    expect(retryAfterMsFromHeaders(headers, now)).toBe(expected)
  })
})

describe('networkErrorFromTransportFailure', () => {
  const socketError = (code: string) =>
    new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) })

  it('is retryable when the request provably never left', () => {
    const refused = networkErrorFromTransportFailure({
      network: 'mastodon',
      error: socketError('ECONNREFUSED'),
      idempotent: false,
    })
    expect(refused).toMatchObject({ kind: 'retryable', code: 'ECONNREFUSED' })
    const bothFamilies = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    })
    expect(
      networkErrorFromTransportFailure({ network: 'x', error: bothFamilies, idempotent: false })
        .kind,
    ).toBe('retryable')
  })

  it('says plainly when the safe fetcher refused the address: nothing was sent, no retry helps', () => {
    const refusal = Object.assign(new Error('refused: 10.0.0.5 is a private address'), {
      code: 'refused_address',
    })
    const error = networkErrorFromTransportFailure({
      network: 'bluesky',
      error: new TypeError('fetch failed', { cause: refusal }),
      idempotent: false,
    })
    expect(error).toMatchObject({ kind: 'content_rejected', code: 'refused_address' })
    expect(error.message).toMatch(/^Bluesky: Murmur did not connect: refused: 10\.0\.0\.5/)
    const lookup = Object.assign(new Error('pds.example could not be found (DNS).'), {
      code: 'dns_failed',
    })
    expect(
      networkErrorFromTransportFailure({ network: 'bluesky', error: lookup, idempotent: false }),
    ).toMatchObject({ kind: 'retryable', code: 'dns_failed' })
  })

  it('is outcome_unknown when a create may have reached the server', () => {
    const reset = networkErrorFromTransportFailure({
      network: 'bluesky',
      error: socketError('ECONNRESET'),
      idempotent: false,
    })
    expect(reset.kind).toBe('outcome_unknown')
    expect(reset.message).toContain('may have been published')
    const timeout = new DOMException('The operation timed out', 'TimeoutError')
    expect(
      networkErrorFromTransportFailure({ network: 'bluesky', error: timeout, idempotent: false })
        .kind,
    ).toBe('outcome_unknown')
    expect(
      networkErrorFromTransportFailure({ network: 'bluesky', error: timeout, idempotent: true })
        .kind,
    ).toBe('retryable')
  })
})

describe('NetworkError', () => {
  it('is recognised by its marker, even wrapped by a client library', () => {
    const error = failure(429)
    const wrapped = new Error('XRPC failed', { cause: error })
    expect(NetworkError.isInstance(error)).toBe(true)
    expect(NetworkError.isInstance({ kind: 'retryable', network: 'bluesky' })).toBe(false)
    expect(NetworkError.isInstance(new Error('plain'))).toBe(false)
    expect(findNetworkError(wrapped)).toBe(error)
    expect(findNetworkError(new Error('plain'))).toBeUndefined()
  })

  it('records publish progress on a copy', () => {
    const error = failure(500)
    const withProgress = error.withProgress({
      publishedParts: [{ id: 'a', url: 'https://example.com/a' }],
    })
    expect(withProgress).toMatchObject({ kind: 'retryable', status: 500 })
    expect(withProgress.progress?.publishedParts).toHaveLength(1)
    expect(error.progress).toBeUndefined()
  })
})
