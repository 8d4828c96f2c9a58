import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SafeFetchError } from './errors.js'
import { type SafeFetchOptions, safeFetch } from './safe-fetch.js'

/** What the local test server saw, by path. */
const seen = new Map<string, IncomingMessage['headers']>()
let server: Server
let base: string
let port: number

type Route = (request: IncomingMessage, response: ServerResponse) => void
const routes: Record<string, Route> = {
  '/hello': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-test': 'yes' })
    response.end('<!doctype html><title>Héllo</title>')
  },
  '/missing': (_request, response) => {
    response.writeHead(404, { 'content-type': 'text/plain' })
    response.end('nope')
  },
  '/image': (_request, response) => {
    response.writeHead(200, { 'content-type': 'image/png' })
    response.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  },
  '/to-metadata': (_request, response) => {
    response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' })
    response.end()
  },
  '/to-intranet': (_request, response) => {
    // Looks public; the (fake) DNS says it is 10.0.0.5.
    response.writeHead(301, { location: 'http://shop-images.example/logo.png' })
    response.end()
  },
  '/to-mapped': (_request, response) => {
    response.writeHead(307, { location: 'http://[::ffff:192.168.0.1]/' })
    response.end()
  },
  '/to-file': (_request, response) => {
    response.writeHead(302, { location: 'file:///etc/passwd' })
    response.end()
  },
  '/to-localhost': (_request, response) => {
    response.writeHead(302, { location: `http://localhost:${port}/echo-headers` })
    response.end()
  },
  '/echo-headers': (request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify(request.headers))
  },
  '/huge-streamed': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' })
    const chunk = Buffer.alloc(64 * 1024, 'a')
    let sent = 0
    const pump = () => {
      while (sent < 3 * 1024 * 1024) {
        sent += chunk.length
        if (!response.write(chunk)) return void response.once('drain', pump)
      }
      response.end()
    }
    pump()
  },
  '/huge-declared': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html', 'content-length': String(5_000_000) })
    response.write('<html>')
  },
  '/gzip-bomb': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
    response.end(gzipSync(Buffer.alloc(20 * 1024 * 1024, 0)))
  },
  '/gzip-page': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
    response.end(gzipSync('<p>small and compressed</p>'))
  },
  '/never-answers': () => {},
  '/trickle': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' })
    const timer = setInterval(() => response.write('.'), 50)
    response.on('close', () => clearInterval(timer))
  },
}

function handle(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://x')
  seen.set(url.pathname, request.headers)
  const loop = /^\/hop\/(\d+)$/.exec(url.pathname)
  if (loop) {
    // /hop/N redirects N more times, then answers.
    const left = Number(loop[1])
    if (left === 0) {
      response.writeHead(200, { 'content-type': 'text/plain' })
      return void response.end('arrived')
    }
    response.writeHead(302, { location: `/hop/${left - 1}` })
    return void response.end()
  }
  const route = routes[url.pathname]
  if (route) return route(request, response)
  response.writeHead(404)
  response.end()
}

beforeAll(async () => {
  server = createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const loopback: SafeFetchOptions = { allowLoopback: true }

async function refusal(url: string, options: SafeFetchOptions = {}): Promise<SafeFetchError> {
  const error = await safeFetch(url, options).then(
    () => null,
    (caught: unknown) => caught,
  )
  if (!(error instanceof SafeFetchError)) throw new Error(`expected a SafeFetchError, got ${error}`)
  return error
}

describe('safeFetch refuses what it must', () => {
  test.each([
    ['http://10.0.0.5/', 'refused: 10.0.0.5 is a private address'],
    ['http://192.168.1.1:8080/admin', 'refused: 192.168.1.1 is a private address'],
    ['http://127.0.0.1/', 'refused: 127.0.0.1 is a loopback address'],
    ['http://[::1]/', 'refused: ::1 is a loopback address'],
    [
      'http://169.254.169.254/latest/meta-data/',
      'refused: 169.254.169.254 is a cloud metadata address',
    ],
    ['http://[fd00:ec2::254]/', 'refused: fd00:ec2::254 is a cloud metadata address'],
    ['http://169.254.1.1/', 'refused: 169.254.1.1 is a link-local address'],
    ['http://[fe80::1]/', 'refused: fe80::1 is a link-local address'],
    ['http://[fd12::1]/', 'refused: fd12::1 is a unique-local (private IPv6) address'],
    ['http://100.64.1.1/', 'refused: 100.64.1.1 is a carrier-grade NAT (shared) address'],
    ['http://224.0.0.251/', 'refused: 224.0.0.251 is a multicast address'],
    ['http://0.0.0.0/', 'refused: 0.0.0.0 is an unspecified address'],
    ['http://[::ffff:10.0.0.5]/', 'refused: ::ffff:a00:5 is a private address'],
    ['http://[::ffff:127.0.0.1]/', 'refused: ::ffff:7f00:1 is a loopback address'],
    // The URL parser turns these into 127.0.0.1 before anything else sees them.
    ['http://2130706433/', 'refused: 127.0.0.1 is a loopback address'],
    ['http://0x7f.1/', 'refused: 127.0.0.1 is a loopback address'],
  ])('%s', async (url, message) => {
    const error = await refusal(url)
    expect(error.code).toBe('refused_address')
    expect(error.message).toBe(message)
  })

  test('a host name that resolves to 127.0.0.1 (localhost) is refused after DNS', async () => {
    const error = await refusal(`http://localhost:${port}/localhost-probe`)
    expect(error.code).toBe('refused_address')
    expect(error.message).toMatch(
      /^refused: (127\.0\.0\.1|::1) is a loopback address \(localhost resolves to it\)$/,
    )
    expect(seen.has('/localhost-probe')).toBe(false)
  })

  test('a host name with one private address among public ones is refused', async () => {
    const resolveHost = async () => ['93.184.216.34', '10.20.30.40']
    const error = await refusal('https://shop.example/', { resolveHost })
    expect(error.message).toBe(
      'refused: 10.20.30.40 is a private address (shop.example resolves to it)',
    )
  })

  test('a redirect to a metadata address is refused', async () => {
    const error = await refusal(`${base}/to-metadata`, loopback)
    expect(error.code).toBe('refused_address')
    expect(error.message).toBe('refused: 169.254.169.254 is a cloud metadata address')
    expect(error.url).toBe('http://169.254.169.254/latest/meta-data/')
  })

  test('a redirect to a public-looking name that resolves to a private address is refused', async () => {
    const resolveHost = async (host: string) => (host === 'shop-images.example' ? ['10.0.0.5'] : [])
    const error = await refusal(`${base}/to-intranet`, { ...loopback, resolveHost })
    expect(error.message).toBe(
      'refused: 10.0.0.5 is a private address (shop-images.example resolves to it)',
    )
  })

  test('a redirect to an IPv4-mapped private address is refused', async () => {
    const error = await refusal(`${base}/to-mapped`, loopback)
    expect(error.message).toBe('refused: ::ffff:c0a8:1 is a private address')
  })

  test('only http and https, also after a redirect; no credentials in URLs', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/', 'gopher://example.com/'])
      expect((await refusal(url)).code).toBe('unsupported_scheme')
    const redirected = await refusal(`${base}/to-file`, loopback)
    expect(redirected.code).toBe('unsupported_scheme')
    expect(redirected.message).toContain('redirects to a file: address')
    expect((await refusal('http://user:secret@example.com/')).code).toBe('invalid_url')
    expect((await refusal('not a url')).message).toBe('"not a url" is not a web address.')
  })
})

describe('safeFetch pins the vetted address', () => {
  test('DNS is asked once per hop and the socket connects to the address that was vetted', async () => {
    const answers = [['127.0.0.1'], ['10.0.0.5']]
    let calls = 0
    const resolveHost = async () => answers[Math.min(calls++, 1)] ?? []
    const response = await safeFetch(`http://rebind.example:${port}/echo-headers`, {
      ...loopback,
      resolveHost,
    })
    expect(calls).toBe(1)
    expect(response.status).toBe(200)
    expect(response.address).toBe('127.0.0.1')
    expect(JSON.parse(response.text ?? '{}').host).toBe(`rebind.example:${port}`)
  })
})

describe('safeFetch limits', () => {
  test('a streamed body past the size cap is cut off', async () => {
    const started = performance.now()
    const error = await refusal(`${base}/huge-streamed`, { ...loopback, maxBytes: 1024 * 1024 })
    expect(error.code).toBe('too_large')
    expect(error.message).toBe(`${base}/huge-streamed is larger than 1 MB; stopped reading.`)
    expect(performance.now() - started).toBeLessThan(5000)
  })

  test('a declared Content-Length past the cap is refused without reading', async () => {
    const error = await refusal(`${base}/huge-declared`, { ...loopback, maxBytes: 1024 * 1024 })
    expect(error.code).toBe('too_large')
  })

  test('the cap counts decompressed bytes (gzip bomb)', async () => {
    const error = await refusal(`${base}/gzip-bomb`, { ...loopback, maxBytes: 1024 * 1024 })
    expect(error.code).toBe('too_large')
    const small = await safeFetch(`${base}/gzip-page`, loopback)
    expect(small.text).toBe('<p>small and compressed</p>')
  })

  test('a server that never answers times out', async () => {
    const started = performance.now()
    const error = await refusal(`${base}/never-answers`, { ...loopback, timeoutMs: 300 })
    expect(error.code).toBe('timeout')
    expect(error.message).toBe(`${base}/never-answers did not answer within 300 ms.`)
    expect(performance.now() - started).toBeLessThan(2000)
  })

  test('the time limit covers the body too (a trickling server)', async () => {
    const error = await refusal(`${base}/trickle`, { ...loopback, timeoutMs: 400 })
    expect(error.code).toBe('timeout')
  })

  test('redirects are followed up to the limit, and not one more', async () => {
    const five = await safeFetch(`${base}/hop/5`, loopback)
    expect(five.status).toBe(200)
    expect(five.text).toBe('arrived')
    expect(five.redirects.map((hop) => new URL(hop.url).pathname)).toEqual([
      '/hop/5',
      '/hop/4',
      '/hop/3',
      '/hop/2',
      '/hop/1',
    ])
    const six = await refusal(`${base}/hop/6`, loopback)
    expect(six.code).toBe('too_many_redirects')
    expect(six.message).toBe(`stopped after 5 redirects (last one to ${base}/hop/0).`)
    expect((await refusal(`${base}/hop/2`, { ...loopback, maxRedirects: 1 })).code).toBe(
      'too_many_redirects',
    )
  })
})

describe('safeFetch answers', () => {
  test('status, final URL, headers, text, redirect chain, timing and a clear User-Agent', async () => {
    const response = await safeFetch(`${base}/hop/1`, {
      ...loopback,
      userAgent: 'MurmurBot/0.1 (+https://murmur.example)',
    })
    expect(response).toMatchObject({
      url: `${base}/hop/0`,
      status: 200,
      ok: true,
      text: 'arrived',
      redirects: [{ url: `${base}/hop/1`, status: 302, location: `${base}/hop/0` }],
    })
    expect(response.timing.totalMs).toBeGreaterThanOrEqual(response.timing.firstByteMs)
    expect(seen.get('/hop/0')?.['user-agent']).toBe('MurmurBot/0.1 (+https://murmur.example)')

    const hello = await safeFetch(`${base}/hello`, loopback)
    expect(hello.headers['x-test']).toBe('yes')
    expect(hello.contentType).toBe('text/html; charset=utf-8')
    expect(hello.text).toBe('<!doctype html><title>Héllo</title>')
    expect(seen.get('/hello')?.['user-agent']).toBe('MurmurBot/0.1')
  })

  test('an error status is an answer, binary bodies have no text', async () => {
    const missing = await safeFetch(`${base}/missing`, loopback)
    expect(missing.status).toBe(404)
    expect(missing.ok).toBe(false)
    const image = await safeFetch(`${base}/image`, loopback)
    expect(image.text).toBeNull()
    expect([...image.body]).toEqual([0x89, 0x50, 0x4e, 0x47])
  })

  test('credentials do not follow a redirect to another origin', async () => {
    const response = await safeFetch(`${base}/to-localhost`, {
      ...loopback,
      headers: { Authorization: 'Bearer secret', 'X-Keep': 'kept' },
    })
    const headers = JSON.parse(response.text ?? '{}')
    expect(headers.authorization).toBeUndefined()
    expect(headers['x-keep']).toBe('kept')
  })

  test('HEAD reads no body', async () => {
    const response = await safeFetch(`${base}/hello`, { ...loopback, method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(response.body.length).toBe(0)
  })
})
