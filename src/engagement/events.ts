import type { Murmur } from '../murmur.js'

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

/**
 * The in-process bus: sync and API writes publish, the events endpoint subscribes per workspace.
 * Only this process hears its own events; with several API processes on PostgreSQL a browser
 * still hears everything its own process syncs and writes (see docs/inbox.md).
 */
export class InboxEvents {
  readonly #listeners = new Map<string, Set<InboxListener>>()
  readonly #closers = new Set<() => void>()

  /** `onClose` runs when the server shuts down, so open streams end and do not hold it up. */
  subscribe(workspaceId: string, listener: InboxListener, onClose?: () => void): () => void {
    if (onClose) this.#closers.add(onClose)
    let set = this.#listeners.get(workspaceId)
    if (!set) {
      set = new Set()
      this.#listeners.set(workspaceId, set)
    }
    set.add(listener)
    return () => {
      if (onClose) this.#closers.delete(onClose)
      set.delete(listener)
      if (set.size === 0) this.#listeners.delete(workspaceId)
    }
  }

  publish(workspaceId: string, event: InboxEvent): void {
    for (const listener of this.#listeners.get(workspaceId) ?? []) {
      try {
        listener(event)
      } catch {
        // A listener that fails (a closed stream) must not stop the others or the writer.
      }
    }
  }

  /** Ends every subscription (server shutdown). */
  close(): void {
    for (const close of [...this.#closers]) close()
    this.#closers.clear()
  }

  listenerCount(workspaceId: string): number {
    return this.#listeners.get(workspaceId)?.size ?? 0
  }
}

const buses = new WeakMap<Murmur, InboxEvents>()

export function inboxEvents(murmur: Murmur): InboxEvents {
  let bus = buses.get(murmur)
  if (!bus) {
    bus = new InboxEvents()
    buses.set(murmur, bus)
  }
  return bus
}
