import { EmailOutbox } from './email/outbox-worker.js'
import { InboxSync } from './engagement/inbox-sync.js'
import { DigestSender } from './jobs/digest-sender.js'
import { FeedPoller } from './jobs/feed-poller.js'
import { MetricsSync } from './jobs/metrics-sync.js'
import { Scheduler } from './jobs/scheduler.js'
import { WebhookDispatcher } from './jobs/webhook-dispatcher.js'
import type { Murmur } from './murmur.js'
import { ChannelRenewal } from './services/channel-renewal.js'
import { RewardsWatcher } from './services/rewards-watcher.js'

export interface BackgroundWork {
  stop(): Promise<void>
}

/**
 * The periodic work of a Murmur process: publishing scheduled posts,
 * reading mentions into the inbox, reading the numbers of published posts
 * (metrics sync). `murmur start` runs it beside the web
 * server (unless MURMUR_SCHEDULER=off); `murmur worker` runs only this, so
 * several workers can share the load on PostgreSQL.
 */
export function startBackgroundWork(murmur: Murmur): BackgroundWork {
  const scheduler = new Scheduler(murmur)
  // Renews the tokens of channels nothing is published to, before they end.
  const channelRenewal = new ChannelRenewal(murmur)
  const inboxSync = new InboxSync(murmur)
  const feedPoller = new FeedPoller(murmur)
  const metricsSync = new MetricsSync(murmur)
  // Marks advocates' rewards due as clicks and conversions arrive.
  const rewards = new RewardsWatcher(murmur)
  // Sends webhook events to the workspaces' endpoints, with retries.
  const webhooks = new WebhookDispatcher(murmur)
  // Sends queued email (digests, approvals) with retries; makes each due digest once.
  const emailOutbox = new EmailOutbox(murmur)
  const digests = new DigestSender(murmur)
  scheduler.start()
  channelRenewal.start()
  inboxSync.start()
  feedPoller.start()
  metricsSync.start()
  rewards.start()
  webhooks.start()
  emailOutbox.start()
  digests.start()
  return {
    async stop() {
      await feedPoller.stop()
      await Promise.all([
        scheduler.stop(),
        channelRenewal.stop(),
        inboxSync.stop(),
        metricsSync.stop(),
        rewards.stop(),
        webhooks.stop(),
        emailOutbox.stop(),
        digests.stop(),
      ])
    },
  }
}
