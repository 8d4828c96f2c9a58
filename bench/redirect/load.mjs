// A small closed-loop HTTP/1.1 load generator on raw keep-alive sockets: each connection sends one
// request, waits for the whole answer, then sends the next. Cheaper per request than node:http's
// client, so more of the shared CPU goes to the server under test.
import { connect } from 'node:net'

const HEADER_END = '\r\n\r\n'

/**
 * Runs `connections` loops against 127.0.0.1:port for `durationMs`; `nextRequest()` gives the bytes
 * of each request. Answers statuses seen, latencies (ms) and the count of completed requests.
 */
export function runLoad({ port, connections, durationMs, nextRequest }) {
  return new Promise((resolve) => {
    const latencies = []
    const statuses = new Map()
    let errors = 0
    let open = connections
    const deadline = performance.now() + durationMs
    const started = performance.now()

    const done = () => {
      if (--open > 0) return
      const elapsed = (performance.now() - started) / 1000
      resolve({ latencies, statuses, errors, completed: latencies.length, seconds: elapsed })
    }

    for (let i = 0; i < connections; i++) {
      const socket = connect({ port, host: '127.0.0.1', noDelay: true })
      let buffer = ''
      let sentAt = 0
      const send = () => {
        if (performance.now() >= deadline) {
          socket.end()
          return
        }
        sentAt = performance.now()
        socket.write(nextRequest())
      }
      socket.setEncoding('latin1')
      socket.on('connect', send)
      socket.on('data', (chunk) => {
        buffer += chunk
        for (;;) {
          const end = buffer.indexOf(HEADER_END)
          if (end === -1) return
          const head = buffer.slice(0, end)
          let total
          if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
            total = chunkedEnd(buffer, end + HEADER_END.length)
            if (total === -1) return
          } else {
            const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
            total = end + HEADER_END.length + length
            if (buffer.length < total) return
          }
          const status = Number(head.slice(9, 12))
          statuses.set(status, (statuses.get(status) ?? 0) + 1)
          latencies.push(performance.now() - sentAt)
          buffer = buffer.slice(total)
          send()
        }
      })
      socket.on('error', () => {
        errors++
      })
      socket.on('close', done)
    }
  })
}

/** Where a chunked body that starts at `from` ends, or -1 when it has not fully arrived. */
function chunkedEnd(buffer, from) {
  let at = from
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at)
    if (lineEnd === -1) return -1
    const size = Number.parseInt(buffer.slice(at, lineEnd), 16)
    if (size === 0) {
      const trailerEnd = buffer.indexOf('\r\n', lineEnd + 2)
      return trailerEnd === -1 ? -1 : trailerEnd + 2
    }
    at = lineEnd + 2 + size + 2
    if (buffer.length < at) return -1
  }
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
