import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ServedItem {
  guid?: string
  link?: string
  title: string
  summary?: string
  /** Milliseconds; left out for an undated item. */
  publishedAt?: number
}

const xmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function rss(items: ServedItem[]): string {
  const entries = items
    .map(
      (item) => `<item>
  <title>${xmlEscape(item.title)}</title>
  ${item.link ? `<link>${xmlEscape(item.link)}</link>` : ''}
  ${item.guid ? `<guid isPermaLink="false">${xmlEscape(item.guid)}</guid>` : ''}
  ${item.publishedAt ? `<pubDate>${new Date(item.publishedAt).toUTCString()}</pubDate>` : ''}
  ${item.summary ? `<description><![CDATA[${item.summary}]]></description>` : ''}
</item>`,
    )
    .join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Corner Bakery blog</title><link>https://cornerbakery.example/blog</link>
${entries}
</channel></rss>`
}

export function atom(items: ServedItem[]): string {
  const entries = items
    .map(
      (item) => `<entry>
  <title>${xmlEscape(item.title)}</title>
  ${item.link ? `<link rel="alternate" href="${xmlEscape(item.link)}"/>` : ''}
  ${item.guid ? `<id>${xmlEscape(item.guid)}</id>` : ''}
  ${item.publishedAt ? `<updated>${new Date(item.publishedAt).toISOString()}</updated>` : ''}
  ${item.summary ? `<summary>${xmlEscape(item.summary)}</summary>` : ''}
</entry>`,
    )
    .join('\n')
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bakery news</title><id>urn:bakery</id>
${entries}
</feed>`
}

/**
 * A local blog serving its feed with an ETag (and 304 when it matches), whose answer the test
 * changes between polls: new items, a server error, an HTML page instead of a feed.
 */
export class FeedServer {
  body = rss([])
  contentType = 'application/rss+xml'
  /** When set, the feed answers this status (with a small HTML body) instead. */
  failWith: number | undefined
  /** Every request: its path, and whether it came back 304. */
  readonly requests: Array<{
    path: string
    notModified: boolean
    ifNoneMatch: string | null
    ifModifiedSince: string | null
  }> = []
  /** Sent as Last-Modified with each feed. */
  lastModified = 'Fri, 27 Nov 2026 08:00:00 GMT'
  #server: Server | undefined
  base = ''

  async start(): Promise<void> {
    this.#server = createServer((request, response) => this.#answer(request, response))
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    this.base = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.#server?.close(resolve))
  }

  get etag(): string {
    return `"${createHash('sha256').update(this.body).digest('hex').slice(0, 16)}"`
  }

  #answer(request: IncomingMessage, response: import('node:http').ServerResponse) {
    const ifNoneMatch = request.headers['if-none-match'] ?? null
    const ifModifiedSince = request.headers['if-modified-since'] ?? null
    if (this.failWith !== undefined) {
      this.requests.push({
        path: request.url ?? '',
        notModified: false,
        ifNoneMatch,
        ifModifiedSince,
      })
      response.writeHead(this.failWith, { 'content-type': 'text/html' })
      response.end('<html><body>Oops</body></html>')
      return
    }
    const notModified = ifNoneMatch === this.etag
    this.requests.push({ path: request.url ?? '', notModified, ifNoneMatch, ifModifiedSince })
    if (notModified) {
      response.writeHead(304, { etag: this.etag })
      response.end()
      return
    }
    response.writeHead(200, {
      'content-type': this.contentType,
      etag: this.etag,
      'last-modified': this.lastModified,
    })
    response.end(this.body)
  }
}
