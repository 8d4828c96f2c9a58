// Ceiling: the smallest Node HTTP server that answers every request with a fixed 302.
import { createServer } from 'node:http'

const server = createServer((_request, response) => {
  response.writeHead(302, { location: 'https://example.com/', 'cache-control': 'no-store' })
  response.end()
})
server.keepAliveTimeout = 60_000
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ ready: true }))
process.on('message', (message) => {
  if (message?.cmd === 'count') process.send?.({ recorded: 0 })
  if (message?.cmd === 'stop') server.close(() => process.exit(0))
})
