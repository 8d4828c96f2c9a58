import { createHash } from 'node:crypto'
import pg from 'pg'
import type { SignalListener, StopListening } from './dialect.js'

/** NOTIFY payloads must stay under 8,000 bytes. */
export const MAX_SIGNAL_BYTES = 7_900

const FIRST_RETRY_MS = 500
const LONGEST_RETRY_MS = 30_000

/**
 * PostgreSQL LISTEN/NOTIFY for the processes sharing one Murmur schema. Sending goes through the
 * pool (`pg_notify`); hearing needs a connection of its own, held for as long as anything
 * listens, opened on the first `listen` and opened again (waiting longer after each failure) when
 * it drops. Channels are per schema, so Murmurs on other schemas of the database hear nothing.
 */
export class PostgresSignals {
  readonly #pool: pg.Pool
  readonly #connection: pg.ClientConfig
  readonly #prefix: string
  readonly #listeners = new Map<string, Set<SignalListener>>()
  #client: pg.Client | undefined
  #connecting: Promise<void> | undefined
  #retry: NodeJS.Timeout | undefined
  #retryMs = FIRST_RETRY_MS
  #closed = false

  constructor(pool: pg.Pool, connection: pg.ClientConfig, schema: string) {
    this.#pool = pool
    this.#prefix = `murmur.${schema}`
    // The name lets an operator (or a test) find the listening connection in pg_stat_activity.
    this.#connection = { ...connection, application_name: `murmur-signals ${schema}`.slice(0, 63) }
  }

  /** The channel of a topic: identifiers stop at 63 bytes, so long ones are hashed. */
  channel(topic: string): string {
    const name = `${this.#prefix}.${topic}`
    if (Buffer.byteLength(name) <= 63) return name
    return `murmur.${createHash('sha256').update(name).digest('hex').slice(0, 48)}`
  }

  async notify(topic: string, payload: string): Promise<void> {
    if (Buffer.byteLength(payload) > MAX_SIGNAL_BYTES)
      throw new Error(`signal payload over ${MAX_SIGNAL_BYTES} bytes on ${topic}`)
    await this.#pool.query('select pg_notify($1, $2)', [this.channel(topic), payload])
  }

  /**
   * Hears `topic` from every process (this one included). Resolves once the database listens, or
   * rejects when the first attempt fails; either way the listener stays and retries go on.
   */
  async listen(topic: string, listener: SignalListener): Promise<StopListening> {
    if (this.#closed) throw new Error('storage is closed')
    let set = this.#listeners.get(topic)
    const fresh = !set
    if (!set) {
      set = new Set()
      this.#listeners.set(topic, set)
    }
    set.add(listener)
    const stop = () => {
      set.delete(listener)
      if (set.size === 0 && this.#listeners.get(topic) === set) {
        this.#listeners.delete(topic)
        this.#client?.query(`UNLISTEN ${quote(this.channel(topic))}`).catch(() => undefined)
      }
    }
    if (this.#client && fresh) await this.#client.query(`LISTEN ${quote(this.channel(topic))}`)
    else await this.#connect()
    return stop
  }

  /** Whether the listening connection is open (for tests and health). */
  get listening(): boolean {
    return this.#client !== undefined
  }

  async close(): Promise<void> {
    this.#closed = true
    if (this.#retry) clearTimeout(this.#retry)
    this.#listeners.clear()
    await this.#connecting?.catch(() => undefined)
    const client = this.#client
    this.#client = undefined
    await client?.end().catch(() => undefined)
  }

  #connect(): Promise<void> {
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined
    })
    return this.#connecting
  }

  async #open(): Promise<void> {
    if (this.#client || this.#closed) return
    const client = new pg.Client(this.#connection)
    client.on('notification', (message) => this.#deliver(message.channel, message.payload ?? ''))
    client.on('error', (error) => this.#lost(client, error))
    client.on('end', () => this.#lost(client, new Error('the listening connection ended')))
    try {
      await client.connect()
      for (const topic of this.#listeners.keys())
        await client.query(`LISTEN ${quote(this.channel(topic))}`)
    } catch (error) {
      this.#lost(client, error)
      throw error
    }
    if (this.#closed) {
      await client.end().catch(() => undefined)
      return
    }
    this.#client = client
    this.#retryMs = FIRST_RETRY_MS
  }

  #deliver(channel: string, payload: string): void {
    for (const [topic, listeners] of this.#listeners) {
      if (this.channel(topic) !== channel) continue
      for (const listener of listeners) {
        try {
          listener.onMessage(payload)
        } catch {
          // One listener's failure must not silence the others.
        }
      }
    }
  }

  /** The connection failed: forget it, tell the listeners, and open another one later. */
  #lost(client: pg.Client, error: unknown): void {
    client.removeAllListeners('notification')
    client.removeAllListeners('end')
    // Errors after this point have nowhere to go; keep one handler so none is thrown.
    client.removeAllListeners('error')
    client.on('error', () => undefined)
    client.end().catch(() => undefined)
    const wasCurrent = this.#client === client
    if (wasCurrent) this.#client = undefined
    if (this.#closed || this.#listeners.size === 0) return
    for (const listeners of this.#listeners.values())
      for (const listener of listeners) listener.onError?.(error)
    if (this.#retry) return
    const delay = this.#retryMs
    this.#retryMs = Math.min(this.#retryMs * 2, LONGEST_RETRY_MS)
    this.#retry = setTimeout(() => {
      this.#retry = undefined
      this.#connect().catch(() => undefined)
    }, delay)
    this.#retry.unref()
  }
}

/** A channel name as a quoted identifier (LISTEN takes no parameters). */
function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`
}
