import { parentPort, workerData } from 'node:worker_threads'
import { type PackedClicks, unpackClicks } from './click-batch.js'
import { openClickDatabase } from './click-database.js'
import { inProcessClickStore } from './click-store.js'

/**
 * The worker thread that stores clicks: SQLite writes are synchronous, and
 * here they never hold up the event loop that answers redirects. It opens its
 * own connection to the same database (no migrations: the server ran them).
 */
export interface ClickWorkerData {
  databaseUrl: string | undefined
  dataDir: string
  postgresSchema: string | undefined
}

export type ClickWorkerRequest =
  | {
      id: number
      type: 'write'
      batch: PackedClicks
      lateBefore: number
    }
  | { id: number; type: 'rollUp'; bound: string; now: number }
  | { id: number; type: 'close' }

export type ClickWorkerReply =
  | { id: number; ok: true; value?: number }
  | { id: number; ok: false; error: string }

const port = parentPort
if (!port) throw new Error('click-worker.ts runs as a worker thread')
const data = workerData as ClickWorkerData
// No top-level await: from the TypeScript sources this file is loaded as CommonJS.
const opened = openClickDatabase(data).then((storage) => ({
  storage,
  store: inProcessClickStore(storage.db),
}))

// One request at a time, in order, as the recorder and the rollup timer expect.
let queue: Promise<unknown> = Promise.resolve()
port.on('message', (request: ClickWorkerRequest) => {
  queue = queue.then(async () => {
    let reply: ClickWorkerReply
    try {
      const { storage, store } = await opened
      if (request.type === 'write')
        await store.write(unpackClicks(request.batch), request.lateBefore)
      const value =
        request.type === 'rollUp' ? await store.rollUp(request.bound, request.now) : undefined
      if (request.type === 'close') await storage.close()
      reply = { id: request.id, ok: true, ...(value === undefined ? {} : { value }) }
    } catch (error) {
      reply = {
        id: request.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      }
    }
    port.postMessage(reply)
  })
})
opened.then(
  () => port.postMessage({ id: 0, ok: true }),
  (error: unknown) => port.postMessage({ id: 0, ok: false, error: String(error) }),
)
