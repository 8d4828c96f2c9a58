// Murmur as `murmur start` runs it (startServer), with links made up front. Driven by run.mjs over IPC:
// {cmd:'count'} flushes the click buffer and answers the clicks stored; {cmd:'stop'} shuts down.

import { createServer, type Server } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { getRequestListener } from '@hono/node-server'
import { sql } from 'kysely'
import { loadConfig } from '../../src/config.js'
import { createApp } from '../../src/http/app.js'
import { closeLinkTraffic, linkTraffic } from '../../src/links/traffic.js'
import { createLogger } from '../../src/logger.js'
import { startServer } from '../../src/server.js'
import { createUser } from '../../src/services/accounts.js'
import { createLink } from '../../src/services/links.js'
import { createWorkspace } from '../../src/services/workspaces.js'
import { WorkspaceScope } from '../../src/storage/workspace-scope.js'

const send = (message: unknown) => process.send?.(message)
const fastPort = Number(process.env.BENCH_FAST_PORT ?? 0)
const linkCount = Number(process.env.BENCH_LINKS ?? 1000)
const schema = process.env.BENCH_PG_SCHEMA
const config = loadConfig(process.env, { serveWebApp: false, logLevel: 'warn' })
const server = await startServer(
  config,
  createLogger('warn', false),
  schema ? { postgresSchema: schema } : {},
)
const murmur = server.murmur

const user = await createUser(murmur, {
  email: 'bench@murmur.example',
  password: 'correct horse battery',
})
const workspace = await createWorkspace(murmur, {
  name: 'Bench',
  timeZone: 'UTC',
  ownerId: user.id,
})
const scope = new WorkspaceScope(murmur.db, workspace.id)
const codes: string[] = []
for (let i = 0; i < linkCount; i++) {
  const link = await createLink(murmur, scope, {
    destination: `https://shop.example/products/${i}?ref=bench`,
    utm_source: 'bench',
    utm_medium: 'social',
    createdBy: null,
  })
  codes.push(link.code)
}

async function clicksStored(): Promise<number> {
  await linkTraffic(murmur).flush()
  const row = await murmur.db
    .selectFrom('clicks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_bot', '=', 0)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

// The same Murmur on a second port without the plain Node redirect listener: every /l/CODE goes
// through the Hono app's route (the Fetch adapter and the router), for comparison with how
// src/server.ts serves it (the listener in front of the app).
const fast = fastPort
  ? await new Promise<Server>((resolve) => {
      const app = getRequestListener(createApp(murmur).fetch)
      const server = createServer((request, response) => void app(request, response))
      server.keepAliveTimeout = 60_000
      server.listen(fastPort, '127.0.0.1', () => resolve(server))
    })
  : undefined

// BENCH_LOOP_DELAY=1: print the event loop's delays between two counts (where a tail comes from).
const loopDelay = process.env.BENCH_LOOP_DELAY
  ? monitorEventLoopDelay({ resolution: 1 })
  : undefined
loopDelay?.enable()

process.on('message', async (message: { cmd?: string }) => {
  if (message.cmd === 'count' && loopDelay) {
    const ms = (ns: number) => (ns / 1e6).toFixed(1)
    console.log(
      `event loop delay: p50 ${ms(loopDelay.percentile(50))} p99 ${ms(loopDelay.percentile(99))} p99.9 ${ms(loopDelay.percentile(99.9))} max ${ms(loopDelay.max)} ms`,
    )
    loopDelay.reset()
  }
  if (message.cmd === 'count') send({ recorded: await clicksStored() })
  if (message.cmd === 'stop') {
    fast?.closeAllConnections()
    fast?.close()
    await closeLinkTraffic(murmur)
    if (schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(murmur.db)
    await server.close()
    process.exit(0)
  }
})
send({ ready: true, codes, database: murmur.storage.kind })
