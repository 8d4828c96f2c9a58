import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { startBackgroundWork } from './background.js'
import type { Config } from './config.js'
import { inboxEvents } from './engagement/events.js'
import { createApp } from './http/app.js'
import { redirectListener } from './http/redirect.js'
import { shortDomainsFor } from './links/short-domains.js'
import { closeLinkTraffic, linkTraffic } from './links/traffic.js'
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
  // Custom short domains are known before the first request (the app's route would wait anyway).
  await shortDomainsFor(murmur.db)
    .ready()
    .catch((error: unknown) => log.warn({ err: error }, 'could not read short domains yet'))
  // The redirect answers from a plain Node listener in front of the app: it skips the Fetch
  // adapter and the router, about half the CPU of a redirect (docs/benchmarks.md).
  const redirect = redirectListener(murmur)
  await linkTraffic(murmur)
    .ready()
    .catch((error: unknown) =>
      log.error({ err: error }, 'the click writer could not start; clicks wait in memory'),
    )
  const appListener = getRequestListener(app.fetch)
  const server = createServer((request, response) => {
    if (!redirect(request, response)) void appListener(request, response)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolve()
    })
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
