import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One post the fake network holds, with who sent it and when it arrived. */
export interface ReceivedPost {
  id: string
  text: string
  worker: string
  receivedAt: number
}

export interface FakeNetworkServer {
  url: string
  /** Every post created, in arrival order. */
  readonly posts: ReceivedPost[]
  /** Posts per text: a text published twice shows up as 2. */
  readonly byText: Map<string, number>
  /** Requests held open without an answer (see `hold`). */
  readonly held: ReceivedPost[]
  /** When the last answer was sent. */
  lastAnswerAt: number
  duplicates(): number
  close(): Promise<void>
}

/**
 * A social network over HTTP on loopback, shared by every worker process of a benchmark or a
 * test: it creates the post as soon as the request arrives (like a real network, which has the
 * post even if its answer is lost), then answers after `latencyMs`. `hold(worker)` keeps that
 * worker's requests unanswered, so a test can kill the worker while the network has its post.
 */
export async function startFakeNetworkServer(options: {
  latencyMs: number
  hold?: (worker: string) => boolean
}): Promise<FakeNetworkServer> {
  const posts: ReceivedPost[] = []
  const byId = new Map<string, ReceivedPost>()
  const byText = new Map<string, number>()
  const held: ReceivedPost[] = []
  const parked: ServerResponse[] = []
  let sequence = 0
  const state = { lastAnswerAt: 0 }

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake')
    if (request.method === 'POST' && url.pathname === '/publish') {
      let body = ''
      for await (const chunk of request) body += String(chunk)
      const { text, worker } = JSON.parse(body) as { text: string; worker: string }
      const post = { id: `fake:${++sequence}`, text, worker, receivedAt: Date.now() }
      posts.push(post)
      byId.set(post.id, post)
      byText.set(text, (byText.get(text) ?? 0) + 1)
      if (options.hold?.(worker)) {
        held.push(post)
        parked.push(response)
        return
      }
      setTimeout(() => {
        state.lastAnswerAt = Date.now()
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ id: post.id, url: `https://fake.example/${post.id}` }))
      }, options.latencyMs)
      return
    }
    const found = url.pathname.startsWith('/posts/')
      ? byId.get(decodeURIComponent(url.pathname.slice('/posts/'.length)))
      : undefined
    if (request.method === 'GET' && found) {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify(found))
      return
    }
    response.writeHead(404).end()
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    byText,
    held,
    get lastAnswerAt() {
      return state.lastAnswerAt
    },
    set lastAnswerAt(value: number) {
      state.lastAnswerAt = value
    },
    duplicates: () => [...byText.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    async close() {
      for (const response of parked) response.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
