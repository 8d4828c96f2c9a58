import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { packClicks } from './click-batch.js'
import type { ClickStore } from './click-store.js'
import type { ClickWorkerData, ClickWorkerReply, ClickWorkerRequest } from './click-worker.js'

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never
type Pending = { resolve: (value: number | undefined) => void; reject: (error: Error) => void }

// Distributed as compiled .js; from the TypeScript sources (development, tests) the worker
// needs the same loader as the main thread.
const fromSource = import.meta.url.endsWith('.ts')

/** A ClickStore whose writes run in a worker thread. */
export class WorkerClickStore implements ClickStore {
  readonly #worker: Worker
  readonly #pending = new Map<number, Pending>()
  readonly #ready: Promise<unknown>
  #nextId = 1
  #exited: Error | undefined
  #started = false

  constructor(data: ClickWorkerData) {
    const entry = new URL(fromSource ? './click-worker.ts' : './click-worker.js', import.meta.url)
    this.#worker = fromSource
      ? new Worker(
          `require('tsx/cjs/api').register(); require(${JSON.stringify(fileURLToPath(entry))})`,
          { eval: true, workerData: data },
        )
      : new Worker(entry, { workerData: data })
    this.#worker.unref()
    this.#ready = new Promise((resolve, reject) => {
      this.#pending.set(0, { resolve, reject })
    }).then(() => {
      this.#started = true
    })
    // Whoever waits (ready(), a write) sees a failed start; unwatched, it must not end the process.
    this.#ready.catch(() => undefined)
    this.#worker.on('message', (reply: ClickWorkerReply) => {
      const pending = this.#pending.get(reply.id)
      if (!pending) return
      this.#pending.delete(reply.id)
      if (reply.ok) pending.resolve(reply.value)
      else pending.reject(new Error(reply.error))
    })
    const fail = (error: Error) => {
      this.#exited = error
      for (const pending of this.#pending.values()) pending.reject(error)
      this.#pending.clear()
    }
    this.#worker.on('error', fail)
    this.#worker.on('exit', (code) =>
      fail(new Error(`the click worker stopped (exit code ${code})`)),
    )
  }

  #send(request: WithoutId<ClickWorkerRequest>): Promise<number | undefined> {
    if (this.#exited) return Promise.reject(this.#exited)
    const id = this.#nextId++
    return this.#ready.then(
      () =>
        new Promise<number | undefined>((resolve, reject) => {
          if (this.#exited) return reject(this.#exited)
          this.#pending.set(id, { resolve, reject })
          this.#worker.postMessage({ ...request, id })
        }),
    )
  }

  async ready(): Promise<void> {
    await this.#ready
  }

  /** Whether the worker has opened its database (`ready()` has settled successfully). */
  get started(): boolean {
    return this.#started
  }

  get broken(): boolean {
    return this.#exited !== undefined
  }

  async write(batch: Parameters<ClickStore['write']>[0], lateBefore: number): Promise<void> {
    await this.#send({ type: 'write', batch: packClicks(batch), lateBefore })
  }

  async rollUp(bound: string, now: number): Promise<number> {
    return (await this.#send({ type: 'rollUp', bound, now })) ?? 0
  }

  async close(): Promise<void> {
    if (!this.#exited) await this.#send({ type: 'close' }).catch(() => undefined)
    await this.terminate()
  }

  /** Stops the worker at once, without closing its database cleanly (tests use it to simulate a crash). */
  async terminate(): Promise<void> {
    await this.#worker.terminate()
  }
}
