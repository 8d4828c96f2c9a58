import { randomUUID } from 'node:crypto'
import type { Logger } from '../logger.js'
import type { Murmur } from '../murmur.js'
import type { StopListening, Storage } from '../storage/dialect.js'

/**
 * What open browsers hear about: new messages, conversations that changed, syncs that finished.
 * Events carry ids only; the browser fetches what it shows, through the API and its roles.
 */
export type InboxEvent =
  | {
      type: 'message.created'
      conversation_id: string
      message_id: string
      direction: 'in' | 'out'
    }
  | { type: 'conversation.updated'; conversation_id: string }
  | { type: 'sync.finished'; channel_id: string; received: number }

export type InboxListener = (event: InboxEvent) => void

/** The storage topic inbox events travel on between processes. */
const TOPIC = 'inbox'

/** Where events of other processes come from: the storage's signals, where it has them. */
type Signals = Required<Pick<Storage, 'notify' | 'listen'>>

/**
 * The inbox's event bus: sync and API writes publish, the events endpoint subscribes per
 * workspace. Subscribers of this process hear its events at once. Where the storage can signal
 * between processes (PostgreSQL's LISTEN/NOTIFY), every event is also sent to the other
 * processes on the database, so a browser connected to one API process hears what a `murmur
 * worker` synced; on SQLite there is one process and the in-process path is all there is.
 */
export class InboxEvents {
  readonly #listeners = new Map<string, Set<InboxListener>>()
  readonly #closers = new Set<() => void>()
  readonly #signals: Signals | undefined
  readonly #log: Logger | undefined
  /** Tells this bus's own events apart when they come back through the database. */
  readonly #origin = randomUUID()
  #listening: Promise<StopListening | undefined> | undefined

  constructor(options: { storage?: Storage; log?: Logger } = {}) {
    const storage = options.storage
    this.#signals =
      storage?.capabilities.crossProcessSignals && storage.notify && storage.listen
        ? { notify: storage.notify.bind(storage), listen: storage.listen.bind(storage) }
        : undefined
    this.#log = options.log
  }

  /** `onClose` runs when the server shuts down, so open streams end and do not hold it up. */
  subscribe(workspaceId: string, listener: InboxListener, onClose?: () => void): () => void {
    if (onClose) this.#closers.add(onClose)
    let set = this.#listeners.get(workspaceId)
    if (!set) {
      set = new Set()
      this.#listeners.set(workspaceId, set)
    }
    set.add(listener)
    void this.ready()
    return () => {
      if (onClose) this.#closers.delete(onClose)
      set.delete(listener)
      if (set.size === 0) this.#listeners.delete(workspaceId)
    }
  }

  /**
   * Resolves once events of other processes reach this one: at once without cross-process
   * signals; after the first attempt to listen otherwise (a failed one is retried in the
   * background, meanwhile this process hears only itself).
   */
  async ready(): Promise<void> {
    const signals = this.#signals
    if (!signals) return
    this.#listening ??= signals
      .listen(TOPIC, {
        onMessage: (payload) => this.#heard(payload),
        onError: (error) =>
          this.#log?.warn({ err: error }, 'inbox events: listening to other processes failed'),
      })
      .catch(() => undefined)
    await this.#listening
  }

  publish(workspaceId: string, event: InboxEvent): void {
    this.#deliver(workspaceId, event)
    if (!this.#signals) return
    const payload = JSON.stringify({ origin: this.#origin, workspace_id: workspaceId, event })
    this.#signals
      .notify(TOPIC, payload)
      .catch((error: unknown) =>
        this.#log?.warn({ err: error }, 'inbox events: could not tell other processes'),
      )
  }

  /** Ends every subscription (server shutdown) and stops listening to other processes. */
  close(): void {
    for (const close of [...this.#closers]) close()
    this.#closers.clear()
    const listening = this.#listening
    this.#listening = undefined
    void listening?.then((stop) => stop?.())
  }

  listenerCount(workspaceId: string): number {
    return this.#listeners.get(workspaceId)?.size ?? 0
  }

  #deliver(workspaceId: string, event: InboxEvent): void {
    for (const listener of this.#listeners.get(workspaceId) ?? []) {
      try {
        listener(event)
      } catch {
        // A listener that fails (a closed stream) must not stop the others or the writer.
      }
    }
  }

  /** An event from the database: another process's, for this process's subscribers. */
  #heard(payload: string): void {
    const signal = readSignal(payload)
    if (!signal || signal.origin === this.#origin) return
    if (this.listenerCount(signal.workspace_id) === 0) return
    this.#deliver(signal.workspace_id, signal.event)
  }
}

/** A signal as another process sent it, checked: only well-formed inbox events pass. */
function readSignal(
  payload: string,
): { origin: string; workspace_id: string; event: InboxEvent } | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(payload)
  } catch {
    return undefined
  }
  const signal = parsed as { origin?: unknown; workspace_id?: unknown; event?: unknown }
  if (typeof signal?.origin !== 'string' || typeof signal.workspace_id !== 'string')
    return undefined
  const event = signal.event as Record<string, unknown> | undefined
  const ids = (...keys: string[]) => keys.every((key) => typeof event?.[key] === 'string')
  const valid =
    (event?.type === 'message.created' &&
      ids('conversation_id', 'message_id') &&
      (event.direction === 'in' || event.direction === 'out')) ||
    (event?.type === 'conversation.updated' && ids('conversation_id')) ||
    (event?.type === 'sync.finished' && ids('channel_id') && typeof event.received === 'number')
  if (!valid) return undefined
  return { origin: signal.origin, workspace_id: signal.workspace_id, event: event as InboxEvent }
}

const buses = new WeakMap<Murmur, InboxEvents>()

export function inboxEvents(murmur: Murmur): InboxEvents {
  let bus = buses.get(murmur)
  if (!bus) {
    bus = new InboxEvents({ storage: murmur.storage, log: murmur.log })
    buses.set(murmur, bus)
  }
  return bus
}
