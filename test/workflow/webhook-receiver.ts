import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedWebhook {
  id: string
  timestamp: string
  signature: string
  body: string
  /** Verified here with node:crypto alone, as the Standard Webhooks specification says. */
  verified: boolean
}

/**
 * An independent Standard Webhooks verifier: HMAC-SHA256 over `{id}.{timestamp}.{body}` with the
 * base64-decoded part of `whsec_…` after the prefix; any of the space-separated `v1,` signatures
 * may match. Written from the specification, not with Murmur's signer.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = createHmac('sha256', key)
    .update(`${headers.id}.${headers.timestamp}.${body}`)
    .digest()
  return headers.signature.split(' ').some((entry) => {
    const [version, value] = entry.split(',')
    if (version !== 'v1' || !value) return false
    const given = Buffer.from(value, 'base64')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
}

/** A local HTTP receiver that answers with the queued statuses (then 200) and keeps what came. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = []
  /** Statuses to answer next, in order; empty means 200. */
  readonly answers: number[] = []
  secret = ''
  #server: Server | undefined

  async start(): Promise<string> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        const headers = {
          id: String(request.headers['webhook-id'] ?? ''),
          timestamp: String(request.headers['webhook-timestamp'] ?? ''),
          signature: String(request.headers['webhook-signature'] ?? ''),
        }
        this.received.push({
          ...headers,
          body,
          verified: verifyStandardWebhook(this.secret, headers, body),
        })
        const status = this.answers.shift() ?? 200
        response.writeHead(status, { 'content-type': 'text/plain' })
        response.end(status === 200 ? 'thanks' : `nope ${status}`)
      })
    })
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve))
    const { port } = this.#server.address() as AddressInfo
    return `http://127.0.0.1:${port}/hooks`
  }

  stop(): Promise<void> {
    return new Promise((resolve) =>
      this.#server ? this.#server.close(() => resolve()) : resolve(),
    )
  }
}
