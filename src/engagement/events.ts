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

  subscribe(workspaceId: string, listener: InboxListener): () => void {
    let set = this.#listeners.get(workspaceId)
    if (!set) {
      set = new Set()
      this.#listeners.set(workspaceId, set)
    }
    set.add(listener)
    return () => {
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
