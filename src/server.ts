import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { startBackgroundWork } from './background.js'
import type { Config } from './config.js'
import { inboxEvents } from './engagement/events.js'
import { createApp } from './http/app.js'
import { closeLinkTraffic } from './links/traffic.js'
import type { Logger } from './logger.js'
import { createMurmur, type Murmur } from './murmur.js'

export interface RunningServer {
  murmur: Murmur
  url: string
  close(): Promise<void>
}

/** Opens the database (migrating it), then serves the API and the web app. */
export async function startServer(
  config: Config,
  log: Logger,
  options: { postgresSchema?: string } = {},
): Promise<RunningServer> {
  const murmur = await createMurmur(config, log, options)
  const app = createApp(murmur)
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s),
    )
    s.once('error', reject)
  })
  // Publishing and inbox sync; MURMUR_SCHEDULER=off leaves them to `murmur worker` processes.
  const background = config.schedulerEnabled ? startBackgroundWork(murmur) : undefined
  const { port } = server.address() as AddressInfo
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const url = `http://${shownHost}:${port}`
  return {
    murmur,
    url,
    async close() {
      inboxEvents(murmur).close() // open event streams would hold the server open
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Idle keep-alive connections would hold close() open; requests in flight still finish.
        if ('closeIdleConnections' in server) server.closeIdleConnections()
      })
      await background?.stop()
      await closeLinkTraffic(murmur) // buffered clicks are written before the database closes
      await murmur.storage.close()
    },
  }
}
