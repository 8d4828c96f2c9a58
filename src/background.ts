import { InboxSync } from './engagement/inbox-sync.js'
import { Scheduler } from './jobs/scheduler.js'
import type { Murmur } from './murmur.js'

export interface BackgroundWork {
  stop(): Promise<void>
}

/**
 * The periodic work of a Murmur process: publishing scheduled posts and
 * reading mentions into the inbox. `murmur start` runs it beside the web
 * server (unless MURMUR_SCHEDULER=off); `murmur worker` runs only this, so
 * several workers can share the load on PostgreSQL.
 */
export function startBackgroundWork(murmur: Murmur): BackgroundWork {
  const scheduler = new Scheduler(murmur)
  const inboxSync = new InboxSync(murmur)
  scheduler.start()
  inboxSync.start()
  return {
    async stop() {
      await Promise.all([scheduler.stop(), inboxSync.stop()])
    },
  }
}
