// Baseline: the smallest Node HTTP server that answers /healthz, started the same way as Murmur.
import { createServer } from 'node:http'

createServer((request, response) => {
  response.writeHead(request.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' })
  response.end('{"status":"ok"}')
}).listen(Number(process.env.PORT), '127.0.0.1')
