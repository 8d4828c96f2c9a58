import { type ClaimedDelivery, renewLeases } from '../../jobs/delivery-leases.js'
import { type PublishOutcome, publishDelivery } from '../../jobs/publish-delivery.js'
import { defaultSchedulerOptions } from '../../jobs/scheduler-options.js'
import type { Murmur } from '../../murmur.js'
import { networksOf } from '../../services/publishing-networks.js'

/**
 * Publishes the given deliveries from this process, now, through the scheduler's own job: the
 * same lease, the same "start recorded before the network is called", the same honest outcomes.
 * The claim takes only rows still scheduled and not leased, so a running `murmur start` or
 * `murmur worker` that got to one first keeps it, and nothing is sent twice.
 */
export async function publishNow(
  murmur: Murmur,
  deliveryIds: string[],
): Promise<Map<string, PublishOutcome>> {
  const options = defaultSchedulerOptions(murmur.config, { workerId: `cli:${process.pid}` })
  const now = murmur.now()
  const claimed: ClaimedDelivery[] = deliveryIds.length
    ? await murmur.db
        .updateTable('deliveries')
        .set({ lease_owner: options.workerId, lease_expires_at: now + options.claimLeaseMs })
        .where('id', 'in', deliveryIds)
        .where('state', '=', 'scheduled')
        .where('next_attempt_at', '<=', now)
        .where((eb) =>
          eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]),
        )
        .returning([
          'id',
          'workspace_id',
          'post_id',
          'channel_id',
          'network',
          'scheduled_at',
          'next_attempt_at',
        ])
        .execute()
    : []
  const outcomes = new Map<string, PublishOutcome>()
  const networks = networksOf(murmur)
  // Keep the leases fresh like a scheduler's tick does, so a slow network call is not mistaken
  // for an interrupted one by another process.
  const renew = setInterval(() => {
    const ids = claimed.map((d) => d.id).filter((id) => !outcomes.has(id))
    void renewLeases(murmur, options.workerId, ids, options.publishLeaseMs).catch(() => undefined)
  }, options.publishLeaseMs / 4)
  try {
    // Different channels go out side by side, like the scheduler does.
    await Promise.all(
      claimed.map(async (delivery) => {
        outcomes.set(delivery.id, await publishDelivery(murmur, networks, options, delivery))
      }),
    )
  } finally {
    clearInterval(renew)
  }
  return outcomes
}
